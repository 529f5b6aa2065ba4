// One YAML document of the input and the byte edits made to it. The tree comes from the fast
// scanner until something asks a question only the full parser can answer; then the document
// is composed again, once. Edits are offsets into `text`, valid for both trees.

import { InputError } from './errors';
import { composeDocument } from './compose';
import { findScalars, findScalarsIn, type FoundScalar, type PathTrie } from './find';
import { scanJson } from './json';
import { NeedsFullParse, describeNode, type MapNode, type YNode } from './nodes';
import type { Place } from './lines';
import { blockStart, scanDocument } from './scan';

export interface Edit {
  start: number;
  end: number;
  text: string;
  /** Dropped when another edit replaces the same range. */
  weak?: boolean;
}

// Outside YAML's printable set (tab, line breaks and NEL allowed); JSON forbids only C0 controls, raw.
const YAML_FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]/;
const JSON_FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f]/;

export class YamlDocument {
  readonly edits: Edit[] = [];
  private tree: YNode | null | undefined;
  private composed = false;
  private crlf: boolean | undefined;

  constructor(
    /** The document's bytes, separator and comments included. */
    readonly text: string,
    /** 1-based position in the stream, as users count documents. */
    readonly number: number,
    /** The whole input, to count lines for messages. */
    private readonly input: string = text,
    /** Where `text` is in the input, whose line index all its documents share. */
    private readonly place?: Place,
  ) {}

  /** The root mapping (null when the document is empty), composing with `yaml` if needed. */
  root(): MapNode | null {
    if (this.tree === undefined) {
      try {
        this.tree = scanDocument(this.text, this.place);
      } catch (e) {
        if (!(e instanceof NeedsFullParse)) throw e;
        this.composeFully(e);
      }
    }
    const tree = this.tree ?? null;
    if (tree !== null && tree.type !== 'map') {
      throw new InputError(`expected a mapping (a Kubernetes resource), found ${describeNode(tree)}`, this.where(tree.start));
    }
    return tree;
  }

  /**
   * The scalars at the trie's paths read straight from the text, without a tree: null for an
   * empty document, undefined when only the tree can tell (see find.ts).
   */
  find(trie: PathTrie): FoundScalar[] | null | undefined {
    if (this.composed || !this.place) return undefined;
    return findScalars(this.place, trie);
  }

  /** find() for a mapping inside the document (a List's item); undefined when only the tree can tell. */
  findIn(map: MapNode, trie: PathTrie): FoundScalar[] | undefined {
    const start = this.composed || !this.place ? undefined : blockStart(map);
    return start && findScalarsIn(this.place!, start, trie);
  }

  /** Run `read` on the root; if the fast tree cannot answer, compose fully and run it again. */
  read<T>(read: (root: MapNode) => T): T {
    const root = this.root();
    if (root === null) throw new Error('read() on an empty document');
    try {
      return this.located(read, root);
    } catch (e) {
      if (!(e instanceof NeedsFullParse) || this.composed) throw e;
      this.composeFully(e);
      return this.located(read, this.root()!);
    }
  }

  private located<T>(read: (root: MapNode) => T, root: MapNode): T {
    try {
      return read(root);
    } catch (e) {
      if (e instanceof InputError && e.offset !== undefined) e.where = { ...this.where(e.offset), ...e.where };
      throw e;
    }
  }

  /** Whether its lines end in CRLF, which added lines then follow; known once per document, as a ResourceList gets many additions. */
  usesCrlf(): boolean {
    return (this.crlf ??= this.text.includes('\r\n'));
  }

  /** Read the document as JSON: with the JSON reader, or the full parser when only it can. */
  readJson(): void {
    try {
      this.tree = scanJson(this.text);
    } catch (e) {
      if (!(e instanceof NeedsFullParse)) throw e;
      this.composeFully(e);
    }
  }

  /**
   * Checks the whole document as kubectl would read it: the full parser, which accepts control
   * characters that YAML forbids (kubectl refuses them), and then those characters.
   */
  validate(json: boolean): void {
    this.composeFully();
    const bad = this.text.search(json ? JSON_FORBIDDEN : YAML_FORBIDDEN);
    if (bad >= 0) {
      const code = this.text.charCodeAt(bad).toString(16).toUpperCase().padStart(4, '0');
      throw new InputError(`control character U+${code}: ${json ? 'JSON' : 'YAML'} does not allow it (kubectl refuses it)`, this.where(bad));
    }
  }

  /** Compose with the full parser; `hint` is what sent the fast scanner here. */
  composeFully(hint?: NeedsFullParse): void {
    if (this.composed) return;
    const result = composeDocument(this.text);
    if (!result.ok) {
      // The parser notices an unclosed quote where the text ends; the scanner saw where it opened.
      if (hint?.brokenAt !== undefined) throw new InputError(`${hint.what} (${result.error.message})`, this.where(hint.brokenAt));
      throw new InputError(result.error.message, this.where(result.error.offset));
    }
    this.tree = result.root;
    this.composed = true;
  }

  /** Document number, line and column (1-based, in the whole input) of an offset in `text`. */
  where(offset: number): { document: number; line: number; column: number } {
    const at = (this.place?.offset ?? 0) + offset;
    let line = 1;
    let lineStart = 0;
    for (let i = this.input.indexOf('\n'); i >= 0 && i < at; i = this.input.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    // Columns count characters, as editors do: a surrogate pair is one, a byte order mark none.
    let column = 1;
    for (let i = lineStart; i < at; i++) {
      const c = this.input.charCodeAt(i);
      if ((c < 0xdc00 || c > 0xdfff) && c !== 0xfeff) column++;
    }
    return { document: this.number, line, column };
  }

  /**
   * Replace `start..end` with `text`. The same range replaced twice is one edit, the first one
   * made that is not `weak` (an alias of a mapping makes two fields one scalar; an alias that
   * keeps its old value gives way to a new value for it); insertions at one point are all kept,
   * in the order they were made, except the same text inserted there again.
   */
  edit(start: number, end: number, text: string, weak?: 'weak'): void {
    this.edits.push(weak ? { start, end, text, weak: true } : { start, end, text });
  }

  /** The document's bytes with its edits applied. */
  output(): string {
    if (this.edits.length === 0) return this.text;
    // Repeats are dropped here, among their sorted neighbours: checking each edit against all
    // earlier ones made a ResourceList (one document) with many images quadratic.
    const edits = [...this.edits].sort((a, b) => a.start - b.start || a.end - b.end || Number(a.weak === true) - Number(b.weak === true));
    let out = '';
    let at = 0;
    for (let i = 0; i < edits.length; i++) {
      const e = edits[i]!;
      if (isRepeat(edits, i)) continue;
      if (e.start < at) throw new Error(`overlapping edits in document ${this.number}`);
      out += this.text.slice(at, e.start) + e.text;
      at = e.end;
    }
    return out + this.text.slice(at);
  }
}

/** Whether an earlier edit of the same range makes `sorted[i]` a repeat (see edit()). */
function isRepeat(sorted: readonly Edit[], i: number): boolean {
  const e = sorted[i]!;
  for (let j = i - 1; j >= 0 && sorted[j]!.start === e.start && sorted[j]!.end === e.end; j--) {
    if (e.start !== e.end || sorted[j]!.text === e.text) return true;
  }
  return false;
}
