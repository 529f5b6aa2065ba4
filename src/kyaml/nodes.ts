// The node model every transform reads. Two builders produce it: the fast block scanner
// (scan.ts), which reads only what is asked for, and the full `yaml` composer (compose.ts),
// used when the scanner meets something it does not handle. Offsets are relative to the
// document text, so edits can splice bytes without re-serialising anything.

export type ScalarStyle = 'plain' | 'single' | 'double' | 'block';

export interface ScalarNode {
  readonly type: 'scalar';
  readonly start: number;
  readonly end: number;
  readonly style: ScalarStyle;
  /** The scalar's string content; null for YAML null (`~`, `null`, empty). */
  readonly value: string | null;
  /** An anchored scalar's aliases elsewhere (full parser only): a new value written here must not reach them. */
  readonly aliases?: readonly Span[];
  /** A value a merge key (`<<`) brings into a mapping: a new value belongs in that mapping, as its own key. */
  readonly mergedInto?: { readonly key: string; map(): MapNode };
}

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface MapEntry {
  readonly key: string;
  readonly keyStart: number;
  readonly value: YNode;
}

export interface MapNode {
  readonly type: 'map';
  readonly start: number;
  readonly end: number;
  readonly flow: boolean;
  /** Column of the keys of a block mapping (-1 for flow mappings). */
  readonly indent: number;
  entries(): readonly MapEntry[];
  get(key: string): YNode | undefined;
}

export interface SeqNode {
  readonly type: 'seq';
  readonly start: number;
  readonly end: number;
  readonly flow: boolean;
  items(): readonly YNode[];
}

/** Something the fast scanner skipped (flow collection, alias, tag, multi-line scalar). */
export interface OpaqueNode {
  readonly type: 'opaque';
  readonly start: number;
  readonly end: number;
  readonly what: string;
}

export type YNode = ScalarNode | MapNode | SeqNode | OpaqueNode;

/** Thrown by the fast scanner when asked about something only the full parser can answer. */
export class NeedsFullParse extends Error {
  constructor(
    readonly what: string,
    /** Where the construct starts, when the scanner found it broken (an unclosed quote). */
    readonly brokenAt?: number,
  ) {
    super(`fast scanner cannot read ${what}`);
  }
}

export function describeNode(node: YNode): string {
  switch (node.type) {
    case 'map':
      return 'a mapping';
    case 'seq':
      return 'a sequence';
    case 'scalar':
      return node.value === null ? 'null' : 'a scalar';
    case 'opaque':
      return node.what;
  }
}

const NULL_PLAIN = /^(?:~|null|Null|NULL|)$/;

export function plainScalarValue(text: string): string | null {
  return NULL_PLAIN.test(text) ? null : text;
}

export function mapGet(entries: readonly MapEntry[], key: string): YNode | undefined {
  for (const entry of entries) if (entry.key === key) return entry.value;
  return undefined;
}
