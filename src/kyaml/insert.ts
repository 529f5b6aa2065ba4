// Adding to existing YAML without re-serialising it: a new entry at the end of a mapping, a new
// item at the end of a sequence, new resources in a stream or ResourceList. Block collections
// get lines in their own indentation style; flow collections (and JSON) get JSON text.

import { YamlDocument } from './document';
import { toBlockYaml, type Plain } from './emit';
import type { MapNode, SeqNode, YNode } from './nodes';
import type { Package } from './read';

export function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** Where a sequence under a key of `map` starts, relative to the map's keys (0 = compact style). */
function sequenceOffset(doc: YamlDocument, map: MapNode): number {
  for (const entry of map.entries()) {
    const v = entry.value;
    // Merged (`<<`) entries live elsewhere in the document: only the map's own lines tell its style.
    if (v.type === 'seq' && !v.flow && v.start > map.start && v.start < map.end) return Math.max(0, columnOf(doc.text, v.start) - map.indent);
  }
  return 0;
}

/** The document's own line break, so that added lines match the rest (CRLF files stay CRLF). */
export function withLineBreaks(doc: YamlDocument, text: string): string {
  return doc.usesCrlf() ? text.replace(/\n/g, '\r\n') : text;
}

export function addEntry(doc: YamlDocument, map: MapNode, key: string, value: Plain): void {
  if (map.flow) return insertInFlow(doc, map, `${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  const pad = ' '.repeat(map.indent);
  const block =
    Array.isArray(value) && value.length > 0
      ? `${key}:\n${toBlockYaml(value, map.indent + sequenceOffset(doc, map))}`
      : value !== null && typeof value === 'object' && Object.keys(value).length > 0
        ? `${key}:\n${toBlockYaml(value, map.indent + 2)}`
        : toBlockYaml({ [key]: value }, 0);
  const at = afterKeptLines(doc.text, map);
  doc.edit(at, at, withLineBreaks(doc, `\n${pad}${block.trimEnd()}`));
}

export function appendItem(doc: YamlDocument, seq: SeqNode, value: Plain): void {
  if (seq.flow) return insertInFlow(doc, seq, JSON.stringify(value));
  const col = columnOf(doc.text, seq.start);
  const at = afterKeptLines(doc.text, seq);
  doc.edit(at, at, withLineBreaks(doc, `\n${toBlockYaml([value], col).trimEnd()}`));
}

const KEEP_HEADER = /^(?:[&!]\S*[ \t]+)*[|>](?:[1-9]?\+|\+[1-9])/;
const KEEP_INDICATOR = /[|>](?:[1-9]?\+|\+[1-9])/;

/**
 * Where lines added at the end of a block collection go. A keep-chomping block scalar (`|+`,
 * `>+`) that ends the collection owns the blank lines after its text: the new lines go after
 * them, or the scalar's value would lose its trailing line breaks.
 */
function afterKeptLines(text: string, node: MapNode | SeqNode): number {
  // Reading the tree down to the last scalar costs more than looking for a keep indicator at all.
  if (!KEEP_INDICATOR.test(text.slice(node.start, node.end))) return node.end;
  const leaf = lastLeaf(node);
  const headerEnd = text.indexOf('\n', leaf.start);
  if (!KEEP_HEADER.test(text.slice(leaf.start, headerEnd < 0 ? text.length : headerEnd))) return node.end;
  let at = node.end;
  for (;;) {
    const lineEnd = text.indexOf('\n', at);
    if (lineEnd < 0) return at;
    const next = text.indexOf('\n', lineEnd + 1);
    // The text's last line, without a line break, is the scalar's when its blanks reach past the
    // indentation of its text (taken from the scalar's last line).
    if (next < 0) return /^ *$/.test(text.slice(lineEnd + 1)) && text.length - lineEnd - 1 > lineIndent(text, node.end) ? text.length : at;
    if (!/^[ \t\r]*$/.test(text.slice(lineEnd + 1, next))) return at;
    at = text[next - 1] === '\r' ? next - 1 : next;
  }
}

function lineIndent(text: string, offset: number): number {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let i = start;
  while (text.charCodeAt(i) === 0x20) i++;
  return i - start;
}

/** The node whose text ends `node`: its last child's, down to a scalar (merged entries live elsewhere). */
function lastLeaf(node: YNode): YNode {
  for (;;) {
    const children = node.type === 'map' ? node.entries().map((e) => e.value) : node.type === 'seq' ? node.items() : [];
    let last: YNode | undefined;
    for (const child of children) if (child.start >= node.start && child.end <= node.end && (last === undefined || child.end > last.end)) last = child;
    if (last === undefined || last === node) return node;
    node = last;
  }
}

/** A null value (`key:`, `key: ~`, `key: # note`) becomes a flow value, the comment kept. */
export function replaceNull(doc: YamlDocument, node: YNode, value: Plain): void {
  const space = doc.text[node.start - 1] === ':' ? ' ' : '';
  const beforeComment = doc.text[node.end] === '#' ? ' ' : '';
  doc.edit(node.start, node.end, `${space}${JSON.stringify(value)}${beforeComment}`);
}

function insertInFlow(doc: YamlDocument, node: MapNode | SeqNode, json: string): void {
  const close = node.end - 1;
  const before = doc.text.slice(node.start + 1, close).trimEnd();
  const at = node.start + 1 + before.length;
  const empty = node.type === 'map' ? node.entries().length === 0 : node.items().length === 0;
  doc.edit(at, at, `${empty ? '' : ', '}${json}`);
}

const DIRECTIVES_FIRST = /^(?:[ \t]*(?:#.*)?\r?\n)*%/;
const COMMENTS_ONLY = /^(?:[ \t]*(?:#.*)?(?:\r?\n|$))*$/;

/** Whether the stream's first content comes after directives (`%YAML 1.2`), which may only follow a document that `...` ends. */
function directivesFirst(documents: readonly YamlDocument[]): boolean {
  for (const doc of documents) {
    if (DIRECTIVES_FIRST.test(doc.text)) return true;
    if (!COMMENTS_ONLY.test(doc.text)) return false;
  }
  return false;
}

/**
 * New resources: leading documents of a YAML stream, last items of a ResourceList or of a
 * JSON List; a single JSON resource becomes a JSON List around its untouched bytes, so JSON
 * stays JSON.
 */
export function addResources(pkg: Package, resources: Plain[], source: string): void {
  if (resources.length === 0) return;
  const doc = pkg.form === 'resource-list' ? pkg.listDocument! : pkg.documents[0];
  if (pkg.form === 'resource-list' || (pkg.json && doc)) {
    doc!.read((root) => {
      const items = root.get('items');
      if (items?.type === 'seq') for (const r of resources) appendItem(doc!, items, r);
      else if (items?.type === 'scalar' && items.value === null) replaceNull(doc!, items, resources);
      else {
        doc!.edit(root.start, root.start, `{"apiVersion": "v1", "kind": "List", "items": [${resources.map((r) => JSON.stringify(r)).join(', ')}, `);
        doc!.edit(root.end, root.end, ']}');
      }
    });
    return;
  }
  const first = doc?.text ?? '';
  const after = first === '' || first.startsWith('---') ? '' : directivesFirst(pkg.documents) ? '...\n' : '---\n';
  const text = resources.map((r) => `---\n# Source: ${source}\n${toBlockYaml(r)}`).join('') + after;
  pkg.documents.unshift(new YamlDocument(first.includes('\r\n') ? text.replace(/\n/g, '\r\n') : text, 0));
}
