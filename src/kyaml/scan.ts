// A lazy scanner for block-style YAML, the shape Helm, kubectl and kustomize emit. It finds
// structure from indentation alone (the line index says where each block ends) and reads a
// mapping only as far as asked: `get(key)` checks that every sibling line is a key and builds
// the value of the one asked for, so a lookup such as spec.template.spec.containers costs a
// jump per sibling and nothing more. Anything outside the subset (flow collections with
// content, anchors, tags, multi-line quoted scalars) becomes an OpaqueNode; reading through
// one throws NeedsFullParse and the caller recomposes the document with the full parser.
// Deeper lines after a one-line value, and a line that stops between a block's column and
// its parent's, throw at once: jumped over, they could hide a key.
// Correctness against the `yaml` package is checked by test/kyaml/scan.test.ts.

import { DocumentLines } from './cursor';
import type { BlockStart } from './find';
import { BLANK, COLON, CR, DQUOTE, HASH, LineIndex, SQUOTE, type Place } from './lines';
import {
  NeedsFullParse,
  mapGet,
  plainScalarValue,
  type MapEntry,
  type MapNode,
  type OpaqueNode,
  type ScalarNode,
  type SeqNode,
  type YNode,
} from './nodes';

/**
 * Root of a block document, null for a document with no content, or throws NeedsFullParse.
 * `place`: where `text` is in a larger input whose lines are already indexed.
 */
export function scanDocument(text: string, place: Place = new LineIndex(text).place()): MapNode | null {
  return new BlockScanner(place).root();
}

/** How far a block value reaches: `next` is the first line that is not part of it. */
interface Extent {
  next: number;
  end: number;
}

// Offsets inside the scanner are offsets into the whole input; nodes get offsets into the
// document (`rel()`), which is what edits splice.
class BlockScanner extends DocumentLines {
  // What the last successful matchKey() found, kept in fields so that a walk over sibling
  // keys allocates nothing.
  private keyStart = 0;
  private keyEnd = 0;
  private quotedKey: string | undefined;
  private afterColon = 0;

  root(): MapNode | null {
    const line = this.rootLine();
    if (line < 0) return null;
    const start = this.starts[line]!;
    if (this.isSeqIndicator(start) || !this.matchKey(start, line)) throw new NeedsFullParse('a document whose root is not a block mapping');
    return this.blockMap(start, line, 0, -1, this.contentEndBefore(this.endLine, line));
  }

  // ---- lines -------------------------------------------------------------------------

  /**
   * The lines from `from` on that belong to a value whose parent sits at column `indent`:
   * deeper lines, and lines at `indent` that start a compact sequence when that is allowed.
   */
  private extentFrom(from: number, indent: number, seqAtIndent: boolean): Extent {
    let next = this.notDeeper(from, indent);
    if (seqAtIndent) while (next < this.endLine && this.isSeqLine(next, indent)) next = this.notDeeper(next + 1, indent);
    return { next, end: this.contentEndBefore(next, from) };
  }

  /** End of the last content line before `next` (and not before `from`). */
  private contentEndBefore(next: number, from: number): number {
    for (let i = next - 1; i >= from; i--) {
      if (this.cols[i] !== BLANK) return this.trimmedEnd(this.starts[i]!, this.lines.end(i));
    }
    return this.lineStart(from) - 1;
  }

  // ---- keys and scalars --------------------------------------------------------------

  /**
   * Whether a mapping key starts at `i` on line `line`; on success its bounds are in
   * keyStart/keyEnd/quotedKey/afterColon.
   */
  private matchKey(i: number, line: number): boolean {
    const t = this.t;
    const c = t.charCodeAt(i);
    const lineEnd = this.lines.end(line);
    if (c === DQUOTE || c === SQUOTE) {
      const close = this.closingQuote(i);
      if (close < 0 || close > lineEnd) return false;
      const colon = this.skipSpace(close + 1);
      if (t.charCodeAt(colon) !== COLON || !this.isBreakOrSpace(colon + 1)) return false;
      this.quotedKey = this.decodeQuoted(i, close);
      this.keyStart = i;
      this.keyEnd = close + 1;
      this.afterColon = colon + 1;
      return true;
    }
    const colon = this.plainKeyColon(i, lineEnd);
    if (colon < 0) return false;
    this.quotedKey = undefined;
    this.keyStart = i;
    this.keyEnd = this.trimmedEnd(i, colon);
    this.afterColon = colon + 1;
    return true;
  }

  private keyText(): string {
    return this.quotedKey ?? this.t.slice(this.keyStart, this.keyEnd);
  }

  private keyIs(key: string): boolean {
    if (this.quotedKey !== undefined) return this.quotedKey === key;
    return this.keyEnd - this.keyStart === key.length && this.t.startsWith(key, this.keyStart);
  }

  // ---- values ------------------------------------------------------------------------

  /**
   * The value that starts at `i` (just after `key:` or `- `, on line `line`) in a block at
   * column `indent`, and how far it reaches.
   */
  private value(i: number, line: number, indent: number, seqAtIndent: boolean): { node: YNode; extent: Extent } {
    const t = this.t;
    const start = this.skipSpace(i);
    const lineEnd = this.lines.end(line);
    const c = t.charCodeAt(start);
    if (start >= lineEnd || c === CR || c === HASH) return this.valueOnNextLines(start, line, indent, seqAtIndent);

    if (c === DQUOTE || c === SQUOTE) {
      const close = this.closingQuote(start);
      if (close < 0) throw new NeedsFullParse('a quoted scalar that is never closed', this.rel(start));
      const closeLine = close > lineEnd ? this.lines.lineAt(close) : line;
      const closeLineEnd = this.lines.end(closeLine);
      const after = this.skipSpace(close + 1);
      if (after < closeLineEnd && t.charCodeAt(after) !== HASH && t.charCodeAt(after) !== CR) {
        throw new NeedsFullParse('text after a quoted scalar');
      }
      const extent = this.extentFrom(closeLine + 1, indent, false);
      const end = close + 1;
      if (extent.end > closeLineEnd) throw new NeedsFullParse('lines after a quoted scalar');
      if (close > lineEnd) return { node: this.opaque(start, end, 'a multi-line quoted scalar'), extent: { next: extent.next, end } };
      const style = c === DQUOTE ? 'double' : 'single';
      return { node: scalar(this.rel(start), this.rel(end), style, this.decodeQuoted(start, close)), extent: { next: extent.next, end } };
    }

    if (c === 0x7b || c === 0x5b) return this.flowValue(start, line, indent);

    const extent = this.extentFrom(line + 1, indent, false);
    const textEnd = this.plainEnd(start, lineEnd);
    const lastEnd = Math.max(textEnd, extent.end);
    if (c === 0x7c || c === 0x3e) {
      const literal = c === 0x7c ? this.literalBlock(start, textEnd, lineEnd, extent) : undefined;
      return { node: literal ?? this.opaque(start, lastEnd, 'a block scalar'), extent: { next: extent.next, end: lastEnd } };
    }
    if (extent.end > lineEnd) throw new NeedsFullParse('lines deeper than a one-line value');
    if (c === 0x26 || c === 0x21 || c === 0x2a) {
      return { node: this.opaque(start, lastEnd, 'an anchor, tag or alias'), extent: { next: extent.next, end: lastEnd } };
    }
    this.rejectColonSpace(start, textEnd);
    return { node: new PlainScalar(t, this.base, start, textEnd), extent: { next: extent.next, end: textEnd } };
  }

  /**
   * A literal block scalar (`|`, `|-`, `|+`) with an auto-detected indentation: annotations
   * such as kustomize's `kustomize.config.k8s.io/id: |` are common, folded ones are not.
   */
  private literalBlock(start: number, headerEnd: number, lineEnd: number, extent: Extent): ScalarNode | undefined {
    const t = this.t;
    const header = t.slice(start + 1, headerEnd);
    const chomp = header === '' ? 'clip' : header === '-' ? 'strip' : header === '+' ? 'keep' : undefined;
    if (chomp === undefined) return undefined;
    const next = this.lineStart(extent.next);
    const body = lineEnd + 1 >= next ? '' : t.slice(lineEnd + 1, next);
    const lines = body.split('\n');
    if (lines.at(-1) === '') lines.pop();
    const clean = lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    const firstContent = clean.find((l) => l.trim() !== '');
    if (firstContent === undefined) return undefined;
    const indent = firstContent.length - firstContent.trimStart().length;
    if (clean.some((l) => l.trim() === '' ? l.length > indent : !l.startsWith(' '.repeat(indent)))) return undefined;
    if (firstContent.trimStart().startsWith('\t')) return undefined;
    let value = clean.map((l) => l.slice(indent)).join('\n');
    const content = value.replace(/\n+$/, '');
    if (chomp === 'strip') value = content;
    else if (chomp === 'clip') value = `${content}\n`;
    else value = `${value}\n`;
    return scalar(this.rel(start), this.rel(extent.end), 'block', value);
  }

  /** `key:` with nothing after it on line `line`: a nested block, a compact sequence, or null. */
  private valueOnNextLines(at: number, line: number, indent: number, seqAtIndent: boolean): { node: YNode; extent: Extent } {
    const i = this.contentFrom(line + 1);
    if (i < this.endLine) {
      const col = this.cols[i]!;
      const content = this.starts[i]! + col;
      if (seqAtIndent && col === indent && this.isSeqIndicator(content)) {
        const extent = this.extentFrom(i, indent, true);
        return { node: this.blockSeq(content, i, col, indent, extent.end), extent };
      }
      if (col > indent) {
        const extent = this.extentFrom(i, indent, false);
        if (this.isSeqIndicator(content)) return { node: this.blockSeq(content, i, col, indent, extent.end), extent };
        if (this.matchKey(content, i)) return { node: this.blockMap(content, i, col, indent, extent.end), extent };
        return { node: this.opaque(content, extent.end, 'a value on its own line'), extent };
      }
    }
    return { node: scalar(this.rel(at), this.rel(at), 'plain', null), extent: { next: i, end: at } };
  }

  private flowValue(start: number, line: number, indent: number): { node: YNode; extent: Extent } {
    const t = this.t;
    const open = t.charCodeAt(start);
    const close = this.matchingBracket(start);
    const closeLine = close > this.lines.end(line) ? this.lines.lineAt(close) : line;
    const closeLineEnd = this.lines.end(closeLine);
    const after = this.skipSpace(close + 1);
    if (after < closeLineEnd && t.charCodeAt(after) !== HASH && t.charCodeAt(after) !== CR) {
      throw new NeedsFullParse('text after a flow collection');
    }
    const extent = this.extentFrom(closeLine + 1, indent, false);
    if (extent.end > closeLineEnd) throw new NeedsFullParse('lines after a flow collection');
    const end = close + 1;
    const next = { next: extent.next, end };
    if (this.skipSpace(start + 1) === close) {
      const [s, e] = [this.rel(start), this.rel(end)];
      return { node: open === 0x7b ? emptyMap(s, e) : emptySeq(s, e), extent: next };
    }
    return { node: this.opaque(start, end, 'a flow collection'), extent: next };
  }

  private opaque(start: number, end: number, what: string): OpaqueNode {
    return { type: 'opaque', start: this.rel(start), end: this.rel(end), what };
  }

  // ---- collections -------------------------------------------------------------------

  /** `parent`: the column of the collection's key or dash, -1 for the root. */
  private blockMap(first: number, line: number, indent: number, parent: number, end: number): MapNode {
    return new BlockMap(this, first, line, indent, parent, this.rel(first), this.rel(end));
  }

  private blockSeq(first: number, line: number, indent: number, parent: number, end: number): SeqNode {
    return new BlockSeq(this, first, line, indent, parent, this.rel(first), this.rel(end));
  }

  /** Every entry of the block mapping whose first key is at `first` on line `line`. */
  mapEntries(first: number, line: number, indent: number, parent: number): MapEntry[] {
    const entries: MapEntry[] = [];
    const seen = new Set<string>();
    let at = first;
    let atLine = line;
    for (;;) {
      if (!this.matchKey(at, atLine)) throw new NeedsFullParse('a line that is not a mapping key');
      const key = this.keyText();
      if (key === '<<') throw new NeedsFullParse('a merge key');
      if (seen.has(key)) throw new NeedsFullParse('a duplicate key');
      seen.add(key);
      const { node, extent } = this.value(this.afterColon, atLine, indent, true);
      entries.push({ key, keyStart: this.rel(at), value: node });
      const next = extent.next;
      if (this.misindented(next, parent) && this.cols[next] !== indent) throw new NeedsFullParse('a misindented line');
      if (next >= this.endLine || this.cols[next] !== indent) return entries;
      if (indent === 0 && this.t.startsWith('---', this.starts[next]!)) return entries;
      at = this.starts[next]! + indent;
      atLine = next;
    }
  }

  /**
   * The value of `key` in the block mapping whose first key is at `first`, reading no other
   * value: every sibling line must still be a key, and neither a merge key nor a second `key`
   * may be among them, or the answer could be wrong.
   */
  mapValue(first: number, line: number, indent: number, parent: number, key: string): YNode | undefined {
    const t = this.t;
    let found = -1;
    let foundLine = -1;
    let at = first;
    let atLine = line;
    for (;;) {
      if (!this.matchKey(at, atLine)) throw new NeedsFullParse('a line that is not a mapping key');
      if (this.keyIs(key)) {
        if (found >= 0) throw new NeedsFullParse('a duplicate key');
        found = this.afterColon;
        foundLine = atLine;
      } else if (this.keyIs('<<')) throw new NeedsFullParse('a merge key');
      const next = this.nextSibling(this.afterColon, atLine, indent);
      if (this.misindented(next, parent) && this.cols[next] !== indent) throw new NeedsFullParse('a misindented line');
      if (next >= this.endLine || this.cols[next] !== indent) break;
      if (indent === 0 && t.startsWith('---', this.starts[next]!)) break;
      at = this.starts[next]! + indent;
      atLine = next;
    }
    return found < 0 ? undefined : this.value(found, foundLine, indent, true).node;
  }

  /** The line after the value that starts at `afterColon`, without reading the value. */
  private nextSibling(afterColon: number, line: number, indent: number): number {
    const t = this.t;
    const start = this.skipSpace(afterColon);
    const lineEnd = this.lines.end(line);
    const c = t.charCodeAt(start);
    const onNextLines = start >= lineEnd || c === CR || c === HASH;
    // Only these values can reach past their line without indenting deeper: the value then
    // ends on the line of its closing quote or bracket, and every line up to there must be
    // deeper, or the full parser decides.
    let close = -1;
    if (c === DQUOTE || c === SQUOTE) {
      close = this.closingQuote(start);
      if (close < 0) throw new NeedsFullParse('a quoted scalar that is never closed', this.rel(start));
    } else if (c === 0x7b || c === 0x5b) close = this.matchingBracket(start);
    let lastLine = line;
    if (close > lineEnd) {
      lastLine = this.lines.lineAt(close);
      if (this.notDeeper(line + 1, indent) <= lastLine) throw new NeedsFullParse('a multi-line value on a shallower line');
    }
    const next = this.notDeeper(lastLine + 1, indent);
    if (!onNextLines && c !== 0x7c && c !== 0x3e && this.deeperLinesBefore(next, lastLine)) throw new NeedsFullParse('lines deeper than a one-line value');
    if (!onNextLines || next !== this.contentFrom(line + 1)) return next;
    let after = next;
    while (after < this.endLine && this.isSeqLine(after, indent)) after = this.notDeeper(after + 1, indent);
    return after;
  }

  /** Every item of the block sequence whose first dash is at `first` on line `line`. */
  seqItems(first: number, line: number, indent: number, parent: number): YNode[] {
    const t = this.t;
    const items: YNode[] = [];
    let dash = first;
    let dashLine = line;
    for (;;) {
      const after = this.skipSpace(dash + 1);
      const lineEnd = this.lines.end(dashLine);
      const c = t.charCodeAt(after);
      let extent: Extent;
      if (after >= lineEnd || c === CR || c === HASH) {
        const v = this.valueOnNextLines(after, dashLine, indent, false);
        items.push(v.node);
        extent = v.extent;
      } else {
        const col = after - this.starts[dashLine]!;
        if (this.isSeqIndicator(after)) {
          this.tabbedCompact(dash, after);
          extent = this.extentFrom(dashLine + 1, indent, false);
          items.push(this.blockSeq(after, dashLine, col, indent, Math.max(extent.end, this.trimmedEnd(after, lineEnd))));
        } else if (this.matchKey(after, dashLine)) {
          this.tabbedCompact(dash, after);
          extent = this.extentFrom(dashLine + 1, indent, false);
          items.push(this.blockMap(after, dashLine, col, indent, Math.max(extent.end, this.trimmedEnd(after, lineEnd))));
        } else {
          const v = this.value(after, dashLine, indent, false);
          items.push(v.node);
          extent = v.extent;
        }
      }
      const next = extent.next;
      if (next >= this.endLine || !this.isSeqLine(next, indent)) {
        if (this.misindented(next, parent)) throw new NeedsFullParse('a misindented line');
        return items;
      }
      dash = this.starts[next]! + indent;
      dashLine = next;
    }
  }
}

// Nodes are classes, not object literals with closures: a stream holds tens of thousands of
// them, and fewer, smaller objects keep the garbage collector out of the way.

/** Where a block mapping this scanner made starts, for the field walk (find.ts) to read it; undefined for any other mapping. */
export function blockStart(map: MapNode): BlockStart | undefined {
  return map instanceof BlockMap ? map : undefined;
}

class BlockMap implements MapNode, BlockStart {
  readonly type = 'map';
  readonly flow = false;
  private cache: MapEntry[] | undefined;
  // The last key asked for: paths into one mapping (containers, initContainers...) share a prefix.
  private lastKey: string | undefined;
  private lastValue: YNode | undefined;

  constructor(
    private readonly scanner: BlockScanner,
    readonly first: number,
    readonly line: number,
    readonly indent: number,
    readonly parent: number,
    readonly start: number,
    readonly end: number,
  ) {}

  entries(): readonly MapEntry[] {
    return (this.cache ??= this.scanner.mapEntries(this.first, this.line, this.indent, this.parent));
  }

  get(key: string): YNode | undefined {
    if (this.cache) return mapGet(this.cache, key);
    if (key !== this.lastKey) {
      this.lastValue = this.scanner.mapValue(this.first, this.line, this.indent, this.parent, key);
      this.lastKey = key;
    }
    return this.lastValue;
  }
}

class BlockSeq implements SeqNode {
  readonly type = 'seq';
  readonly flow = false;
  private cache: YNode[] | undefined;

  constructor(
    private readonly scanner: BlockScanner,
    private readonly first: number,
    private readonly line: number,
    private readonly indent: number,
    private readonly parent: number,
    readonly start: number,
    readonly end: number,
  ) {}

  items(): readonly YNode[] {
    return (this.cache ??= this.scanner.seqItems(this.first, this.line, this.indent, this.parent));
  }
}

/** A plain scalar whose text is cut out of the input only when someone reads it. */
class PlainScalar implements ScalarNode {
  readonly type = 'scalar';
  readonly style = 'plain';
  readonly start: number;
  readonly end: number;
  private text: string | null | undefined;

  constructor(
    private readonly source: string,
    private readonly base: number,
    start: number,
    end: number,
  ) {
    this.start = start - base;
    this.end = end - base;
  }

  get value(): string | null {
    if (this.text === undefined) this.text = plainScalarValue(this.source.slice(this.start + this.base, this.end + this.base));
    return this.text;
  }
}

function scalar(start: number, end: number, style: ScalarNode['style'], value: string | null): ScalarNode {
  return { type: 'scalar', start, end, style, value };
}

function emptyMap(start: number, end: number): MapNode {
  return { type: 'map', start, end, flow: true, indent: -1, entries: () => [], get: () => undefined };
}

function emptySeq(start: number, end: number): SeqNode {
  return { type: 'seq', start, end, flow: true, items: () => [] };
}
