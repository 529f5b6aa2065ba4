// A lazy scanner for block-style YAML, the shape Helm, kubectl and kustomize emit. It finds
// structure from indentation alone and reads a mapping's entries only when asked, so a lookup
// such as spec.template.spec.containers costs a pass over the lines under `spec` and nothing
// more. Anything outside the subset (flow collections with content, anchors, tags, multi-line
// scalars) becomes an OpaqueNode; reading through one throws NeedsFullParse and the caller
// recomposes the document with the full parser. Correctness against the `yaml` package is
// checked by test/kyaml/scan.test.ts on real and generated streams.

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

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const DQUOTE = 0x22;
const SQUOTE = 0x27;

/** Root of a block document, null for a document with no content, or throws NeedsFullParse. */
export function scanDocument(text: string): MapNode | null {
  return new BlockScanner(text).root();
}

interface Line {
  start: number;
  /** Offset of the first non-space character, or -1 for a blank or comment-only line. */
  content: number;
  end: number;
}

/** How far a block value reaches: `next` is the first line that is not part of it. */
interface Extent {
  next: number;
  end: number;
}

class BlockScanner {
  constructor(private readonly t: string) {}

  root(): MapNode | null {
    const t = this.t;
    let pos = 0;
    while (pos < t.length) {
      const line = this.line(pos);
      if (line.content >= 0) {
        const c = t.charCodeAt(line.content);
        const isMarker = line.content === line.start && t.startsWith('---', line.start);
        if (isMarker) {
          const rest = this.skipSpace(line.start + 3);
          if (rest < line.end && t.charCodeAt(rest) !== HASH && t.charCodeAt(rest) !== CR) {
            throw new NeedsFullParse('content after ---');
          }
        } else if (line.content !== line.start || c === DASH || this.matchKey(line.content) === undefined) {
          throw new NeedsFullParse('a document whose root is not a block mapping');
        } else {
          return this.blockMap(line.content, 0, this.contentEndBefore(t.length, line.content));
        }
      }
      pos = line.end + 1;
    }
    return null;
  }

  // ---- lines -------------------------------------------------------------------------

  private line(start: number): Line {
    const t = this.t;
    let end = t.indexOf('\n', start);
    if (end < 0) end = t.length;
    let i = start;
    while (i < end && t.charCodeAt(i) === SPACE) i++;
    if (i < end) {
      const c = t.charCodeAt(i);
      if (c === TAB) {
        const j = this.skipSpace(i);
        if (j < end && t.charCodeAt(j) !== HASH && t.charCodeAt(j) !== CR) throw new NeedsFullParse('a tab in indentation');
        return { start, content: -1, end };
      }
      if (c === HASH || c === CR) return { start, content: -1, end };
      return { start, content: i, end };
    }
    return { start, content: -1, end };
  }

  private skipSpace(i: number): number {
    const t = this.t;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c !== SPACE && c !== TAB) return i;
      i++;
    }
  }

  /** Offset just past the visible text of a line (without CR and trailing blanks). */
  private trimmedEnd(from: number, end: number): number {
    const t = this.t;
    while (end > from) {
      const c = t.charCodeAt(end - 1);
      if (c !== SPACE && c !== TAB && c !== CR) break;
      end--;
    }
    return end;
  }

  private isSeqIndicator(i: number): boolean {
    if (this.t.charCodeAt(i) !== DASH) return false;
    const c = this.t.charCodeAt(i + 1);
    return c === SPACE || c === TAB || c === LF || c === CR || Number.isNaN(c);
  }

  /**
   * The lines after `from` that belong to a value whose parent sits at column `indent`:
   * deeper lines, and lines at `indent` that start a compact sequence when that is allowed.
   * A regular expression finds the next line that is not deeper, so skipped lines cost
   * no JavaScript work.
   */
  private extentFrom(from: number, indent: number, seqAtIndent: boolean): Extent {
    const t = this.t;
    if (from > t.length) return { next: t.length, end: from - 1 };
    const shallow = shallowLine(indent);
    shallow.lastIndex = from - 1;
    let next = t.length;
    // test() rather than exec(): no match array per line; the match ends just past the content.
    while (shallow.test(t)) {
      const content = shallow.lastIndex - 1;
      const lineStart = t.lastIndexOf('\n', content) + 1;
      if (seqAtIndent && content - lineStart === indent && this.isSeqIndicator(content)) continue;
      next = lineStart;
      break;
    }
    return { next, end: this.contentEndBefore(next, from) };
  }

  /** End of the last line before `next` (and not before `from`) that is not blank or a comment. */
  private contentEndBefore(next: number, from: number): number {
    const t = this.t;
    let i = next - 1;
    while (i >= from) {
      const c = t.charCodeAt(i);
      if (c === LF || c === CR || c === SPACE || c === TAB) {
        i--;
        continue;
      }
      const lineStart = t.lastIndexOf('\n', i) + 1;
      const first = this.skipSpace(lineStart);
      if (t.charCodeAt(first) !== HASH) return i + 1;
      i = lineStart - 1;
    }
    return from - 1;
  }

  // ---- keys and scalars --------------------------------------------------------------

  /** A mapping key starting at `i`: its text and the offset just past the colon. */
  private matchKey(i: number): { key: string; afterColon: number } | undefined {
    const t = this.t;
    const c = t.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      const close = this.closingQuote(i);
      const lineEnd = this.lineEndOf(i);
      if (close < 0 || close > lineEnd) return undefined;
      const colon = this.skipSpace(close + 1);
      if (t.charCodeAt(colon) !== COLON || !this.isBreakOrSpace(colon + 1)) return undefined;
      return { key: this.decodeQuoted(i, close), afterColon: colon + 1 };
    }
    if ('[]{}#&*!|>%@`,?\'"'.includes(t[i] ?? '') || this.isSeqIndicator(i)) return undefined;
    const lineEnd = this.lineEndOf(i);
    for (let j = i; j < lineEnd; j++) {
      const cj = t.charCodeAt(j);
      if (cj === HASH && (t.charCodeAt(j - 1) === SPACE || t.charCodeAt(j - 1) === TAB)) return undefined;
      if (cj === COLON && this.isBreakOrSpace(j + 1)) {
        const key = t.slice(i, this.trimmedEnd(i, j));
        return key === '' ? undefined : { key, afterColon: j + 1 };
      }
    }
    return undefined;
  }

  private isBreakOrSpace(i: number): boolean {
    if (i >= this.t.length) return true;
    const c = this.t.charCodeAt(i);
    return c === SPACE || c === TAB || c === LF || c === CR;
  }

  private lineEndOf(i: number): number {
    const end = this.t.indexOf('\n', i);
    return end < 0 ? this.t.length : end;
  }

  private closingQuote(open: number): number {
    const t = this.t;
    const quote = t.charCodeAt(open);
    for (let i = open + 1; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (quote === DQUOTE && c === 0x5c) i++;
      else if (c === quote) {
        if (quote === SQUOTE && t.charCodeAt(i + 1) === SQUOTE) i++;
        else return i;
      }
    }
    return -1;
  }

  private decodeQuoted(open: number, close: number): string {
    const inner = this.t.slice(open + 1, close);
    if (this.t.charCodeAt(open) === SQUOTE) return inner.replaceAll("''", "'");
    if (!inner.includes('\\')) return inner;
    try {
      return JSON.parse(this.t.slice(open, close + 1)) as string;
    } catch {
      throw new NeedsFullParse('a YAML-only escape');
    }
  }

  // ---- values ------------------------------------------------------------------------

  /**
   * The value that starts at `i` (just after `key:` or `- `) in a block at column `indent`,
   * and how far it reaches.
   */
  private value(i: number, indent: number, seqAtIndent: boolean): { node: YNode; extent: Extent } {
    const t = this.t;
    const start = this.skipSpace(i);
    const lineEnd = this.lineEndOf(start);
    const c = t.charCodeAt(start);
    const rest = start >= lineEnd || c === CR || c === HASH;
    if (rest) return this.valueOnNextLines(start, lineEnd, indent, seqAtIndent);

    if (c === DQUOTE || c === SQUOTE) {
      const close = this.closingQuote(start);
      if (close < 0) throw new NeedsFullParse('a quoted scalar that is never closed', start);
      const after = this.skipSpace(close + 1);
      const closeLineEnd = this.lineEndOf(close);
      if (after < closeLineEnd && t.charCodeAt(after) !== HASH && t.charCodeAt(after) !== CR) {
        throw new NeedsFullParse('text after a quoted scalar');
      }
      const extent = this.extentFrom(closeLineEnd + 1, indent, false);
      const end = close + 1;
      if (extent.end > closeLineEnd) throw new NeedsFullParse('lines after a quoted scalar');
      if (close > lineEnd) return { node: opaque(start, end, 'a multi-line quoted scalar'), extent: { next: extent.next, end } };
      const style = c === DQUOTE ? 'double' : 'single';
      return { node: scalar(start, end, style, this.decodeQuoted(start, close)), extent: { next: extent.next, end } };
    }

    if (c === 0x7b || c === 0x5b) return this.flowValue(start, indent);

    const extent = this.extentFrom(lineEnd + 1, indent, false);
    const textEnd = this.plainEnd(start, lineEnd);
    const lastEnd = Math.max(textEnd, extent.end);
    if (c === 0x7c || c === 0x3e) {
      const literal = c === 0x7c ? this.literalBlock(start, textEnd, lineEnd, extent) : undefined;
      return { node: literal ?? opaque(start, lastEnd, 'a block scalar'), extent: { next: extent.next, end: lastEnd } };
    }
    if (c === 0x26 || c === 0x21 || c === 0x2a) {
      return { node: opaque(start, lastEnd, 'an anchor, tag or alias'), extent: { next: extent.next, end: lastEnd } };
    }
    if (extent.end > lineEnd) return { node: opaque(start, lastEnd, 'a multi-line plain scalar'), extent: { next: extent.next, end: lastEnd } };
    for (let i = t.indexOf(':', start); i >= 0 && i < textEnd; i = t.indexOf(':', i + 1)) {
      const after = t.charCodeAt(i + 1);
      if (after === SPACE || after === TAB) throw new NeedsFullParse('a plain scalar containing ": "');
    }
    return { node: new PlainScalar(t, start, textEnd), extent: { next: extent.next, end: textEnd } };
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
    const body = lineEnd + 1 >= extent.next ? '' : t.slice(lineEnd + 1, extent.next);
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
    return scalar(start, extent.end, 'block', value);
  }

  private plainEnd(start: number, lineEnd: number): number {
    const t = this.t;
    let end = lineEnd;
    for (let j = start + 1; j < lineEnd; j++) {
      if (t.charCodeAt(j) === HASH && (t.charCodeAt(j - 1) === SPACE || t.charCodeAt(j - 1) === TAB)) {
        end = j;
        break;
      }
    }
    return this.trimmedEnd(start, end);
  }

  /** `key:` with nothing after it: a nested block, a compact sequence, or null. */
  private valueOnNextLines(at: number, lineEnd: number, indent: number, seqAtIndent: boolean): { node: YNode; extent: Extent } {
    const t = this.t;
    let pos = lineEnd + 1;
    while (pos < t.length) {
      const line = this.line(pos);
      if (line.content >= 0) {
        const col = line.content - line.start;
        if (seqAtIndent && col === indent && this.isSeqIndicator(line.content)) {
          const extent = this.extentFrom(line.start, indent, true);
          return { node: this.blockSeq(line.content, col, extent.end), extent };
        }
        if (col <= indent) break;
        const extent = this.extentFrom(line.start, indent, false);
        if (this.isSeqIndicator(line.content)) return { node: this.blockSeq(line.content, col, extent.end), extent };
        if (this.matchKey(line.content) !== undefined) return { node: this.blockMap(line.content, col, extent.end), extent };
        return { node: opaque(line.content, extent.end, 'a value on its own line'), extent };
      }
      pos = line.end + 1;
    }
    const next = Math.min(pos, t.length);
    return { node: scalar(at, at, 'plain', null), extent: { next, end: at } };
  }

  private flowValue(start: number, indent: number): { node: YNode; extent: Extent } {
    const t = this.t;
    const open = t.charCodeAt(start);
    const close = this.matchingBracket(start);
    const closeLineEnd = this.lineEndOf(close);
    const after = this.skipSpace(close + 1);
    if (after < closeLineEnd && t.charCodeAt(after) !== HASH && t.charCodeAt(after) !== CR) {
      throw new NeedsFullParse('text after a flow collection');
    }
    const extent = this.extentFrom(closeLineEnd + 1, indent, false);
    if (extent.end > closeLineEnd) throw new NeedsFullParse('lines after a flow collection');
    const end = close + 1;
    const next = { next: extent.next, end };
    if (this.skipSpace(start + 1) === close) {
      return { node: open === 0x7b ? emptyMap(start, end) : emptySeq(start, end), extent: next };
    }
    return { node: opaque(start, end, 'a flow collection'), extent: next };
  }

  private matchingBracket(open: number): number {
    const t = this.t;
    let depth = 0;
    for (let i = open; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === DQUOTE || c === SQUOTE) {
        const q = this.closingQuote(i);
        if (q < 0) break;
        i = q;
      } else if (c === HASH && (t.charCodeAt(i - 1) === SPACE || t.charCodeAt(i - 1) === TAB)) {
        i = this.lineEndOf(i) - 1;
      } else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (depth === 0) return i;
      }
    }
    throw new NeedsFullParse(`a flow ${t.charCodeAt(open) === 0x7b ? 'mapping' : 'sequence'} that is never closed`, open);
  }

  // ---- collections -------------------------------------------------------------------

  private blockMap(first: number, indent: number, end: number): MapNode {
    return new BlockMap(this, first, end, indent);
  }

  mapEntries(first: number, indent: number): MapEntry[] {
    const t = this.t;
    const entries: MapEntry[] = [];
    const seen = new Set<string>();
    let at = first;
    for (;;) {
      const key = this.matchKey(at);
      if (key === undefined) throw new NeedsFullParse('a line that is not a mapping key');
      if (key.key === '<<') throw new NeedsFullParse('a merge key');
      if (seen.has(key.key)) throw new NeedsFullParse('a duplicate key');
      seen.add(key.key);
      const { node, extent } = this.value(key.afterColon, indent, true);
      entries.push({ key: key.key, keyStart: at, value: node });
      if (extent.next >= t.length) return entries;
      const line = this.line(extent.next);
      if (line.content < 0 || line.content - line.start !== indent) return entries;
      if (t.startsWith('---', line.start) && line.start === line.content) return entries;
      at = line.content;
    }
  }

  private blockSeq(first: number, indent: number, end: number): SeqNode {
    return new BlockSeq(this, first, end, indent);
  }

  seqItems(first: number, indent: number): YNode[] {
    const t = this.t;
    const items: YNode[] = [];
    let dash = first;
    for (;;) {
      const after = this.skipSpace(dash + 1);
      const lineEnd = this.lineEndOf(dash);
      const c = t.charCodeAt(after);
      let extent: Extent;
      if (after >= lineEnd || c === CR || c === HASH) {
        const v = this.valueOnNextLines(after, lineEnd, indent, false);
        items.push(v.node);
        extent = v.extent;
      } else {
        const col = after - (t.lastIndexOf('\n', after - 1) + 1);
        if (this.isSeqIndicator(after)) {
          extent = this.extentFrom(lineEnd + 1, indent, false);
          items.push(this.blockSeq(after, col, Math.max(extent.end, this.trimmedEnd(after, lineEnd))));
        } else if (this.matchKey(after) !== undefined) {
          extent = this.extentFrom(lineEnd + 1, indent, false);
          items.push(this.blockMap(after, col, Math.max(extent.end, this.trimmedEnd(after, lineEnd))));
        } else {
          const v = this.value(after, indent, false);
          items.push(v.node);
          extent = v.extent;
        }
      }
      if (extent.next >= t.length) return items;
      const line = this.line(extent.next);
      if (line.content < 0 || line.content - line.start !== indent || !this.isSeqIndicator(line.content)) return items;
      dash = line.content;
    }
  }
}

const shallowLines: RegExp[] = [];

/** Matches a newline followed by a content line indented `indent` columns or fewer. */
function shallowLine(indent: number): RegExp {
  return (shallowLines[indent + 1] ??= new RegExp(`\\n {0,${indent}}[^ \\t\\r\\n#]`, 'g'));
}

// Nodes are classes, not object literals with closures: a stream holds tens of thousands of
// them, and fewer, smaller objects keep the garbage collector out of the way.

class BlockMap implements MapNode {
  readonly type = 'map';
  readonly flow = false;
  private cache: MapEntry[] | undefined;

  constructor(
    private readonly scanner: BlockScanner,
    readonly start: number,
    readonly end: number,
    readonly indent: number,
  ) {}

  entries(): readonly MapEntry[] {
    return (this.cache ??= this.scanner.mapEntries(this.start, this.indent));
  }

  get(key: string): YNode | undefined {
    return mapGet(this.entries(), key);
  }
}

class BlockSeq implements SeqNode {
  readonly type = 'seq';
  readonly flow = false;
  private cache: YNode[] | undefined;

  constructor(
    private readonly scanner: BlockScanner,
    readonly start: number,
    readonly end: number,
    private readonly indent: number,
  ) {}

  items(): readonly YNode[] {
    return (this.cache ??= this.scanner.seqItems(this.start, this.indent));
  }
}

/** A plain scalar whose text is cut out of the document only when someone reads it. */
class PlainScalar implements ScalarNode {
  readonly type = 'scalar';
  readonly style = 'plain';
  private text: string | null | undefined;

  constructor(
    private readonly source: string,
    readonly start: number,
    readonly end: number,
  ) {}

  get value(): string | null {
    if (this.text === undefined) this.text = plainScalarValue(this.source.slice(this.start, this.end));
    return this.text;
  }
}

function scalar(start: number, end: number, style: ScalarNode['style'], value: string | null): ScalarNode {
  return { type: 'scalar', start, end, style, value };
}

function opaque(start: number, end: number, what: string): OpaqueNode {
  return { type: 'opaque', start, end, what };
}

function emptyMap(start: number, end: number): MapNode {
  return { type: 'map', start, end, flow: true, indent: -1, entries: () => [], get: () => undefined };
}

function emptySeq(start: number, end: number): SeqNode {
  return { type: 'seq', start, end, flow: true, items: () => [] };
}
