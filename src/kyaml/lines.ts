// Where every line of a text starts, the column its content begins at, and, for every content
// line, the next line that is not indented deeper. Built once per input in one pass; the
// scanner then crosses a skipped value in one jump instead of reading its lines again at each
// level of nesting. The same pass notes the `---` lines, where the stream splits.

// Character codes the readers of block YAML test for.
export const SPACE = 0x20;
export const TAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const HASH = 0x23;
export const DASH = 0x2d;
export const COLON = 0x3a;
export const DQUOTE = 0x22;
export const SQUOTE = 0x27;
export const PERCENT = 0x25;
const BOM = 0xfeff;

/** A blank or comment-only line. */
export const BLANK = -1;
/** Content after a tab in the indentation: YAML forbids it, and no block ends at such a line. */
export const TABBED = 0x3fffffff;

export class LineIndex {
  readonly count: number;
  /** Offset of each line's first character; `starts[count]` is one past the last line's end. */
  readonly starts: Int32Array;
  /** Column of each line's first content character, BLANK or TABBED. */
  readonly cols: Int32Array;
  /**
   * For a content line, the next content line at the same column or less; for a blank line,
   * the next content line. `count` when there is none.
   */
  readonly next: Int32Array;
  /** A carriage return inside a line: YAML reads it as a line break, this index would not. */
  readonly strayCR: boolean;
  /** The lines that are document markers: `---` at column 0, then a blank or the line's end. */
  readonly markers: number[];
  /** The TABBED lines, in order. */
  private readonly tabbed: number[];

  constructor(readonly text: string) {
    const t = text;
    // Rendered manifests average 20-30 characters a line. Room for 16 keeps the loop from
    // growing the arrays, which sends V8 back from optimized code the first time it happens.
    let starts = new Int32Array((t.length >> 4) + 16);
    let cols = new Int32Array(starts.length);
    const markers: number[] = [];
    const tabbed: number[] = [];
    let count = 0;
    let pos = 0;
    while (pos < t.length) {
      let end = t.indexOf('\n', pos);
      if (end < 0) end = t.length;
      if (count + 1 >= starts.length) {
        starts = grow(starts);
        cols = grow(cols);
      }
      starts[count] = pos;
      const col = column(t, pos, end);
      cols[count] = col;
      if (col === TABBED) tabbed.push(count);
      if (col === 0 && t.charCodeAt(pos) === DASH && isMarker(t, pos, end)) markers.push(count);
      count++;
      pos = end + 1;
    }
    starts[count] = pos;
    // A byte order mark is no content, but it is no space either: it sends the first document
    // to the full parser, which skips it.
    if (count > 0 && t.charCodeAt(0) === BOM && cols[0] === 0) cols[0] = 1;
    this.count = count;
    this.markers = markers;
    this.tabbed = tabbed;
    this.starts = starts;
    this.cols = cols;
    this.next = nextNotDeeper(cols, count);
    this.strayCR = t.includes('\r') && /\r(?!\n)/.test(t);
  }

  /** Whether a TABBED line is among the lines from `from` up to `to`. */
  hasTabbed(from: number, to: number): boolean {
    if (this.tabbed.length === 0) return false;
    let lo = 0;
    let hi = this.tabbed.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tabbed[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.tabbed.length && this.tabbed[lo]! < to;
  }

  /** The line that holds `offset`. */
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Offset of the line's newline (or of the end of the text). */
  end(line: number): number {
    return this.starts[line + 1]! - 1;
  }

  /** The place of `length` characters from `offset`, which start a line. */
  place(offset = 0, length = this.text.length - offset): Place {
    const limit = offset + length;
    const firstLine = this.count === 0 ? 0 : this.lineAt(offset);
    const endLine = limit >= this.text.length ? this.count : this.lineAt(limit);
    return { lines: this, offset, length, firstLine, endLine };
  }
}

/** Where a document is in an indexed input: its characters, and the lines they make. */
export interface Place {
  readonly lines: LineIndex;
  readonly offset: number;
  readonly length: number;
  readonly firstLine: number;
  /** One past its last line. */
  readonly endLine: number;
}

/** `---` followed by a blank or the end of its line. */
function isMarker(t: string, at: number, lineEnd: number): boolean {
  if (!t.startsWith('---', at)) return false;
  const c = t.charCodeAt(at + 3);
  return at + 3 >= lineEnd || c === SPACE || c === TAB || c === CR;
}

function column(t: string, start: number, end: number): number {
  let i = start;
  while (i < end && t.charCodeAt(i) === SPACE) i++;
  if (i >= end) return BLANK;
  const c = t.charCodeAt(i);
  if (c === HASH || c === CR) return BLANK;
  if (c !== TAB) return i - start;
  while (i < end && (t.charCodeAt(i) === SPACE || t.charCodeAt(i) === TAB)) i++;
  return i >= end || t.charCodeAt(i) === HASH || t.charCodeAt(i) === CR ? BLANK : TABBED;
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** One backward pass with a stack of the lines still waiting for a shallower one. */
function nextNotDeeper(cols: Int32Array, count: number): Int32Array {
  const next = new Int32Array(count);
  const stack = new Int32Array(count);
  let depth = 0;
  let nextContent = count;
  for (let i = count - 1; i >= 0; i--) {
    const col = cols[i]!;
    if (col === BLANK) {
      next[i] = nextContent;
      continue;
    }
    while (depth > 0 && cols[stack[depth - 1]!]! > col) depth--;
    next[i] = depth > 0 ? stack[depth - 1]! : count;
    stack[depth++] = i;
    nextContent = i;
  }
  return next;
}
