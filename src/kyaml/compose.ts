// The full parser path: compose a document with `yaml` and expose it through the same node
// model as the fast scanner. Used for JSON input, for documents outside the scanner's subset,
// and to report malformed YAML with a precise position. Loaded on demand (see document.ts).

import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Scalar } from 'yaml';
import { mapGet, plainScalarValue, type MapEntry, type MapNode, type ScalarStyle, type YNode } from './nodes';

export interface ComposeFailure {
  message: string;
  offset: number;
}

export type Composed = { ok: true; root: YNode | null } | { ok: false; error: ComposeFailure };

/** A problem found while turning the parsed document into nodes. */
class ComposeError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function composeDocument(text: string): Composed {
  // merge: Kubernetes reads YAML 1.1 merge keys (`<<: *base`), so they must count here too.
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true, merge: true });
  const error = doc.errors[0];
  if (error) {
    // yaml reports running out of stack as an error of the document: say what it means.
    const message = error.message.includes('Maximum call stack size') ? 'the document nests too deeply to read' : error.message.split('\n')[0]!;
    return { ok: false, error: { message, offset: error.pos[0] } };
  }
  // A document of comments only has a null scalar as its contents.
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return { ok: true, root: null };
  try {
    return { ok: true, root: toNode(doc.contents as Node, doc, text, 0) };
  } catch (e) {
    if (e instanceof ComposeError) return { ok: false, error: { message: e.message, offset: e.offset } };
    throw e;
  }
}

function resolveAlias(node: Node, doc: Document): Node {
  const target = isAlias(node) ? (node.resolve(doc) as Node | undefined) : node;
  if (target === undefined) throw new ComposeError(`alias *${isAlias(node) ? node.source : ''} refers to no anchor`, node.range?.[0] ?? 0);
  return target;
}

const STYLES: Record<string, ScalarStyle> = {
  PLAIN: 'plain',
  QUOTE_DOUBLE: 'double',
  QUOTE_SINGLE: 'single',
  BLOCK_LITERAL: 'block',
  BLOCK_FOLDED: 'block',
};

function toNode(node: Node, doc: Document, text: string, depth: number): YNode {
  if (depth > 200) throw new ComposeError('aliases nested too deep', node.range?.[0] ?? 0);
  if (isAlias(node)) return toNode(resolveAlias(node, doc), doc, text, depth + 1);
  const [start, rangeEnd] = node.range ?? [0, 0];
  // yaml's ranges of block nodes reach over trailing newlines and comments; ours end at content.
  const end = contentEnd(text, start, rangeEnd);
  if (isScalar(node)) return { type: 'scalar', start, end, style: STYLES[node.type ?? 'PLAIN'] ?? 'plain', value: scalarValue(node, text, start, end) };
  if (isSeq(node)) {
    const items = node.items.map((item) => toNode(item as Node, doc, text, depth + 1));
    return { type: 'seq', start, end, flow: node.flow === true, items: () => items };
  }
  if (isMap(node)) {
    const entries: MapEntry[] = [];
    const merged: MapEntry[] = [];
    for (const pair of node.items) {
      if (!isScalar(pair.key) || pair.key.value === null) continue;
      // With `merge`, yaml gives a merge key a symbol for its value.
      const keyValue: unknown = pair.key.value;
      if ((typeof keyValue === 'symbol' ? keyValue.description : keyValue) === '<<' && pair.value) {
        merged.push(...mergeSources(pair.value as Node, doc).flatMap((source) => (toNode(source, doc, text, depth + 1) as MapNode).entries()));
        continue;
      }
      const keyStart = pair.key.range?.[0] ?? start;
      const value = pair.value === null ? nullAt(pair.key.range?.[1] ?? start) : toNode(pair.value as Node, doc, text, depth + 1);
      entries.push({ key: String(pair.key.value), keyStart, value });
    }
    // Merged keys never override the mapping's own, and the first source wins among sources.
    for (const entry of merged) if (!entries.some((e) => e.key === entry.key)) entries.push(entry);
    const flow = node.flow === true;
    const first = entries[0]?.keyStart ?? start;
    const indent = flow ? -1 : first - (text.lastIndexOf('\n', first - 1) + 1);
    return { type: 'map', start, end, flow, indent, entries: () => entries, get: (key) => mapGet(entries, key) };
  }
  return { type: 'opaque', start, end, what: 'an unknown node' };
}

function mergeSources(value: Node, doc: Document): Node[] {
  const sources = isSeq(value) ? (value.items as Node[]).map((item) => resolveAlias(item, doc)) : [resolveAlias(value, doc)];
  for (const source of sources) if (!isMap(source)) throw new ComposeError('a merge key (<<) must refer to mappings', value.range?.[0] ?? 0);
  return sources;
}

function scalarValue(node: Scalar, text: string, start: number, end: number): string | null {
  if (node.type === 'PLAIN' || node.type === undefined) {
    const source = text.slice(start, end);
    return source.includes('\n') ? (node.value === null ? null : String(node.value)) : plainScalarValue(source);
  }
  return node.value === null ? null : String(node.value);
}

function nullAt(offset: number): YNode {
  return { type: 'scalar', start: offset, end: offset, style: 'plain', value: null };
}

function contentEnd(text: string, start: number, end: number): number {
  let i = end;
  while (i > start) {
    const c = text[i - 1]!;
    if (c === '\n' || c === '\r' || c === ' ' || c === '\t') {
      i--;
      continue;
    }
    const lineStart = text.lastIndexOf('\n', i - 1) + 1;
    if (lineStart <= start || text.slice(lineStart, i).trimStart()[0] !== '#') return i;
    i = lineStart;
  }
  return i;
}
