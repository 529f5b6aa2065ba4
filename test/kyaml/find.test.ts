// The tree-less path walk against lookup() over the lazy tree: wherever the walk answers, it
// must be the tree's answer, down to the byte offsets that edits rely on.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeDocument } from '../../src/kyaml/compose';
import { YamlDocument } from '../../src/kyaml/document';
import { findScalars, pathTrie } from '../../src/kyaml/find';
import { LineIndex, type Place } from '../../src/kyaml/lines';
import { NeedsFullParse, type MapNode, type SeqNode, type YNode } from '../../src/kyaml/nodes';
import { lookup, parseFieldPath } from '../../src/kyaml/path';
import { Prefetch, Resource } from '../../src/kyaml/resource';
import { scanDocument } from '../../src/kyaml/scan';
import { splitStream } from '../../src/kyaml/split';
import { generateStream, mulberry32 } from '../helpers/generate-stream.mjs';

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

/**
 * lookup() over the tree for every path, as [path, start, end, value, style, field]; probes
 * are looked up too unless `probes` is false (a probe does not read its value, a lookup does).
 */
function byTree(text: string, probes = true): Found | 'error' | null {
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
    if (probes) {
      PROBES.forEach((path, i) => {
        for (const m of lookup(root, path)) found.push([PATHS.length + i, -1, -1, null, 'probe', m.path]);
      });
    }
    return found;
  } catch (e) {
    if (e instanceof NeedsFullParse || (e as Error).message.startsWith('not a scalar') || (e as { name?: string }).name === 'InputError') return 'error';
    throw e;
  }
}

function byWalk(place: Place): Found | null | undefined {
  const found = findScalars(place, TRIE);
  if (!found) return found;
  return found.map((f) => [f.path, f.node?.start ?? -1, f.node?.end ?? -1, f.node?.value ?? null, f.node?.style ?? 'probe', f.field]);
}

const sorted = (f: Found) => [...f].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[5].localeCompare(b[5]));

/** Compares the walk with the tree on every document of a stream; returns how many the walk answered. */
function agreeOn(stream: string): { answered: number; documents: number } {
  let answered = 0;
  const pieces = splitStream(new LineIndex(stream));
  for (const piece of pieces) {
    const walk = byWalk(piece);
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
    'a tab in the indentation of a value not on the path': 'spec:\n  resources:\n\t  cpu: 1\n  image: x\n',
    'a key indented under a one-line value': 'spec:\n  containers:\n  - name: a\n    image: x\n  - name: b\n      image: y\n',
    'a line between a mapping and its parent': 'spec:\n  containers:\n  - name: a\n    image: x\n   bad: x\n',
    'a line between an indented sequence and its key': 'spec:\n  containers:\n    - image: x\n   image: y\n',
    'a key under a misindented line': 'spec:\n  name: a\n bad\n  image: x\n',
    'a multi-line plain sibling': 'spec:\n  name: one\n    two\n  image: x\n',
    'a sibling block scalar': 'spec:\n  script: |\n    a: b\n      c\n  image: x\n',
    'an empty document': '# only a comment\n',
    'a document marker with content': '--- {a: 1}\n',
    'a root sequence': '- a\n',
    'an indented root': '  kind: Pod\n',
    'a literal block scalar on the path': 'spec:\n  image: |\n    x\n',
    'keys that only start like ours': 'spec:\n  images: x\n  image-x: y\n  imagePullPolicy: z\n',
  };

  for (const [name, text] of Object.entries(cases)) {
    it(`agrees with the tree or hands over: ${name}`, () => {
      const walk = byWalk(new LineIndex(text).place());
      if (walk === undefined) return;
      const tree = byTree(text);
      expect(tree).not.toBe('error');
      expect(walk === null ? null : sorted(walk)).toEqual(tree === null ? null : sorted(tree as Found));
    });
  }

  it('answers for the shapes Helm and kubectl write', () => {
    for (const name of ['compact and indented sequences', 'items whose value starts below the dash', 'comments and blank lines', 'CRLF', 'quoted values and escapes', 'nulls and empties', 'a value with a URL and a trailing comment', 'an empty document', 'keys that only start like ours', 'sibling with a multi-line quoted value', 'a sibling block scalar']) {
      const text = cases[name]!;
      expect(byWalk(new LineIndex(text).place()), name).not.toBeUndefined();
    }
  });

  it('reads a key asked for both as a sequence and as a scalar as the tree does: an error, so hands over', () => {
    const both = pathTrie([parseFieldPath('spec/args'), parseFieldPath('spec/args[]')]);
    for (const text of ['spec:\n  args:\n  - a\n', 'spec:\n  args: a\n']) expect(findScalars(new LineIndex(text).place(), both), text).toBeUndefined();
    const text = 'spec:\n  args:\n';
    expect(findScalars(new LineIndex(text).place(), both)).toEqual([{ path: 0, node: { type: 'scalar', start: 13, end: 13, style: 'plain', value: null }, field: 'spec.args' }]);
  });

  it('hands over a field asked for both as a scalar and as a mapping', () => {
    const both = pathTrie([parseFieldPath('spec/x'), parseFieldPath('spec/x/y'), parseFieldPath('spec/items[]'), parseFieldPath('spec/items[]/y')]);
    for (const text of ['spec:\n  x:\n    y: 1\n', 'spec:\n  x: 1\n', 'spec:\n  items:\n  - y: 1\n', 'spec:\n  items:\n  -\n    y: 1\n', 'spec:\n  items:\n  - 1\n']) {
      expect(findScalars(new LineIndex(text).place(), both), text).toBeUndefined();
    }
  });

  it('hands over what only the tree can judge', () => {
    for (const name of ['empty flow of the wrong type', 'scalar where a sequence belongs', 'sequence where a mapping belongs', 'mapping where a scalar belongs', 'multi-line plain scalar', 'multi-line quoted scalar', 'a multi-line quoted value on the path', 'a quoted value running onto a shallower line', 'flow collection with content', 'anchors and aliases', 'a duplicate key on the path', 'a merge key', 'a quoted key', 'a plain value with ": "', 'a literal block scalar on the path', 'a tab in indentation', 'a tab in the indentation of a value not on the path', 'a key indented under a one-line value', 'a line between a mapping and its parent', 'a line between an indented sequence and its key', 'a key under a misindented line', 'a multi-line plain sibling', 'a document marker with content', 'a root sequence', 'an indented root']) {
      const text = cases[name]!;
      expect(byWalk(new LineIndex(text).place()), name).toBeUndefined();
    }
  });
});

describe('resource identity without a tree', () => {
  it('is what the tree says, for every document of kube-prometheus and a generated stream', () => {
    for (const stream of [kubePrometheus, generateStream({ documents: 300, seed: 5 })]) {
      for (const [i, piece] of splitStream(new LineIndex(stream)).entries()) {
        const doc = () => new YamlDocument(piece.text, i + 1, stream, piece);
        const fast = Resource.ofDocument(doc());
        if (!fast) continue;
        const tree = new Resource(doc());
        const { apiVersion, kind } = fast.typeMeta();
        expect({ apiVersion, kind }).toEqual(tree.typeMeta());
        expect(fast.meta()).toEqual(tree.meta());
      }
    }
  });
});

describe('fields read on the walk that identifies a resource', () => {
  const PREFETCHED = PATHS.slice(4, 11);
  const asked = {
    'a part of what was read': pathTrie(['spec/containers[]/image', 'spec/image', 'spec/template/spec/volumes[]/image/reference'].map(parseFieldPath)),
    'all of it, in another order': pathTrie([...PREFETCHED].reverse()),
    'a field that was not read': pathTrie(['spec/template/spec/containers[]/image', 'spec/ports[]/port'].map(parseFieldPath)),
    'an identity field': pathTrie(['kind', 'spec/image'].map(parseFieldPath)),
  };

  /** scalars() of a resource read with the prefetch, against one read without (its own walk, or the tree). */
  function agree(stream: string): number {
    const prefetch = new Prefetch(PREFETCHED);
    let compared = 0;
    for (const [i, piece] of splitStream(new LineIndex(stream)).entries()) {
      const doc = () => new YamlDocument(piece.text, i + 1, stream, piece);
      let read: Resource | undefined;
      try {
        read = Resource.ofDocument(doc(), prefetch);
      } catch {
        continue;
      }
      if (!read) continue;
      const alone = new Resource(doc());
      for (const [name, trie] of Object.entries(asked)) {
        const answer = (r: Resource) => {
          try {
            return r.scalars(trie).map((f) => [f.path, f.node.start, f.node.end, f.node.value, f.field]);
          } catch (e) {
            return (e as Error).message;
          }
        };
        expect(answer(read), `${name}\n${piece.text.slice(0, 300)}`).toEqual(answer(alone));
        compared++;
      }
    }
    return compared;
  }

  it('answers as a reading of the resource alone does, on kube-prometheus and generated streams', () => {
    for (const stream of [kubePrometheus, generateStream({ documents: 300, seed: 7 })]) expect(agree(stream)).toBeGreaterThan(300);
  });

  it('answers as a reading of the resource alone does, on random documents', () => {
    const random = mulberry32(7);
    let compared = 0;
    for (let n = 0; n < 600; n++) compared += agree(randomDocument(random));
    expect(compared).toBeGreaterThan(1600);
  });
});

describe('the items of a List, read by the walk from each item', () => {
  const PREFETCHED = PATHS.slice(4, 11);
  const trie = pathTrie(PREFETCHED);

  /** Documents as the items of a `kind: List`, compact (`- key:`) or with the item below its dash, at `indent`. */
  function asList(documents: string[], below: boolean, indent: number): string {
    const pad = ' '.repeat(indent);
    const items = documents.map((d) => {
      const lines = d.replace(/\n$/, '').split('\n');
      return below ? `${pad}-\n${lines.map((l) => (l === '' ? l : `${pad}  ${l}`)).join('\n')}` : lines.map((l, j) => (j === 0 ? `${pad}- ${l}` : l === '' ? l : `${pad}  ${l}`)).join('\n');
    });
    return `apiVersion: v1\nkind: List\nitems:\n${items.join('\n')}\n`;
  }

  /** Each item read with the walk (Resource.ofItem) against the same item read through the tree; returns how many the walk answered. */
  function agree(list: string): number {
    const piece = splitStream(new LineIndex(list))[0]!;
    const doc = () => new YamlDocument(piece.text, 1, list, piece);
    let nodes: YNode[];
    try {
      nodes = doc().read((root) => {
        const items = root.get('items');
        return items?.type === 'seq' ? [...items.items()] : [];
      });
    } catch {
      return 0;
    }
    let walked = 0;
    nodes.forEach((node, i) => {
      if (node.type !== 'map') return;
      const answer = (r: Resource) => {
        try {
          return { meta: r.meta(), found: r.scalars(trie).map((f) => [f.path, f.node.start, f.node.end, f.node.value, f.field]) };
        } catch (e) {
          return (e as Error).message;
        }
      };
      const listed = doc();
      const item = listed.read((root) => (root.get('items') as SeqNode).items()[i] as MapNode);
      const fast = Resource.ofItem(listed, ['items', i], item, new Prefetch(PREFETCHED));
      if (listed.findIn(item, trie) !== undefined) walked++;
      expect(answer(fast), list.slice(0, 300)).toEqual(answer(new Resource(doc(), ['items', i])));
    });
    return walked;
  }

  it('agrees with the tree on kube-prometheus and generated streams, compact or not, at any indentation, and answers for them', () => {
    for (const stream of [kubePrometheus, generateStream({ documents: 200, seed: 9 })]) {
      const documents = splitStream(new LineIndex(stream)).map((p) => p.text.replace(/^---\n/, '')).filter((d) => /^kind:/m.test(d));
      for (const [below, indent] of [[false, 0], [false, 2], [true, 0], [true, 4]] as const) {
        expect(agree(asList(documents, below, indent))).toBe(documents.length);
      }
    }
  });

  it('agrees with the tree on random documents as items', () => {
    const random = mulberry32(11);
    let walked = 0;
    for (let n = 0; n < 300; n++) walked += agree(asList([randomDocument(random), randomDocument(random)], random() < 0.3, random() < 0.5 ? 0 : 2));
    expect(walked).toBeGreaterThan(200);
  });
});

// The shape of a workload, for random documents that reach deep along the paths above.
type Shape = 'scalar' | 'any' | Shape[] | { [key: string]: Shape };
const CONTAINER: Shape = { name: 'scalar', image: 'scalar', args: ['scalar'], env: [{ name: 'scalar', value: 'scalar' }] };
const POD: Shape = { containers: [CONTAINER], initContainers: [CONTAINER], volumes: [{ name: 'scalar', image: { reference: 'scalar' } }], restartPolicy: 'scalar' };
const WORKLOAD: Shape = {
  apiVersion: 'scalar',
  kind: 'scalar',
  metadata: { name: 'scalar', namespace: 'scalar', labels: 'any', annotations: 'any' },
  spec: { replicas: 'scalar', selector: { matchLabels: 'any' }, template: { metadata: 'any', spec: POD }, jobTemplate: { spec: { template: { spec: POD } } }, containers: [CONTAINER], image: 'scalar', ports: [{ port: 'scalar' }] },
};
const SCALARS = ['nginx:1.25', 'quay.io/org/app:1.0@sha256:0123', 'null', '~', '', "'single ''q'''", '"double \\t"', '"a: b"', 'x # comment', '&anchor v', '*anchor', '!!str 5', '[]', '{}', '[a, b]', '{a: 1}', '|\n  literal', '>-\n  folded', 'plain\n  continued', '"multi\n  line"', 'a: b', '8080', 'true', 'Deployment', 'v1'];

/** A random document that mostly follows `shape`, with every kind of value and layout on the way. */
function randomDocument(random: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const lines: string[] = [];
  const comment = (indent: number) => {
    if (random() < 0.06) lines.push(random() < 0.5 ? '' : `${' '.repeat(Math.floor(random() * (indent + 3)))}# note`);
  };
  // Mostly what Helm writes; now and then anything.
  const scalar = (indent: number) => (random() < 0.75 ? pick(SCALARS.slice(0, 8)) : pick(SCALARS)).replaceAll('\n', `\n${' '.repeat(indent + 2)}`);
  const randomShape = (): Shape => pick<Shape>(['scalar', 'scalar', { other: 'scalar', image: 'scalar' }, ['scalar'], [{ image: 'scalar' }]]);
  // Writes `shape` as the value after `head` (a key with its colon, or a dash).
  const value = (head: string, shape: Shape, indent: number, depth: number, dash: boolean): void => {
    if (random() < 0.1 || depth > 8) shape = randomShape();
    if (shape === 'scalar' || shape === 'any') {
      lines.push(`${head} ${scalar(indent)}`);
    } else if (Array.isArray(shape)) {
      if (random() < 0.1) return void lines.push(`${head} []`);
      lines.push(`${head}${random() < 0.1 ? ' # c' : ''}`);
      const at = dash || random() < 0.5 ? indent + 2 : indent;
      for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
        comment(at);
        const gap = pick([' ', ' ', '   ']);
        if (typeof shape[0] === 'object' && !Array.isArray(shape[0]) && random() < 0.85) {
          if (random() < 0.15) {
            lines.push(`${' '.repeat(at)}-`);
            mapping(shape[0] as Record<string, Shape>, at + 2, depth + 1);
          } else mapping(shape[0] as Record<string, Shape>, at + 1 + gap.length, depth + 1, `${' '.repeat(at)}-${gap}`);
        } else lines.push(`${' '.repeat(at)}-${gap}${scalar(at).split('\n')[0]}`);
      }
    } else {
      if (random() < 0.05) return void lines.push(`${head} {}`);
      lines.push(`${head}${random() < 0.1 ? ' # c' : ''}`);
      mapping(shape, indent + pick([2, 2, 4]), depth + 1);
    }
  };
  const mapping = (shape: Record<string, Shape>, indent: number, depth: number, firstLead?: string): void => {
    const keys = Object.keys(shape).filter(() => random() < 0.75);
    if (random() < 0.2) keys.splice(Math.floor(random() * (keys.length + 1)), 0, pick(['other', 'x-y', 'a.b', 'image', keys[0] ?? 'kind']));
    if (keys.length === 0) keys.push(pick(Object.keys(shape)));
    keys.forEach((key, i) => {
      comment(indent);
      const lead = i === 0 && firstLead !== undefined ? firstLead : ' '.repeat(indent);
      const written = random() < 0.02 ? `"${key}"` : key;
      value(`${lead}${written}:`, shape[key] ?? randomShape(), indent, depth, i === 0 && firstLead !== undefined);
    });
  };
  mapping(WORKLOAD as Record<string, Shape>, 0, 0);
  return `${lines.join('\n')}\n`;
}

/** The scalars lookup() finds over the `yaml` package's tree; undefined where yaml rejects the text. */
function byYaml(text: string): Found | 'error' | null | undefined {
  const composed = composeDocument(text);
  if (!composed.ok) return undefined;
  const root = composed.root;
  if (root === null) return null;
  try {
    const found: Found = [];
    PATHS.forEach((path, i) => {
      for (const m of lookup(root, path)) {
        if (m.node.type === 'scalar') found.push([i, m.node.start, m.node.end, m.node.value, m.node.style, m.path]);
      }
    });
    return found;
  } catch {
    return 'error';
  }
}

describe('finding scalars without a tree, on random documents', () => {
  it('answers only what the tree and the yaml package answer', () => {
    const random = mulberry32(20261124);
    const withoutProbes = (f: Found) => sorted(f.filter((x) => x[4] !== 'probe'));
    let answered = 0;
    let deep = 0;
    for (let n = 0; n < 6000; n++) {
      const text = randomDocument(random);
      const walk = byWalk(new LineIndex(text).place());
      if (walk === undefined) continue;
      answered++;
      if (walk?.some((f) => f[0] >= 4)) deep++;
      const tree = byTree(text, false);
      expect(tree, text).not.toBe('error');
      expect(walk && withoutProbes(walk), text).toEqual(tree && withoutProbes(tree as Found));
      const yaml = byYaml(text);
      if (yaml !== undefined) expect(walk && withoutProbes(walk), text).toEqual(yaml === null || yaml === 'error' ? yaml : withoutProbes(yaml));
    }
    // Plenty of documents are plain enough to be answered, many of them with scalars below spec.
    expect(answered).toBeGreaterThan(800);
    expect(deep).toBeGreaterThan(500);
  });
});
