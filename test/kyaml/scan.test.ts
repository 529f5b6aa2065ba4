// The fast scanner against the full `yaml` parser: wherever the scanner gives an answer, it
// must be the parser's answer, down to the byte offsets that edits rely on.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeDocument } from '../../src/kyaml/compose';
import { NeedsFullParse, type YNode } from '../../src/kyaml/nodes';
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

describe('fast scanner agrees with the yaml package', () => {
  it('on every document of kube-prometheus, without handing any over', () => {
    const docs = splitStream(kubePrometheus);
    expect(docs.length).toBeGreaterThan(90);
    for (const doc of docs) {
      expect(fastShape(doc.text), doc.text.slice(0, 120)).not.toBe('bails');
      expect(agreesWithYaml(doc.text), doc.text.slice(0, 120)).toBeUndefined();
    }
  });

  it('on a generated Helm stream of 300 documents', () => {
    for (const doc of splitStream(generateStream({ documents: 300, seed: 7 }))) {
      expect(agreesWithYaml(doc.text), doc.text.slice(0, 120)).toBeUndefined();
    }
  });

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
