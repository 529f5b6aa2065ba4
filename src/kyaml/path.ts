// Field paths as data, in kustomize's fieldSpec syntax: `spec/template/spec/containers[]/image`.
// `[]` walks every item of a sequence. Built-in image locations and user-supplied ones go
// through the same lookup.

import { InputError } from './errors';
import { NeedsFullParse, describeNode, type YNode } from './nodes';

export interface PathSegment {
  key: string;
  each: boolean;
}

export interface FieldPath {
  readonly text: string;
  readonly segments: readonly PathSegment[];
}

export interface FieldMatch {
  node: YNode;
  /** Where it was found, kyaml style: `spec.template.spec.containers[0].image`. */
  path: string;
}

const SEGMENT = /^([^[\]/]+)(\[\])?$/;

export function parseFieldPath(text: string): FieldPath {
  const problem = fieldPathProblem(text);
  if (problem) throw new InputError(problem);
  const segments = text.split('/').map((part) => {
    const m = SEGMENT.exec(part)!;
    return { key: m[1]!, each: m[2] !== undefined };
  });
  return { text, segments };
}

export function fieldPathProblem(text: string): string | undefined {
  return text.split('/').every((part) => SEGMENT.test(part))
    ? undefined
    : `invalid field path '${text}': expected keys separated by '/', with '[]' after a key for every item of a sequence`;
}

export function joinFieldPaths(...paths: FieldPath[]): FieldPath {
  return { text: paths.map((p) => p.text).join('/'), segments: paths.flatMap((p) => p.segments) };
}

/** Every node at `path` under `root`. Missing and null fields match nothing; wrong types are errors. */
export function lookup(root: YNode, path: FieldPath): FieldMatch[] {
  const found: FieldMatch[] = [];
  descend(root, path.segments, 0, [], found);
  return found;
}

// Paths are spelled out only for matches and errors: most steps of a lookup lead nowhere.
function descend(node: YNode, segments: readonly PathSegment[], depth: number, indices: number[], found: FieldMatch[]): void {
  if (depth === segments.length) {
    found.push({ node, path: pathText(segments, depth, indices) });
    return;
  }
  const map = expect(node, 'map', 'a mapping', () => pathText(segments, depth, indices) || '(root)');
  if (!map) return;
  const { key, each } = segments[depth]!;
  const child = map.get(key);
  if (child === undefined) return;
  if (!each) return descend(child, segments, depth + 1, indices, found);
  const seq = expect(child, 'seq', 'a sequence', () => pathText(segments, depth + 1, indices));
  if (!seq) return;
  const items = seq.items();
  for (let i = 0; i < items.length; i++) {
    indices.push(i);
    descend(items[i]!, segments, depth + 1, indices, found);
    indices.pop();
  }
}

/** kyaml's spelling of the first `depth` segments: `spec.containers[0].image`. */
function pathText(segments: readonly PathSegment[], depth: number, indices: readonly number[]): string {
  let text = '';
  let next = 0;
  for (let s = 0; s < depth; s++) {
    text += s === 0 ? segments[s]!.key : `.${segments[s]!.key}`;
    if (segments[s]!.each && next < indices.length) text += `[${indices[next++]}]`;
  }
  return text;
}

function expect<T extends 'map' | 'seq'>(node: YNode, type: T, expected: string, field: () => string): Extract<YNode, { type: T }> | undefined {
  if (node.type === type) return node as Extract<YNode, { type: T }>;
  if (node.type === 'opaque') throw new NeedsFullParse(node.what);
  if (node.type === 'scalar' && node.value === null) return undefined;
  throw new InputError(`expected ${expected}, found ${describeNode(node)}`, { field: field() }, node.start);
}
