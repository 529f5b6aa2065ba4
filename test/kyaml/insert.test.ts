// Adding entries and items to existing YAML: the added lines must parse where they were meant to
// go, and every value that was there must keep its value, checked with the full `yaml` parser.

import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { YamlDocument } from '../../src/kyaml/document';
import { addEntry, addResources, appendItem } from '../../src/kyaml/insert';
import { readPackage } from '../../src/kyaml/read';
import { writePackage } from '../../src/kyaml/write';
import { NeedsFullParse, type YNode } from '../../src/kyaml/nodes';

function at(node: YNode, ...path: (string | number)[]): YNode {
  for (const step of path) {
    if (typeof step === 'number' && node.type === 'seq') node = node.items()[step]!;
    else if (typeof step === 'string' && node.type === 'map') node = node.get(step)!;
    else throw new Error(`no ${step} in a ${node.type}`);
    // As every reader does: what the fast scanner skipped, the full parser reads.
    if (node.type === 'opaque') throw new NeedsFullParse(node.what);
  }
  return node;
}

/** Adds `imagePullSecrets` to the map at `path`, as the pull-secret transform does. */
function withEntry(text: string, ...path: string[]): string {
  const doc = new YamlDocument(text, 1);
  doc.read((root) => {
    const map = at(root, ...path);
    if (map.type !== 'map') throw new Error(`${path.join('.')} is a ${map.type}`);
    addEntry(doc, map, 'imagePullSecrets', [{ name: 'reg' }]);
  });
  return doc.output();
}

function withItem(text: string, ...path: string[]): string {
  const doc = new YamlDocument(text, 1);
  doc.read((root) => {
    const seq = at(root, ...path);
    if (seq.type !== 'seq') throw new Error(`${path.join('.')} is a ${seq.type}`);
    appendItem(doc, seq, { name: 'added' });
  });
  return doc.output();
}

const KEPT = ['|+', '>+', '|2+', '|+2', '&k |+', '!!str |+'];

describe('addEntry after a keep-chomping block scalar', () => {
  for (const header of KEPT) {
    it(`keeps the trailing line breaks of a \`${header}\` scalar that ends the mapping`, () => {
      const text = `spec:\n  containers:\n  - name: a\n    args:\n    - ${header}\n      echo hi\n\n\nstatus: {}\n`;
      const out = withEntry(text, 'spec');
      const before = parse(text);
      expect(parse(out)).toEqual({ ...before, spec: { ...before.spec, imagePullSecrets: [{ name: 'reg' }] } });
    });
  }

  it('keeps them at the end of the document, with or without a final line break', () => {
    for (const text of ['spec:\n  args:\n  - |+\n    x\n\n', 'spec:\n  args:\n  - |+\n    x\n\n\n  \n', 'spec:\n  args:\n  - |+\n    x\n\n  ', 'spec:\n  args:\n  - |+\n    x\n      ', 'spec:\n  args: |+\n    x\n      ']) {
      const out = withEntry(text, 'spec');
      expect(parse(out)).toEqual({ spec: { args: parse(text).spec.args, imagePullSecrets: [{ name: 'reg' }] } });
    }
  });

  it('stops at a comment: the blank lines after it are not the scalar’s', () => {
    const text = 'spec:\n  args:\n  - |+\n    x\n\n# note\n\nstatus: {}\n';
    const out = withEntry(text, 'spec');
    expect(out).toBe('spec:\n  args:\n  - |+\n    x\n\n  imagePullSecrets:\n  - name: reg\n# note\n\nstatus: {}\n');
  });

  it('keeps CRLF line breaks in the kept lines and the added ones', () => {
    const text = 'spec:\r\n  args:\r\n  - |+\r\n    x\r\n\r\nstatus: {}\r\n';
    const out = withEntry(text, 'spec');
    expect(out).toBe('spec:\r\n  args:\r\n  - |+\r\n    x\r\n\r\n  imagePullSecrets:\r\n  - name: reg\r\nstatus: {}\r\n');
  });

  it('adds right after the content when the last scalar clips or strips its line breaks', () => {
    for (const header of ['|', '|-', '>', '>-']) {
      const text = `spec:\n  args:\n  - ${header}\n    x\n\nstatus: {}\n`;
      expect(withEntry(text, 'spec')).toMatch(/\n {2}imagePullSecrets:\n {2}- name: reg\n\nstatus/);
    }
  });
});

describe('appendItem after a keep-chomping block scalar', () => {
  it('appends after the blank lines a `|+` item owns', () => {
    const text = 'items:\n- kind: ConfigMap\n  data:\n    script: |+\n      run\n\n\n';
    const out = withItem(text, 'items');
    expect(parse(out)).toEqual({ items: [...parse(text).items, { name: 'added' }] });
  });
});

describe('addEntry to a mapping whose first key has an anchor or a tag', () => {
  for (const props of ['&a ', '!!str ', '&a !!str ']) {
    it(`indents the new key like the others after \`${props}\``, () => {
      const text = `spec:\n  ${props}containers:\n  - name: a\n  restartPolicy: Always\n`;
      const out = withEntry(text, 'spec');
      expect(out).toBe(`${text}  imagePullSecrets:\n  - name: reg\n`);
      expect(parse(out).spec.imagePullSecrets).toEqual([{ name: 'reg' }]);
    });
  }

  it('indents to the key column inside a sequence item, past `- ` indicators', () => {
    const text = 'list:\n- - &c name: a\n    image: x\n';
    const doc = new YamlDocument(text, 1);
    doc.read((root) => {
      const map = at(root, 'list', 0, 0);
      if (map.type !== 'map') throw new Error('not a map');
      addEntry(doc, map, 'pullPolicy', 'Always');
    });
    expect(parse(doc.output())).toEqual({ list: [[{ name: 'a', image: 'x', pullPolicy: 'Always' }]] });
  });
});

describe('addResources to a YAML stream', () => {
  const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n';
  const SECRET = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } };
  const kinds = (text: string) => parseAllDocuments(text).map((d) => (expect(d.errors).toEqual([]), (d.toJS() as { kind?: string } | null)?.kind));

  it('puts them first, each with a # Source: line, the input after them unchanged', () => {
    for (const input of [POD, `---\n${POD}`, `# header\n---\n${POD}`]) {
      const pkg = readPackage(input);
      addResources(pkg, [SECRET], 'proxy-render/s.yaml');
      const out = writePackage(pkg, []);
      expect(out.startsWith('---\n# Source: proxy-render/s.yaml\napiVersion: v1\nkind: Secret\n')).toBe(true);
      expect(out.endsWith(input)).toBe(true);
      expect(kinds(out).filter((k) => k !== undefined)).toEqual(['Secret', 'Pod']);
    }
  });

  it('ends them with `...` when the input starts with directives, which may follow no other document end', () => {
    for (const input of [`%YAML 1.2\n---\n${POD}`, `# header\n%YAML 1.2\n---\n${POD}`, `%TAG ! tag:example.com,2000:\n---\n${POD}`]) {
      const pkg = readPackage(input);
      addResources(pkg, [SECRET], 'proxy-render/s.yaml');
      const out = writePackage(pkg, []);
      expect(out).toContain(`...\n${input}`);
      expect(kinds(out)).toEqual(['Secret', 'Pod']);
    }
  });
});
