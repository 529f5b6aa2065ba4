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
  let frontier: FieldMatch[] = [{ node: root, path: '' }];
  for (const { key, each } of path.segments) {
    const next: FieldMatch[] = [];
    for (const at of frontier) {
      const map = expect(at, 'map', 'a mapping');
      if (!map) continue;
      const child = map.get(key);
      if (child === undefined) continue;
      const childPath = at.path ? `${at.path}.${key}` : key;
      if (!each) {
        next.push({ node: child, path: childPath });
        continue;
      }
      const seq = expect({ node: child, path: childPath }, 'seq', 'a sequence');
      if (!seq) continue;
      seq.items().forEach((item, i) => next.push({ node: item, path: `${childPath}[${i}]` }));
    }
    frontier = next;
  }
  return frontier;
}

function expect<T extends 'map' | 'seq'>(at: FieldMatch, type: T, expected: string): Extract<YNode, { type: T }> | undefined {
  const { node } = at;
  if (node.type === type) return node as Extract<YNode, { type: T }>;
  if (node.type === 'opaque') throw new NeedsFullParse(node.what);
  if (node.type === 'scalar' && node.value === null) return undefined;
  throw new InputError(`expected ${expected}, found ${describeNode(node)}`, { field: at.path || '(root)' }, node.start);
}
