// JSON input (a ResourceList as some KRM tools send it, `kubectl get -o json`) read straight
// into the node model. The `yaml` package composes JSON at about 1 MB/s; this reads it at the
// speed of a scan. It takes only what RFC 8259 allows and what the full parser reads the same
// way: anything else (YAML flow syntax, a duplicate key, control characters in a string, nesting
// deeper than MAX_DEPTH) throws NeedsFullParse, and the full parser reads or rejects it.
// test/kyaml/json.test.ts checks the trees against the full parser's.

import { NeedsFullParse, mapGet, type MapEntry, type MapNode, type ScalarNode, type SeqNode, type YNode } from './nodes';

const MAX_DEPTH = 500;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** The root of a JSON text, or throws NeedsFullParse. */
export function scanJson(text: string): YNode {
  const reader = new JsonReader(text);
  const root = reader.value(0);
  const after = reader.skipSpace();
  if (after < text.length) {
    const second = text[after] === '{' || text[after] === '[';
    throw second ? new NeedsFullParse('a second JSON value: put a --- line between documents, or the resources in a List', after) : new NeedsFullParse('text after the JSON value');
  }
  return root;
}

class JsonReader {
  private at = 0;

  constructor(private readonly t: string) {}

  skipSpace(): number {
    const t = this.t;
    let i = this.at;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      i++;
    }
    return (this.at = i);
  }

  value(depth: number): YNode {
    if (depth > MAX_DEPTH) throw new NeedsFullParse('JSON nested too deeply');
    const start = this.skipSpace();
    const c = this.t.charCodeAt(start);
    if (c === 0x7b) return this.object(start, depth);
    if (c === 0x5b) return this.array(start, depth);
    if (c === 0x22) return this.string(start);
    return this.literal(start);
  }

  private object(start: number, depth: number): MapNode {
    const entries: MapEntry[] = [];
    const keys = new Set<string>();
    this.at = start + 1;
    if (this.t.charCodeAt(this.skipSpace()) !== 0x7d) {
      for (;;) {
        const keyStart = this.skipSpace();
        if (this.t.charCodeAt(keyStart) !== 0x22) throw new NeedsFullParse('a JSON key that is not a string');
        const key = this.string(keyStart).value!;
        if (keys.has(key)) throw new NeedsFullParse('a duplicate key');
        keys.add(key);
        this.expect(0x3a);
        entries.push({ key, keyStart, value: this.value(depth + 1) });
        if (!this.separator(0x7d)) break;
      }
    }
    const end = ++this.at;
    return { type: 'map', start, end, flow: true, indent: -1, entries: () => entries, get: (key) => mapGet(entries, key) };
  }

  private array(start: number, depth: number): SeqNode {
    const items: YNode[] = [];
    this.at = start + 1;
    if (this.t.charCodeAt(this.skipSpace()) !== 0x5d) {
      do items.push(this.value(depth + 1));
      while (this.separator(0x5d));
    }
    const end = ++this.at;
    return { type: 'seq', start, end, flow: true, items: () => items };
  }

  /** After a member: true at a comma (another follows), false at `close` (left for the caller). */
  private separator(close: number): boolean {
    const c = this.t.charCodeAt(this.skipSpace());
    if (c === 0x2c) {
      this.at++;
      return true;
    }
    if (c === close) return false;
    throw new NeedsFullParse('a JSON collection that is not closed');
  }

  private expect(code: number): void {
    if (this.t.charCodeAt(this.skipSpace()) !== code) throw new NeedsFullParse('malformed JSON');
    this.at++;
  }

  private string(start: number): ScalarNode {
    const t = this.t;
    let i = start + 1;
    let escaped = false;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        i += 2;
        continue;
      }
      // Also the end of the text (NaN): an unclosed string.
      if (!(c >= 0x20)) throw new NeedsFullParse('a JSON string with a control character or no end');
      i++;
    }
    const end = i + 1;
    this.at = end;
    let value: string;
    if (!escaped) value = t.slice(start + 1, i);
    else {
      try {
        value = JSON.parse(t.slice(start, end)) as string;
      } catch {
        throw new NeedsFullParse('a JSON string with a bad escape');
      }
    }
    return { type: 'scalar', start, end, style: 'double', value };
  }

  /** A number, true, false or null: plain scalars, as YAML reads them. */
  private literal(start: number): ScalarNode {
    const t = this.t;
    let end: number;
    if (t.startsWith('true', start)) end = start + 4;
    else if (t.startsWith('false', start)) end = start + 5;
    else if (t.startsWith('null', start)) end = start + 4;
    else {
      NUMBER.lastIndex = start;
      if (!NUMBER.test(t)) throw new NeedsFullParse('a value JSON does not have');
      end = NUMBER.lastIndex;
    }
    this.at = end;
    const text = t.slice(start, end);
    return { type: 'scalar', start, end, style: 'plain', value: text === 'null' ? null : text };
  }
}
