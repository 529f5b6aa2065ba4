// One document's lines inside an indexed input, and the moves over them that both readers of
// block YAML make: the lazy scanner (scan.ts), which builds nodes, and the field walk
// (find.ts), which builds none. Offsets are offsets into the whole input.

import { BLANK, CR, DASH, DQUOTE, HASH, LF, SPACE, SQUOTE, TAB, type LineIndex, type Place } from './lines';
import { NeedsFullParse } from './nodes';

/** A lookup table over ASCII: 1 for each character of `chars`. */
export function charTable(chars: string): Uint8Array {
  const table = new Uint8Array(128);
  for (const ch of chars) table[ch.charCodeAt(0)] = 1;
  return table;
}

/** First characters that make a line something other than a plain mapping key. */
const NOT_A_KEY_START = charTable('[]{}#&*!|>%@`,?\'"');

export class DocumentLines {
  protected readonly t: string;
  protected readonly starts: Int32Array;
  protected readonly cols: Int32Array;
  protected readonly next: Int32Array;
  /** One past the document's last character. */
  protected readonly limit: number;
  protected readonly firstLine: number;
  /** One past the document's last line. */
  protected readonly endLine: number;

  protected readonly lines: LineIndex;
  /** Where the document starts in the input. */
  protected readonly base: number;

  constructor(place: Place) {
    const lines = place.lines;
    this.lines = lines;
    this.t = lines.text;
    this.starts = lines.starts;
    this.cols = lines.cols;
    this.next = lines.next;
    this.base = place.offset;
    this.limit = place.offset + place.length;
    this.firstLine = place.firstLine;
    this.endLine = place.endLine;
  }

  /** The line of the root mapping's first key; -1 for a document with no content. */
  protected rootLine(): number {
    const t = this.t;
    if (this.lines.strayCR) throw new NeedsFullParse('a carriage return inside a line');
    // Neither reader looks at every line, so a tab anywhere in the indentation, which could
    // hide a key from both, sends the whole document to the full parser.
    if (this.lines.hasTabbed(this.firstLine, this.endLine)) throw new NeedsFullParse('a tab in indentation');
    for (let i = this.firstLine; i < this.endLine; i++) {
      const col = this.cols[i]!;
      if (col === BLANK) continue;
      if (col !== 0) throw new NeedsFullParse('a document whose root is not a block mapping');
      const start = this.starts[i]!;
      if (!t.startsWith('---', start)) return i;
      const rest = this.skipSpace(start + 3);
      if (rest < this.lines.end(i) && t.charCodeAt(rest) !== HASH && t.charCodeAt(rest) !== CR) {
        throw new NeedsFullParse('content after ---');
      }
    }
    return -1;
  }

  /** An offset in the input as an offset in the document, as nodes carry them. */
  protected rel(offset: number): number {
    return offset - this.base;
  }

  protected lineStart(line: number): number {
    return line >= this.endLine ? this.limit : this.starts[line]!;
  }

  protected skipSpace(i: number): number {
    const t = this.t;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c !== SPACE && c !== TAB) return i;
      i++;
    }
  }

  /**
   * A compact collection after `- ` indents to its first key, which a tab in between leaves
   * undefined: YAML (and kubectl) refuse it, so the full parser must say so.
   */
  protected tabbedCompact(dash: number, content: number): void {
    for (let i = dash + 1; i < content; i++) if (this.t.charCodeAt(i) === TAB) throw new NeedsFullParse('a tab before a compact collection');
  }

  /** Offset just past the visible text of a line (without CR and trailing blanks). */
  protected trimmedEnd(from: number, end: number): number {
    const t = this.t;
    while (end > from) {
      const c = t.charCodeAt(end - 1);
      if (c !== SPACE && c !== TAB && c !== CR) break;
      end--;
    }
    return end;
  }

  protected isBreakOrSpace(i: number): boolean {
    if (i >= this.limit) return true;
    const c = this.t.charCodeAt(i);
    return c === SPACE || c === TAB || c === LF || c === CR;
  }

  protected isSeqIndicator(i: number): boolean {
    return this.t.charCodeAt(i) === DASH && this.isBreakOrSpace(i + 1);
  }

  /** Whether `line` starts a sequence item at column `indent`. */
  protected isSeqLine(line: number, indent: number): boolean {
    return this.cols[line] === indent && this.isSeqIndicator(this.starts[line]! + indent);
  }

  /** The first content line from `from` on (endLine when there is none). */
  protected contentFrom(from: number): number {
    const i = from < this.endLine && this.cols[from] === BLANK ? this.next[from]! : from;
    return Math.min(i, this.endLine);
  }

  /** The first content line from `from` on at column `indent` or less, jumping over deeper blocks. */
  protected notDeeper(from: number, indent: number): number {
    let i = this.contentFrom(from);
    while (i < this.endLine && this.cols[i]! > indent) i = this.next[i]!;
    return Math.min(i, this.endLine);
  }

  /**
   * Whether deeper lines lie between `line`, the last line of a value that began on its key's
   * line, and `next`, the first line after it that is not deeper. Only a block scalar's body may
   * be there for these readers: after any other value they are a multi-line plain scalar, an
   * anchored block or a misindented key, which only the full parser tells apart.
   */
  protected deeperLinesBefore(next: number, line: number): boolean {
    return next !== this.contentFrom(line + 1);
  }

  /**
   * Whether `next`, the line that ended a block, stops short of the column of the block's
   * parent (`parent`, -1 for the root): a line between the two is misindented, the full
   * parser's error to report, and the key on it would otherwise go unread.
   */
  protected misindented(next: number, parent: number): boolean {
    return next < this.endLine && this.cols[next]! > parent;
  }

  /**
   * The colon that ends a plain mapping key starting at `at` (its line ends at `lineEnd`), or
   * -1 when the line holds no plain key there.
   */
  protected plainKeyColon(at: number, lineEnd: number): number {
    const t = this.t;
    if (NOT_A_KEY_START[t.charCodeAt(at)] === 1 || this.isSeqIndicator(at)) return -1;
    for (let j = t.indexOf(':', at); j >= 0 && j < lineEnd; j = t.indexOf(':', j + 1)) {
      if (!this.isBreakOrSpace(j + 1)) continue;
      // ` #` before the colon starts a comment, and an empty key is no plain key.
      return this.commentBefore(at, j) || this.trimmedEnd(at, j) === at ? -1 : j;
    }
    return -1;
  }

  private commentBefore(from: number, to: number): boolean {
    const t = this.t;
    for (let h = from + 1; h < to; h++) {
      if (t.charCodeAt(h) !== HASH) continue;
      const p = t.charCodeAt(h - 1);
      if (p === SPACE || p === TAB) return true;
    }
    return false;
  }

  /** End of the plain text from `start` on its line: before a ` #` comment and trailing blanks. */
  protected plainEnd(start: number, lineEnd: number): number {
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

  /** A plain scalar holding `: ` is a mapping YAML forbids there: the full parser says so. */
  protected rejectColonSpace(start: number, end: number): void {
    const t = this.t;
    for (let i = t.indexOf(':', start); i >= 0 && i < end; i = t.indexOf(':', i + 1)) {
      const after = t.charCodeAt(i + 1);
      if (after === SPACE || after === TAB) throw new NeedsFullParse('a plain scalar containing ": "');
    }
  }

  /** The closing quote of the scalar whose opening quote is at `open`, or -1. */
  protected closingQuote(open: number): number {
    const t = this.t;
    const quote = t.charCodeAt(open);
    for (let i = open + 1; i < this.limit; i++) {
      const c = t.charCodeAt(i);
      if (quote === DQUOTE && c === 0x5c) i++;
      else if (c === quote) {
        if (quote === SQUOTE && t.charCodeAt(i + 1) === SQUOTE) i++;
        else return i;
      }
    }
    return -1;
  }

  /** The bracket that closes the flow collection opened at `open`, on any line of the document. */
  protected matchingBracket(open: number): number {
    const t = this.t;
    let depth = 0;
    for (let i = open; i < this.limit; i++) {
      const c = t.charCodeAt(i);
      if (c === DQUOTE || c === SQUOTE) {
        const q = this.closingQuote(i);
        if (q < 0) break;
        i = q;
      } else if (c === HASH && (t.charCodeAt(i - 1) === SPACE || t.charCodeAt(i - 1) === TAB)) {
        const end = t.indexOf('\n', i);
        i = end < 0 ? this.limit : end - 1;
      } else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (depth === 0) return i;
      }
    }
    throw new NeedsFullParse(`a flow ${t.charCodeAt(open) === 0x7b ? 'mapping' : 'sequence'} that is never closed`, this.rel(open));
  }

  /** The text of the quoted scalar from `open` to `close`, unescaped. */
  protected decodeQuoted(open: number, close: number): string {
    const inner = this.t.slice(open + 1, close);
    if (this.t.charCodeAt(open) === SQUOTE) return inner.replaceAll("''", "'");
    if (!inner.includes('\\')) return inner;
    try {
      return JSON.parse(this.t.slice(open, close + 1)) as string;
    } catch {
      throw new NeedsFullParse('a YAML-only escape');
    }
  }
}
