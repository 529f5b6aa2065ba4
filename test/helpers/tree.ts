// Turn a node tree into plain data with scalar positions, so trees from the fast scanner and
// from the full parser can be compared field by field.

import type { YNode } from '../../src/kyaml/nodes';

export type Shape = null | string | { at: [number, number]; value: string | null; style: string } | Shape[] | { [key: string]: Shape };

export function shapeOf(node: YNode): Shape {
  switch (node.type) {
    case 'scalar':
      return { at: [node.start, node.end], value: node.value, style: node.style };
    case 'seq':
      return { '@seq': node.items().map(shapeOf), '@end': String(node.end) };
    case 'map':
      return { ...Object.fromEntries(node.entries().map((e) => [e.key, shapeOf(e.value)])), '@end': String(node.end) };
    case 'opaque':
      return `opaque: ${node.what}`;
  }
}

/** Where the fast tree and the full tree disagree (the fast scanner's opaque nodes agree with anything). */
export function disagreement(fast: Shape, full: Shape, path = ''): string | undefined {
  if (typeof fast === 'string' && fast.startsWith('opaque:')) return undefined;
  if (Array.isArray(fast) || Array.isArray(full)) {
    if (!Array.isArray(fast) || !Array.isArray(full) || fast.length !== full.length) return `${path}: ${JSON.stringify(fast)} vs ${JSON.stringify(full)}`;
    for (let i = 0; i < fast.length; i++) {
      const d = disagreement(fast[i]!, full[i]!, `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (fast && full && typeof fast === 'object' && typeof full === 'object' && !('at' in fast) && !('at' in full)) {
    const keys = Object.keys(fast);
    if (keys.join('\n') !== Object.keys(full).join('\n')) return `${path}: keys ${keys} vs ${Object.keys(full)}`;
    for (const k of keys) {
      const d = disagreement((fast as Record<string, Shape>)[k]!, (full as Record<string, Shape>)[k]!, `${path}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return JSON.stringify(fast) === JSON.stringify(full) ? undefined : `${path}: ${JSON.stringify(fast)} vs ${JSON.stringify(full)}`;
}
