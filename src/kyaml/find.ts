// The scalars at a set of field paths, found straight from the line index without building a
// tree: one walk per document over only the lines on those paths. Most documents of a
// rendered stream are plain block YAML, and for them this answers what lookup() over the lazy
// tree answers (test/kyaml/find.test.ts checks it, and the tree against the `yaml` package).
// Anything else (quoted keys, anchors, multi-line or flow values on a path, a field of the
// wrong type) makes it answer undefined: the caller then asks the tree, which knows the
// full rules and gives the errors.

import { DocumentLines, charTable } from './cursor';
import { CR, DQUOTE, HASH, SQUOTE, type Place } from './lines';
import { NeedsFullParse, plainScalarValue, type ScalarNode } from './nodes';
import type { FieldPath } from './path';

/** Field paths merged on their common prefixes. */
export interface PathTrie {
  readonly paths: readonly FieldPath[];
  readonly root: TrieNode;
}

interface TrieNode {
  readonly edges: readonly TrieEdge[];
}

interface TrieEdge {
  readonly key: string;
  /** The key holds a sequence whose every item goes on along the path. */
  readonly each: boolean;
  /** Indexes of the paths that end here. */
  readonly ends: number[];
  /** Indexes of the paths that end here and only ask whether the key is present. */
  readonly probes: number[];
  next: TrieNode | undefined;
}

export interface FoundScalar {
  /** Index of the path in the list the trie was built from. */
  path: number;
  /** A scalar node (offsets into the document), or null for a probe. */
  node: ScalarNode | null;
  /** kyaml's spelling of where it is: `spec.containers[0].image`. */
  field: string;
}

/**
 * A trie over `paths`; a path in `probes` matches whenever its key is present, whatever the
 * value, which is then not read.
 */
export function pathTrie(paths: readonly FieldPath[], probes: ReadonlySet<number> = new Set()): PathTrie {
  const root: { edges: TrieEdge[] } = { edges: [] };
  paths.forEach((path, index) => {
    let node = root;
    path.segments.forEach((segment, depth) => {
      let edge = node.edges.find((e) => e.key === segment.key && e.each === segment.each);
      if (!edge) node.edges.push((edge = { key: segment.key, each: segment.each, ends: [], probes: [], next: undefined }));
      if (depth === path.segments.length - 1) (probes.has(index) ? edge.probes : edge.ends).push(index);
      else node = (edge.next ??= { edges: [] }) as { edges: TrieEdge[] };
    });
  });
  return { paths, root };
}

/**
 * The scalars at the trie's paths in the document at `place` in the indexed input, in
 * document order; null for a document with no content; undefined when only the tree can tell.
 */
export function findScalars(place: Place, trie: PathTrie): FoundScalar[] | null | undefined {
  try {
    return new Walk(place).all(trie);
  } catch (e) {
    if (e instanceof NeedsFullParse) return undefined;
    throw e;
  }
}

/** A block mapping inside a document: its first key at offset `first` on `line`, keys at column `indent`, its parent's column `parent`. */
export interface BlockStart {
  readonly first: number;
  readonly line: number;
  readonly indent: number;
  readonly parent: number;
}

/** findScalars() for a block mapping inside the document, such as a List's item; paths are relative to it. */
export function findScalarsIn(place: Place, map: BlockStart, trie: PathTrie): FoundScalar[] | undefined {
  try {
    return new Walk(place).from(map, trie);
  } catch (e) {
    if (e instanceof NeedsFullParse) return undefined;
    throw e;
  }
}

class Walk extends DocumentLines {
  private readonly found: FoundScalar[] = [];

  all(trie: PathTrie): FoundScalar[] | null | undefined {
    const first = this.rootLine();
    if (first < 0) return null;
    return this.map(this.starts[first]!, first, 0, -1, trie.root, '') ? this.found : undefined;
  }

  from(map: BlockStart, trie: PathTrie): FoundScalar[] | undefined {
    return this.map(map.first, map.line, map.indent, map.parent, trie.root, '') ? this.found : undefined;
  }

  /**
   * Walk the block mapping whose first key is at `at` on `line`, keys at column `indent`, its
   * parent (key or dash) at column `parent`. False when the document is outside what this
   * walk reads.
   */
  private map(at: number, line: number, indent: number, parent: number, trie: TrieNode, prefix: string): boolean {
    const { t, starts, cols } = this;
    const edges = trie.edges;
    let matched = 0;
    for (;;) {
      // The key: plain, ending at the first `:` followed by a space or the line's end.
      const lineEnd = this.lines.end(line);
      const colon = this.plainKeyColon(at, lineEnd);
      if (colon < 0) return false;
      const keyEnd = this.trimmedEnd(at, colon);
      if (keyEnd - at === 2 && t.startsWith('<<', at)) return false;

      const valueAt = this.skipSpace(colon + 1);
      const v = t.charCodeAt(valueAt);
      const onNextLines = valueAt >= lineEnd || v === CR || v === HASH;
      // A quoted value may go on over deeper lines; the entry then ends on its closing line.
      let valueLine = line;
      if (!onNextLines && (v === DQUOTE || v === SQUOTE || v === 0x5b || v === 0x7b) && this.closeOnLine(valueAt, lineEnd) < 0) {
        if (v === 0x5b || v === 0x7b) return false;
        const close = this.closingQuote(valueAt);
        if (close < 0) return false;
        valueLine = this.lines.lineAt(close);
        if (this.notDeeper(line + 1, indent) <= valueLine) return false;
      }

      // The line after this entry's value (past a compact sequence at this column).
      let next = this.notDeeper(valueLine + 1, indent);
      if (onNextLines && next === this.contentFrom(line + 1)) while (next < this.endLine && this.isSeqLine(next, indent)) next = this.notDeeper(next + 1, indent);
      if (!onNextLines && v !== 0x7c && v !== 0x3e && this.deeperLinesBefore(next, valueLine)) return false;

      // Every edge for this key (`x` and `x[]` are two).
      for (let e = 0; e < edges.length; e++) {
        const edge = edges[e]!;
        if (keyEnd - at !== edge.key.length || !t.startsWith(edge.key, at)) continue;
        // A key twice in one mapping: which value counts is the full parser's call.
        if (e > 30 || (matched & (1 << e)) !== 0 || valueLine !== line) return false;
        matched |= 1 << e;
        const field = prefix === '' ? edge.key : `${prefix}.${edge.key}`;
        for (const p of edge.probes) this.found.push({ path: p, node: null, field });
        if (!this.entry(edge, field, valueAt, lineEnd, line, indent, onNextLines)) return false;
      }

      if (next >= this.endLine || cols[next] !== indent) return !this.misindented(next, parent);
      if (indent === 0 && t.startsWith('---', starts[next]!)) return true;
      at = starts[next]! + indent;
      line = next;
    }
  }

  /** The value of a key on the trie: a leaf scalar, or a block to walk on. */
  private entry(edge: TrieEdge, field: string, valueAt: number, lineEnd: number, line: number, indent: number, onNextLines: boolean): boolean {
    const leaf = edge.ends.length > 0;
    if (!leaf && edge.next === undefined) return true;
    if (onNextLines) {
      const below = this.contentFrom(line + 1);
      const col = below < this.endLine ? this.cols[below]! : -1;
      if (col > indent) {
        // A block below: a sequence, or a mapping to walk on.
        if (this.isSeqLine(below, col)) return this.sequence(edge, field, below, col, indent);
        if (leaf || edge.each || edge.next === undefined) return false;
        return this.map(this.starts[below]! + col, below, col, indent, edge.next, field);
      }
      if (col === indent && this.isSeqLine(below, indent)) return this.sequence(edge, field, below, indent, indent);
      // Null: a leaf found empty, or (as the tree has it) a sequence or mapping with nothing in it.
      if (leaf && !edge.each) this.leaf(edge.ends, field, this.scalar(valueAt, valueAt, 'plain', null));
      return true;
    }
    const c = this.t.charCodeAt(valueAt);
    if (c === 0x5b || c === 0x7b) {
      // Only an empty flow collection of the expected type: nothing below it matches.
      const empty = this.skipSpace(valueAt + 1) === this.closeOnLine(valueAt, lineEnd);
      return empty && !leaf && (c === 0x5b ? edge.each : !edge.each);
    }
    const node = this.inlineScalar(valueAt, lineEnd, line, indent);
    if (node === undefined) return false;
    if (node.value !== null && (!leaf || edge.each || edge.next !== undefined)) return false;
    if (leaf && !edge.each) this.leaf(edge.ends, field, node);
    return true;
  }

  private leaf(ends: readonly number[], field: string, node: ScalarNode): void {
    for (const p of ends) this.found.push({ path: p, node, field });
  }

  /** A block sequence whose first dash is on `line` at column `indent`, its key at column `parent`. */
  private sequence(edge: TrieEdge, field: string, line: number, indent: number, parent: number): boolean {
    if (!edge.each) return edge.ends.length === 0 && edge.next === undefined;
    const trie = edge.next;
    const leaf = edge.ends.length > 0;
    const { t, starts } = this;
    for (let i = 0, dashLine = line; ; i++) {
      const dash = starts[dashLine]! + indent;
      const lineEnd = this.lines.end(dashLine);
      const itemAt = this.skipSpace(dash + 1);
      const c = t.charCodeAt(itemAt);
      const itemField = `${field}[${i}]`;
      const after = this.notDeeper(dashLine + 1, indent);
      if (itemAt >= lineEnd || c === CR || c === HASH) {
        // The item's value starts below the dash.
        const below = this.contentFrom(dashLine + 1);
        if (below < after) {
          // A mapping item; one that a path also asks for as a scalar is the tree's to judge.
          const col = this.cols[below]!;
          if (trie === undefined || leaf || this.isSeqLine(below, col)) return false;
          if (!this.map(starts[below]! + col, below, col, indent, trie, itemField)) return false;
        } else if (leaf) this.leaf(edge.ends, itemField, this.scalar(itemAt, itemAt, 'plain', null));
      } else if (trie !== undefined && this.plainKeyColon(itemAt, lineEnd) >= 0) {
        this.tabbedCompact(dash, itemAt);
        if (leaf || !this.map(itemAt, dashLine, itemAt - starts[dashLine]!, indent, trie, itemField)) return false;
      } else {
        const node = leaf ? this.inlineScalar(itemAt, lineEnd, dashLine, indent) : undefined;
        if (node === undefined || (trie !== undefined && node.value !== null)) return false;
        this.leaf(edge.ends, itemField, node);
      }
      if (after >= this.endLine || !this.isSeqLine(after, indent)) return !this.misindented(after, parent);
      dashLine = after;
    }
  }

  /** A single-line scalar that starts at `i`, or undefined for anything else. */
  private inlineScalar(i: number, lineEnd: number, line: number, indent: number): ScalarNode | undefined {
    const t = this.t;
    const c = t.charCodeAt(i);
    // Lines below that are deeper continue the scalar (or follow a quoted one): tree's job.
    if (this.notDeeper(line + 1, indent) !== this.contentFrom(line + 1)) return undefined;
    if (c === DQUOTE || c === SQUOTE) {
      const close = this.closeOnLine(i, lineEnd);
      if (close < 0) return undefined;
      const after = this.skipSpace(close + 1);
      if (after < lineEnd && t.charCodeAt(after) !== HASH && t.charCodeAt(after) !== CR) return undefined;
      return this.scalar(i, close + 1, c === SQUOTE ? 'single' : 'double', this.decodeQuoted(i, close));
    }
    if (VALUE_START_STOPS[c] === 1) return undefined;
    const end = this.plainEnd(i, lineEnd);
    this.rejectColonSpace(i, end);
    return this.scalar(i, end, 'plain', plainScalarValue(t.slice(i, end)));
  }

  private scalar(start: number, end: number, style: ScalarNode['style'], value: string | null): ScalarNode {
    return { type: 'scalar', start: this.rel(start), end: this.rel(end), style, value };
  }

  /** The closing quote or bracket of the value at `open`, if on the same line; else -1. */
  private closeOnLine(open: number, lineEnd: number): number {
    const c = this.t.charCodeAt(open);
    const close = c === DQUOTE || c === SQUOTE ? this.closingQuote(open) : this.matchingBracket(open);
    return close < lineEnd ? close : -1;
  }
}

/** First characters of values that are not plain scalars (indicators, anchors, aliases, tags, flow). */
const VALUE_START_STOPS = charTable('&*!|>%@`[]{}');
