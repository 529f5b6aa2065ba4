// The fast scanner against the full `yaml` parser: wherever the scanner gives an answer, it
// must be the parser's answer, down to the byte offsets that edits rely on.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeDocument } from '../../src/kyaml/compose';
import { NeedsFullParse, type YNode } from '../../src/kyaml/nodes';
import { LineIndex, type Place } from '../../src/kyaml/lines';
import { scanDocument } from '../../src/kyaml/scan';
import { splitStream } from '../../src/kyaml/split';
import { generateStream } from '../helpers/generate-stream.mjs';
import { disagreement, shapeOf } from '../helpers/tree';

const kubePrometheus = readFileSync(new URL('../../../shared/fixtures/kube-prometheus.yaml', import.meta.url), 'utf8');

function fullTree(text: string): YNode | null {
  const composed = composeDocument(text);
  if (!composed.ok) throw new Error(`yaml rejects the document: ${composed.error.message}`);
  return composed.root;
}

/** The scanner's tree as far as it reads, or 'bails' when it hands the document over. */
function fastShape(text: string) {
  try {
    const root = scanDocument(text);
    return root && shapeOf(root);
  } catch (e) {
    if (e instanceof NeedsFullParse) return 'bails';
    throw e;
  }
}

function agreesWithYaml(text: string): string | undefined {
  const fast = fastShape(text);
  const full = fullTree(text);
  if (fast === 'bails') return undefined;
  return disagreement(fast, full && shapeOf(full));
}

const cases: Record<string, string> = {
  'compact and indented sequences': 'a:\n- x\n- y\nb:\n  - p\n  -   q\nc: 1\n',
  'sequence of mappings': 'c:\n- name: a\n  image: nginx:1\n-   name: b\n    image: "redis"\n- name: c\n\n  # comment\n  image: \'x\'\n',
  'nested sequences': 'a:\n- - 1\n  - 2\n- - 3\n',
  'comments everywhere': '# head\na: 1 # tail\n# between\nb:   # after key\n  c: 2\n    # odd indent\n  d: "#not" # c\n',
  'quoted keys and escapes': '"a b": 1\n\'c\'\'d\': 2\ne: "tab\\tnew\\nline \\u00e9"\nf: \'it\'\'s\'\n',
  'empty flow collections': 'a: {}\nb: []\nc: { }\nd:\n  e: [ ]\n',
  'flow collections with content': 'a: {x: 1, y: [2, 3]}\nb: [a, "b, c"]\nc: 1\n',
  'multi-line flow collection': 'a: [1,\n  2]\nb: 3\n',
  'block scalars': 'a: |\n  line 1\n\n  line 2\nb: >-\n  folded\n  text\nc: |+\n  keep\n\nd: 1\n',
  'literal block scalars and chomping': 'a: |-\n  x\n    y\n\n  z\n\n\nb: |\n\n  lead blank\nc: |+\n  k\n\n\nd: |\n  last\n',
  'block scalar with comment-like lines': 'a: |\n  #!/bin/sh\n  echo hi # not a comment\nb: 2\n',
  'multi-line plain and quoted scalars': 'a: one\n  two\nb: "three\n  four"\nc: \'five\n  six\'\nd: 7\n',
  'anchors, aliases and tags': 'a: &x\n  b: 1\nc: *x\nd: !!str 5\ne: &y z\n',
  'nulls and empties': 'a:\nb: ~\nc: null\nd: ""\ne:\n  f:\n',
  'CRLF line endings': 'a: 1\r\nb:\r\n  c: "d"\r\n  e:\r\n  - f\r\n',
  'document markers and trailing comments': '---\n# Source: x\na: 1\n# trailing\n',
  'keys with colons and URLs': 'a: http://x:80/y\n"b:c": d\ne: f:g\nimage: quay.io/a/b:1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n',
  'deep indentation steps of 4': 'spec:\n    template:\n        spec:\n            containers:\n                -   name: a\n                    image: b\n',
  'value on its own line': 'a:\n  plain value\nb: 1\n',
  'unicode': 'a: "ünïcödé"\nb: 日本\n',
};

describe('fast scanner agrees with the yaml package', () => {
  it('on every document of kube-prometheus, without handing any over', () => {
    const docs = splitStream(new LineIndex(kubePrometheus));
    expect(docs.length).toBeGreaterThan(90);
    for (const doc of docs) {
      expect(fastShape(doc.text), doc.text.slice(0, 120)).not.toBe('bails');
      expect(agreesWithYaml(doc.text), doc.text.slice(0, 120)).toBeUndefined();
    }
  });

  it('on a generated Helm stream of 300 documents', () => {
    for (const doc of splitStream(new LineIndex(generateStream({ documents: 300, seed: 7 })))) {
      expect(agreesWithYaml(doc.text), doc.text.slice(0, 120)).toBeUndefined();
    }
  });


  for (const [name, text] of Object.entries(cases)) {
    it(`on ${name}`, () => {
      expect(agreesWithYaml(text)).toBeUndefined();
    });
  }

  it('reads the common shapes itself rather than handing them over', () => {
    for (const name of ['literal block scalars and chomping', 'compact and indented sequences', 'sequence of mappings', 'comments everywhere', 'quoted keys and escapes', 'CRLF line endings', 'deep indentation steps of 4']) {
      expect(fastShape(cases[name]!), name).not.toBe('bails');
    }
  });
});

/**
 * Walk one tree by entries() and a second, fresh tree of the same text by get() alone (which
 * reads no sibling value): every node must be the same, and a key that is not there absent.
 */
function lookupsDisagree(text: string, place?: Place): string | undefined {
  const same = (a: YNode, b: YNode | undefined, path: string): string | undefined => {
    if (b === undefined) return `${path}: missing`;
    const at = (n: YNode) => JSON.stringify([n.type, n.start, n.end, n.type === 'scalar' ? [n.value, n.style] : n.type === 'opaque' ? n.what : '']);
    if (at(a) !== at(b)) return `${path}: ${at(a)} vs ${at(b)}`;
    if (a.type === 'seq' && b.type === 'seq') {
      const [as, bs] = [a.items(), b.items()];
      if (as.length !== bs.length) return `${path}: ${as.length} vs ${bs.length} items`;
      for (let i = 0; i < as.length; i++) {
        const d = same(as[i]!, bs[i], `${path}[${i}]`);
        if (d) return d;
      }
    }
    if (a.type === 'map' && b.type === 'map') {
      if (b.get('no such key') !== undefined) return `${path}: found a key that is not there`;
      for (const entry of a.entries()) {
        const d = same(entry.value, b.get(entry.key), `${path}.${entry.key}`);
        if (d) return d;
      }
    }
    return undefined;
  };
  try {
    const byEntries = scanDocument(text, place);
    return byEntries ? same(byEntries, scanDocument(text, place)!, '') : undefined;
  } catch (e) {
    if (e instanceof NeedsFullParse) return undefined;
    throw e;
  }
}

describe('reading one key of a mapping', () => {
  it('finds what reading every entry finds, on kube-prometheus with one line index for the whole stream', () => {
    for (const doc of splitStream(new LineIndex(kubePrometheus))) {
      expect(disagreement(fastShape(doc.text) as never, shapeOf(scanDocument(doc.text, doc)!)), doc.text.slice(0, 120)).toBeUndefined();
      expect(lookupsDisagree(doc.text, doc), doc.text.slice(0, 120)).toBeUndefined();
    }
  });

  it('finds what reading every entry finds, on a generated stream and the cases above', () => {
    for (const doc of splitStream(new LineIndex(generateStream({ documents: 200, seed: 11 })))) expect(lookupsDisagree(doc.text), doc.text.slice(0, 120)).toBeUndefined();
    for (const text of Object.values(cases)) expect(lookupsDisagree(text), text).toBeUndefined();
  });

  it.each([
    ['a duplicate of the key asked for', 'a: 1\nb: 2\na: 3\n', 'a'],
    ['a merge key beside it', 'base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n', 'm'],
    ['a sibling line that is not a key', 'spec:\n  replicas: 1\n  not a key\n  template: {}\n', 'spec'],
    ['a sibling quoted scalar that runs onto a shallower line', 'a: "x\nb: y"\nc: 1\n', null],
    ['a sibling flow collection that runs onto a shallower line', 'a: [1,\nb]\nc: 1\n', null],
    ['a sibling quoted scalar that is never closed', 'a: "x\nc: 1\n', null],
    ['a block sequence at the key\'s column after a scalar value', 'a: x\n- y\nc: 1\n', null],
  ])('hands over %s', (_name, text, parent) => {
    const read = () => {
      const root = scanDocument(text)!;
      const map = parent ? (root.get(parent) as YNode & { type: 'map' }) : root;
      return map.get('c') ?? map.get('template') ?? map.get('y') ?? map.get('a');
    };
    expect(read).toThrow(NeedsFullParse);
  });

  it('passes a quoted scalar or flow collection that continues on deeper lines', () => {
    const root = scanDocument('a: "one\n  two: x"\nb: [1,\n  2]\nc: 1\n')!;
    expect(root.get('c')).toMatchObject({ type: 'scalar', value: '1' });
    expect(lookupsDisagree('a: "one\n  two: x"\nb: [1,\n  2]\nc: 1\n')).toBeUndefined();
  });

  it('does not read the values of the keys it passes', () => {
    const root = scanDocument('a: x: y\nb: |\n  k: v\n    w\nd: "one\n  two"\nc: 1\n')!;
    expect(root.get('c')).toMatchObject({ type: 'scalar', value: '1' });
  });

  // Each would hide a key from a reader that jumps over deeper lines; the full parser rejects
  // the misindented ones and reads the others (a multi-line plain scalar, an anchored block).
  it.each([
    ['a key indented under a one-line value', 'spec:\n  containers:\n  - name: a\n      image: x\n', ['spec', 'containers', 0, 'image']],
    ['a line between a mapping and its parent', 'spec:\n  containers:\n  - name: a\n    image: x\n   c: 1\n', ['spec', 'containers', 0, 'image']],
    ['a line between an indented sequence and its key', 'spec:\n  containers:\n    - name: a\n   c: 1\n', ['spec', 'containers', 0]],
    ['a tab in the indentation of a value no one reads', 'a:\n  b:\n\t  c: 1\nc: 1\n', ['c']],
    ['a multi-line plain scalar', 'a: one\n  two\nc: 1\n', ['c']],
    ['an anchored block', 'a: &x\n  k: v\nc: 1\n', ['c']],
  ])('hands over %s', (_name, text, path) => {
    const read = () => {
      let node: YNode | undefined = scanDocument(text)!;
      for (const step of path) node = typeof step === 'number' ? (node as YNode & { type: 'seq' }).items()[step] : (node as YNode & { type: 'map' }).get(step);
      return node;
    };
    expect(read).toThrow(NeedsFullParse);
    const readAll = (node: YNode): unknown => (node.type === 'map' ? node.entries().map((e) => readAll(e.value)) : node.type === 'seq' ? node.items().map(readAll) : node);
    expect(() => readAll(scanDocument(text)!)).toThrow(NeedsFullParse);
  });
});

describe('the line index', () => {
  it('puts every line where the text has it, and jumps over deeper lines', () => {
    const text = 'a:\n  b: 1\n\n  # c\n\tx: 2\nd: 3';
    const lines = new LineIndex(text);
    expect(lines.count).toBe(6);
    expect([...lines.starts.subarray(0, 7)]).toEqual([0, 3, 10, 11, 17, 23, 28]);
    expect([...lines.cols.subarray(0, 6)]).toEqual([0, 2, -1, -1, 0x3fffffff, 0]);
    expect(lines.next[0]).toBe(5);
    expect(lines.next[2]).toBe(4);
    expect(lines.lineAt(12)).toBe(3);
    expect(lines.end(5)).toBe(text.length);
  });

  it('sends a document with a lone carriage return to the full parser', () => {
    expect(() => scanDocument('a: 1\rb: 2\n')).toThrow(NeedsFullParse);
  });
});

describe('documents the scanner hands to the full parser', () => {
  it.each([
    ['a root sequence', '- a\n- b\n'],
    ['a scalar root', 'just text\n'],
    ['an indented root', '  a: 1\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['an unclosed flow collection', 'a: [1\n'],
    ['content after ---', '--- {a: 1}\n'],
  ])('%s', (_name, text) => {
    expect(fastShape(text)).toBe('bails');
  });
});
