// The JSON reader against the full `yaml` parser: where it answers, its tree must be the
// parser's, down to the offsets edits splice at; what it does not read, it hands over.

import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { composeDocument } from '../../src/kyaml/compose';
import { scanJson } from '../../src/kyaml/json';
import { NeedsFullParse } from '../../src/kyaml/nodes';
import { generateStream } from '../helpers/generate-stream.mjs';
import { disagreement, shapeOf } from '../helpers/tree';

const kubePrometheus = readFileSync(new URL('../../../shared/fixtures/kube-prometheus.yaml', import.meta.url), 'utf8');

function agreesWithYaml(text: string): string | undefined {
  const composed = composeDocument(text);
  if (!composed.ok) throw new Error(`yaml rejects it: ${composed.error.message}`);
  return disagreement(shapeOf(scanJson(text)), shapeOf(composed.root!));
}

const asList = (stream: string) => ({
  apiVersion: 'config.kubernetes.io/v1',
  kind: 'ResourceList',
  items: parseAllDocuments(stream).map((d) => d.toJS()).filter((item) => item !== null),
});

describe('the JSON reader agrees with the yaml package', () => {
  it('on kube-prometheus as one ResourceList, on one line and indented', () => {
    const list = asList(kubePrometheus);
    expect(agreesWithYaml(JSON.stringify(list))).toBeUndefined();
    expect(agreesWithYaml(JSON.stringify(list, null, 2))).toBeUndefined();
  });

  it('on a generated stream of 300 documents as one ResourceList', () => {
    expect(agreesWithYaml(JSON.stringify(asList(generateStream({ documents: 300, seed: 3 })), null, '\t'))).toBeUndefined();
  });

  it.each([
    ['escapes', '{"a": "tab\\tquote\\" slash\\/ u\\u00e9 \\ud83d\\ude00 back\\\\"}'],
    ['numbers, booleans and null', '{"a": [0, -1, 1.5, 2e10, -3.25E-2, true, false, null]}'],
    ['empty collections', '{"a": {}, "b": [], "c": [{}, []], "d": ""}'],
    ['whitespace of every kind', ' \r\n\t{ "a" :\r\n [ 1 ,\t2 ] }\n\n'],
    ['unicode and long values', `{"ünï": "日本語", "long": "${'x'.repeat(5000)}"}`],
  ])('on %s', (_name, text) => {
    expect(agreesWithYaml(text)).toBeUndefined();
  });
});

describe('what the JSON reader hands to the full parser', () => {
  it.each([
    ['a duplicate key', '{"a": 1, "a": 2}'],
    ['YAML flow syntax', '{a: 1}'],
    ['a single-quoted string', "{'a': 1}"],
    ['a trailing comma', '{"a": [1, 2,]}'],
    ['a comment', '{"a": 1} # note'],
    ['a second document', '{"a": 1}\n{"b": 2}'],
    ['a raw tab in a string', '{"a": "x\ty"}'],
    ['an unclosed string', '{"a": "x'],
    ['an unclosed object', '{"a": 1'],
    ['a bad escape', '{"a": "\\x41"}'],
    ['a number JSON does not have', '{"a": 01}'],
    ['a word', '{"a": yes}'],
    ['deep nesting', `${'['.repeat(600)}${']'.repeat(600)}`],
  ])('%s', (_name, text) => {
    expect(() => scanJson(text)).toThrow(NeedsFullParse);
  });
});
