// The tree-less path walk against lookup() over the lazy tree: wherever the walk answers, it
// must be the tree's answer, down to the byte offsets that edits rely on.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { YamlDocument } from '../../src/kyaml/document';
import { findScalars, pathTrie } from '../../src/kyaml/find';
import { LineIndex } from '../../src/kyaml/lines';
import { NeedsFullParse } from '../../src/kyaml/nodes';
import { lookup, parseFieldPath } from '../../src/kyaml/path';
import { Resource } from '../../src/kyaml/resource';
import { scanDocument } from '../../src/kyaml/scan';
import { splitStream } from '../../src/kyaml/split';
import { generateStream } from '../helpers/generate-stream.mjs';

const kubePrometheus = readFileSync(new URL('../../../shared/fixtures/kube-prometheus.yaml', import.meta.url), 'utf8');

const PATHS = [
  'apiVersion',
  'kind',
  'metadata/name',
  'metadata/namespace',
  'spec/template/spec/containers[]/image',
  'spec/template/spec/initContainers[]/image',
  'spec/template/spec/volumes[]/image/reference',
  'spec/jobTemplate/spec/template/spec/containers[]/image',
  'spec/containers[]/image',
  'spec/containers[]/args[]',
  'spec/image',
  'spec/selector/matchLabels/app.kubernetes.io~1name',
  'spec/ports[]/port',
].map(parseFieldPath);
const PROBES = [parseFieldPath('metadata/annotations'), parseFieldPath('metadata/labels')];
const ALL = [...PATHS, ...PROBES];
const TRIE = pathTrie(ALL, new Set(PROBES.map((_, i) => PATHS.length + i)));

type Found = Array<[number, number, number, string | null, string, string]>;

/** lookup() over the tree for every path, as [path, start, end, value, style, field]. */
function byTree(text: string): Found | 'error' | null {
  try {
    const root = scanDocument(text);
    if (root === null) return null;
    const found: Found = [];
    PATHS.forEach((path, i) => {
      for (const m of lookup(root, path)) {
        if (m.node.type !== 'scalar') throw new Error(`not a scalar at ${m.path}`);
        found.push([i, m.node.start, m.node.end, m.node.value, m.node.style, m.path]);
      }
    });
    PROBES.forEach((path, i) => {
      for (const m of lookup(root, path)) found.push([PATHS.length + i, -1, -1, null, 'probe', m.path]);
    });
    return found;
  } catch (e) {
    if (e instanceof NeedsFullParse || (e as Error).message.startsWith('not a scalar') || (e as { name?: string }).name === 'InputError') return 'error';
    throw e;
  }
}

function byWalk(lines: LineIndex, offset: number, length: number): Found | null | undefined {
  const found = findScalars(lines, offset, length, TRIE);
  if (!found) return found;
  return found.map((f) => [f.path, f.node?.start ?? -1, f.node?.end ?? -1, f.node?.value ?? null, f.node?.style ?? 'probe', f.field]);
}

const sorted = (f: Found) => [...f].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[5].localeCompare(b[5]));

/** Compares the walk with the tree on every document of a stream; returns how many the walk answered. */
function agreeOn(stream: string): { answered: number; documents: number } {
  const lines = new LineIndex(stream);
  let answered = 0;
  const pieces = splitStream(stream);
  for (const piece of pieces) {
    const walk = byWalk(lines, piece.offset, piece.text.length);
    if (walk === undefined) continue;
    answered++;
    const tree = byTree(piece.text);
    expect(tree, piece.text.slice(0, 160)).not.toBe('error');
    expect(walk === null ? null : sorted(walk), piece.text.slice(0, 160)).toEqual(tree === null ? null : sorted(tree as Found));
  }
  return { answered, documents: pieces.length };
}

describe('finding scalars without a tree', () => {
  it('agrees with the tree on kube-prometheus, answering for every document', () => {
    const { answered, documents } = agreeOn(kubePrometheus);
    expect(answered).toBe(documents);
  });

  it('agrees with the tree on generated streams, answering for every document', () => {
    for (const seed of [1, 2, 3]) {
      const { answered, documents } = agreeOn(generateStream({ documents: 300, seed }));
      expect(answered).toBe(documents);
    }
  });

  const cases: Record<string, string> = {
    'compact and indented sequences': 'spec:\n  containers:\n  - name: a\n    image: x\n  -   image: "y"\n      name: b\n',
    'items whose value starts below the dash': 'spec:\n  containers:\n    -\n      image: x\n    - image: y\n',
    'comments and blank lines': '# c\nkind: Pod # k\nspec:\n  # c\n  containers:\n\n    # c\n    - image: x # y\n      # z\n',
    'CRLF': 'kind: Pod\r\nspec:\r\n  containers:\r\n  - image: x\r\n',
    'quoted values and escapes': "spec:\n  containers:\n  - image: 'it''s'\n  - image: \"a\\tb\"\n  - image: \"plain\"\n",
    'nulls and empties': 'spec:\n  containers:\n  - image:\n  - image: ~\n  - name: x\n  initContainers: []\n  volumes:\n',
    'empty flow of the wrong type': 'spec:\n  containers: {}\n',
    'scalar where a sequence belongs': 'spec:\n  containers: nginx\n',
    'sequence where a mapping belongs': 'spec:\n  - a\n',
    'mapping where a scalar belongs': 'spec:\n  image:\n    name: x\n',
    'multi-line plain scalar': 'spec:\n  image: one\n    two\n',
    'multi-line quoted scalar': 'spec:\n  image: "one\n    two"\n',
    'sibling with a multi-line quoted value': 'metadata:\n  description: "a\n    b: c"\n  name: n\nspec:\n  image: x\n',
    'a multi-line quoted value on the path': 'metadata:\n  name: "a\n    b"\n',
    'a quoted value running onto a shallower line': 'metadata:\n  description: "a\n  name: b"\n',
    'flow collection with content': 'spec:\n  containers: [{image: x}]\n',
    'anchors and aliases': 'spec:\n  image: &i x\n  containers:\n  - image: *i\n',
    'a duplicate key on the path': 'spec:\n  image: a\n  image: b\n',
    'a merge key': 'spec:\n  <<: {image: x}\n',
    'a quoted key': 'spec:\n  "image": x\n',
    'a plain value with ": "': 'spec:\n  image: a: b\n',
    'a value with a URL and a trailing comment': 'spec:\n  image: quay.io/x/y:1.0@sha256:abc # pinned\n',
    'a tab in indentation': 'spec:\n\timage: x\n',
    'an empty document': '# only a comment\n',
    'a document marker with content': '--- {a: 1}\n',
    'a root sequence': '- a\n',
    'an indented root': '  kind: Pod\n',
    'a literal block scalar on the path': 'spec:\n  image: |\n    x\n',
    'keys that only start like ours': 'spec:\n  images: x\n  image-x: y\n  imagePullPolicy: z\n',
  };

  for (const [name, text] of Object.entries(cases)) {
    it(`agrees with the tree or hands over: ${name}`, () => {
      const walk = byWalk(new LineIndex(text), 0, text.length);
      if (walk === undefined) return;
      const tree = byTree(text);
      expect(tree).not.toBe('error');
      expect(walk === null ? null : sorted(walk)).toEqual(tree === null ? null : sorted(tree as Found));
    });
  }

  it('answers for the shapes Helm and kubectl write', () => {
    for (const name of ['compact and indented sequences', 'items whose value starts below the dash', 'comments and blank lines', 'CRLF', 'quoted values and escapes', 'nulls and empties', 'a value with a URL and a trailing comment', 'an empty document', 'keys that only start like ours', 'sibling with a multi-line quoted value']) {
      const text = cases[name]!;
      expect(byWalk(new LineIndex(text), 0, text.length), name).not.toBeUndefined();
    }
  });

  it('hands over what only the tree can judge', () => {
    for (const name of ['empty flow of the wrong type', 'scalar where a sequence belongs', 'sequence where a mapping belongs', 'mapping where a scalar belongs', 'multi-line plain scalar', 'multi-line quoted scalar', 'a multi-line quoted value on the path', 'a quoted value running onto a shallower line', 'flow collection with content', 'anchors and aliases', 'a duplicate key on the path', 'a merge key', 'a quoted key', 'a plain value with ": "', 'a literal block scalar on the path', 'a tab in indentation', 'a document marker with content', 'a root sequence', 'an indented root']) {
      const text = cases[name]!;
      expect(byWalk(new LineIndex(text), 0, text.length), name).toBeUndefined();
    }
  });
});

describe('resource identity without a tree', () => {
  it('is what the tree says, for every document of kube-prometheus and a generated stream', () => {
    for (const stream of [kubePrometheus, generateStream({ documents: 300, seed: 5 })]) {
      const lines = new LineIndex(stream);
      for (const [i, piece] of splitStream(stream).entries()) {
        const doc = () => new YamlDocument(piece.text, i + 1, stream, piece.offset, lines);
        const fast = Resource.ofDocument(doc());
        if (!fast) continue;
        const tree = new Resource(doc());
        expect(fast.typeMeta()).toEqual(tree.typeMeta());
        expect(fast.meta()).toEqual(tree.meta());
      }
    }
  });
});
