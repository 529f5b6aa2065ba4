// A node as plain data, for small structures such as configuration and HelmChart values.
// Scalars are strings unless the caller resolves them (as YAML 1.1 does for values).

import { NeedsFullParse, type ScalarNode, type YNode } from './nodes';

export type Tree<S> = S | Tree<S>[] | { [key: string]: Tree<S> };
export type PlainValue = Tree<string | null>;

export function toPlain(node: YNode): PlainValue;
export function toPlain<S>(node: YNode, scalar: (node: ScalarNode) => S): Tree<S>;
export function toPlain<S>(node: YNode, scalar: (node: ScalarNode) => S = (n) => n.value as S): Tree<S> {
  switch (node.type) {
    case 'scalar':
      return scalar(node);
    case 'seq':
      return node.items().map((item) => toPlain(item, scalar));
    case 'map':
      return Object.fromEntries(node.entries().map((e) => [e.key, toPlain(e.value, scalar)]));
    case 'opaque':
      throw new NeedsFullParse(node.what);
  }
}
