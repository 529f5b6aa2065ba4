// The full parser path: compose a document with `yaml` and expose it through the same node
// model as the fast scanner. Used for documents outside the scanner's subset, JSON beyond plain
// JSON (json.ts), --validate, and to report malformed YAML with a precise position. Loaded on demand (see document.ts).

import { isAlias, isMap, isScalar, isSeq, parseDocument, visit, type Alias, type Document, type Node, type Scalar } from 'yaml';
import { mapGet, plainScalarValue, type MapEntry, type MapNode, type ScalarNode, type ScalarStyle, type Span, type YNode } from './nodes';

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
    const message = error.message.includes('Maximum call stack size')
      ? 'the document nests too deeply to read'
      : error.code === 'MULTIPLE_DOCS'
        ? 'a second document starts here: put a --- line between documents'
        : error.message.split('\n')[0]!;
    return { ok: false, error: { message, offset: error.pos[0] } };
  }
  // A document of comments only has a null scalar as its contents.
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return { ok: true, root: null };
  try {
    return { ok: true, root: toNode(doc.contents as Node, { text, ...aliasTargets(doc), shared: new Map() }, 0) };
  } catch (e) {
    if (e instanceof ComposeError) return { ok: false, error: { message: e.message, offset: e.offset } };
    throw e;
  }
}

/** What each alias refers to: the last node before it with its anchor, as Alias.resolve() finds. */
type Aliases = ReadonlyMap<Alias, Node>;

interface Context {
  text: string;
  aliases: Aliases;
  /** Where each anchored scalar's aliases are. */
  aliasSites: ReadonlyMap<Node, Span[]>;
  /** The nodes made for alias targets: every alias to one anchor shares one, so that nested aliases (a "billion laughs") cost no more than their text. */
  shared: Map<Node, YNode>;
}

// One pass for the whole document: yaml's Alias.resolve() searches the document again for each
// alias, which makes a list of many aliased items quadratic.
function aliasTargets(doc: Document): Pick<Context, 'aliases' | 'aliasSites'> {
  const anchors = new Map<string, Node>();
  const aliases = new Map<Alias, Node>();
  const aliasSites = new Map<Node, Span[]>();
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target === undefined) return;
        aliases.set(node, target);
        if (!isScalar(target)) return;
        const sites = aliasSites.get(target);
        if (sites) sites.push(aliasSpan(node));
        else aliasSites.set(target, [aliasSpan(node)]);
      } else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  return { aliases, aliasSites };
}

function aliasSpan(alias: Alias): Span {
  const start = alias.range?.[0] ?? 0;
  return { start, end: start + 1 + alias.source.length };
}

function resolveAlias(node: Node, aliases: Aliases): Node {
  const target = isAlias(node) ? aliases.get(node) : node;
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

function toNode(node: Node, cx: Context, depth: number): YNode {
  if (depth > 200) throw new ComposeError('aliases nested too deep', node.range?.[0] ?? 0);
  if (isAlias(node)) {
    const target = resolveAlias(node, cx.aliases);
    let shared = cx.shared.get(target);
    if (shared === undefined) cx.shared.set(target, (shared = toNode(target, cx, depth + 1)));
    // An alias of a scalar is that value where the alias is, so a new value is written there.
    return shared.type === 'scalar' ? { type: 'scalar', ...aliasSpan(node), style: 'plain', value: shared.value } : shared;
  }
  const text = cx.text;
  const [start, rangeEnd] = node.range ?? [0, 0];
  // yaml's ranges of block nodes reach over trailing newlines and comments; ours end at content.
  const end = contentEnd(text, start, rangeEnd);
  if (isScalar(node)) {
    const scalar: ScalarNode = { type: 'scalar', start, end, style: STYLES[node.type ?? 'PLAIN'] ?? 'plain', value: scalarValue(node, text, start, end) };
    const aliases = cx.aliasSites.get(node);
    return aliases ? { ...scalar, aliases } : scalar;
  }
  if (isSeq(node)) {
    const items = node.items.map((item) => toNode(item as Node, cx, depth + 1));
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
        merged.push(...mergeSources(pair.value as Node, cx.aliases).flatMap((source) => (toNode(source, cx, depth + 1) as MapNode).entries()));
        continue;
      }
      const keyStart = pair.key.range?.[0] ?? start;
      const value = pair.value === null ? nullAt(pair.key.range?.[1] ?? start) : toNode(pair.value as Node, cx, depth + 1);
      entries.push({ key: String(pair.key.value), keyStart, value });
    }
    const flow = node.flow === true;
    const indent = flow ? -1 : keyColumn(text, entries[0]?.keyStart ?? start);
    const map: MapNode = { type: 'map', start, end, flow, indent, entries: () => entries, get: (key) => mapGet(entries, key) };
    // Merged keys never override the mapping's own, and the first source wins among sources.
    for (const entry of merged) {
      if (entries.some((e) => e.key === entry.key)) continue;
      const value = entry.value;
      entries.push(value.type === 'scalar' ? { ...entry, value: { ...value, mergedInto: { key: entry.key, map: () => map } } } : entry);
    }
    return map;
  }
  return { type: 'opaque', start, end, what: 'an unknown node' };
}

/**
 * The column of a block mapping's keys: where its first line's content starts, past `- `
 * indicators. yaml's key range starts after an anchor or tag (`&a key:`), which is not it.
 */
function keyColumn(text: string, keyStart: number): number {
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  let i = lineStart;
  for (;;) {
    while (text.charCodeAt(i) === 0x20) i++;
    if (text.charCodeAt(i) !== 0x2d || !/[ \t]/.test(text[i + 1] ?? '') || i >= keyStart) return i - lineStart;
    i++;
  }
}

function mergeSources(value: Node, aliases: Aliases): Node[] {
  const sources = isSeq(value) ? (value.items as Node[]).map((item) => resolveAlias(item, aliases)) : [resolveAlias(value, aliases)];
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
    const c = text.charCodeAt(i - 1);
    if (c === 0x0a || c === 0x0d || c === 0x20 || c === 0x09) {
      i--;
      continue;
    }
    // Back to the start of the line, but never past the node's: on a one-line JSON input a
    // search through the whole text for each node would make reading it quadratic.
    let lineStart = i - 1;
    while (lineStart > start && text.charCodeAt(lineStart - 1) !== 0x0a) lineStart--;
    if (lineStart <= start) return i;
    let first = lineStart;
    while (text.charCodeAt(first) === 0x20 || text.charCodeAt(first) === 0x09) first++;
    if (text.charCodeAt(first) !== 0x23) return i;
    i = lineStart;
  }
  return i;
}
