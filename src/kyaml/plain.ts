// A node as plain data, for small structures such as configuration.

import { NeedsFullParse, type YNode } from './nodes';

export type PlainValue = string | null | PlainValue[] | { [key: string]: PlainValue };

export function toPlain(node: YNode): PlainValue {
  switch (node.type) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items().map(toPlain);
    case 'map':
      return Object.fromEntries(node.entries().map((e) => [e.key, toPlain(e.value)]));
    case 'opaque':
      throw new NeedsFullParse(node.what);
  }
}
