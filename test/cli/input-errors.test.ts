// Input that is not a YAML stream of resources or a valid ResourceList is a user error:
// exit 1, nothing on stdout, one line on stderr naming the document (1-based) and the line and
// column in the whole input, never a stack trace.

import { describe, expect, it } from 'vitest';
import { STACK_TRACE_LINE, expectUserError, runCli } from '../helpers/run-cli';

const ARGS = ['--app-slug', 'my-app', '--private', 'all'];

// Document 1 is lines 1-4, `---` is line 5, document 2 starts on line 6.
const FIRST = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: sa
---
`;

/** Document 2: a Deployment whose image is rewritten, with `metadata` as given (from line 8). */
const deploymentWith = (metadata: string): string => `${FIRST}apiVersion: apps/v1
kind: Deployment
${metadata}spec:
  template:
    spec:
      containers:
        - name: api
          image: quay.io/my-org/api:1.2.3
`;

/** Document 2: a ConfigMap, which holds no image, with `metadata` as given (from line 8). */
const configMapWith = (metadata: string): string => `${FIRST}apiVersion: v1
kind: ConfigMap
${metadata}data:
  key: value
`;

const MALFORMED: Array<[string, string, RegExp]> = [
  ['an unclosed flow mapping', 'metadata: {name: api\n', /^document 2, line (8|9), column \d+: /],
  ['bad indentation', 'metadata:\n  name: api\n   labels: {}\n', /^document 2, line (9|10), column \d+: /],
  ['an unclosed quote', 'metadata:\n  name: "api\n', /^document 2, line \d+, column \d+: /],
  ['a duplicate key', 'metadata:\n  name: api\n  name: api-2\n', /^document 2(?: \([^)]*\))?, line 10, column 3: .*\bunique\b/],
  ['tab indentation', 'metadata:\n\tname: api\n', /^document 2(?: \([^)]*\))?, line 9, column 1: .*\bTabs?\b/i],
];

describe('malformed YAML in a document with an image to rewrite', () => {
  it.each(MALFORMED)('%s is an error naming the document, line and column', (_, metadata, message) => {
    expectUserError(runCli(ARGS, deploymentWith(metadata)), message);
  });
});

describe('malformed YAML in a document with no image', () => {
  it.each(MALFORMED)('%s is an error with --validate', (_, metadata, message) => {
    expectUserError(runCli([...ARGS, '--validate'], configMapWith(metadata)), message);
  });

  // Without --validate only the top-level keys and what a transform reads are parsed (the
  // speed targets need that); deeper text goes through byte for byte, for Helm or kubectl.
  it.each(MALFORMED.filter(([name]) => !['an unclosed flow mapping', 'tab indentation'].includes(name)))('%s deeper down passes through without --validate', (_, metadata) => {
    const input = configMapWith(metadata);
    const r = runCli(ARGS, input);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(input);
  });
});

describe('a control character', () => {
  const withControl = `${FIRST}apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  key: a\u0001b\n`;

  it('is an error with --validate, naming its line and column, as kubectl refuses it', () => {
    expectUserError(runCli([...ARGS, '--validate'], withControl), 'document 2, line 11, column 9: control character U+0001: YAML does not allow it (kubectl refuses it)');
  });

  it('in a JSON string, escaped, is no control character', () => {
    const r = runCli([...ARGS, '--validate'], '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"k": "a\\u0001b"}}');
    expect(r.status, r.stderr).toBe(0);
  });
});

// Kubernetes reads these as a number or a bool (go-yaml, YAML 1.1) and refuses them as an image.
describe('an image that is not a string', () => {
  it.each(['12345', '1.5', 'yes', 'true', 'y', '0x1F'])('%s is an error, not rewritten into a working image', (value) => {
    const r = runCli(ARGS, `${FIRST}apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: ${value}\n`);
    expectUserError(r, new RegExp(`^document 2 \\(Pod p\\), line 13, column 12, spec\\.containers\\[0\\]\\.image: expected a string, found the (number|bool) ${value.replace('.', '\\.')} \\(quote it`));
  });

  it('quoted, it is a string', () => {
    const r = runCli(ARGS, `${FIRST}apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: "12345"\n`);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('image: "proxy.replicated.com/proxy/my-app/12345"');
  });
});

// A reader that jumps over deeper lines must not jump over these: each hides an image from it.
describe('misindented lines in a pod spec', () => {
  const pod = (containers: string): string => `${FIRST}apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n${containers}`;
  it.each([
    ['a key indented under the one-line value before it', '  - name: a\n    image: quay.io/org/a:1\n  - name: b\n      image: quay.io/org/b:1\n', 15],
    ['a line between a container and the containers key', '  - name: a\n    image: quay.io/org/a:1\n   name: b\n', 14],
    ['a tab in the indentation', '  - name: a\n\t  image: quay.io/org/a:1\n  - name: b\n    image: quay.io/org/b:1\n', 13],
    ['a tab between a dash and the container it starts', '  - name: a\n    image: quay.io/org/a:1\n  -\tname: b\n    image: quay.io/org/b:1\n', 14],
    ['a tab after a dash and a space', '  - name: a\n    image: quay.io/org/a:1\n  - \timage: quay.io/org/b:1\n    name: b\n', 14],
  ])('%s is an error, and no image is left unrewritten without a word', (_, containers, line) => {
    const r = runCli(ARGS, pod(containers));
    expectUserError(r, /^document 2(?: \(Pod p\))?, line \d+, column \d+: /);
    const reported = Number(/line (\d+)/.exec(r.stderr)![1]);
    expect(reported).toBeGreaterThanOrEqual(line - 1);
    expect(reported).toBeLessThanOrEqual(line);
  });
});

it('a tab after a dash before a scalar is valid YAML, passed through', () => {
  const input = `${FIRST}apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: quay.io/org/a:1\n    args:\n    -\tfoo\n`;
  const r = runCli(ARGS, input);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toBe(input.replace('quay.io/org/a:1', 'proxy.replicated.com/proxy/my-app/quay.io/org/a:1'));
});

describe('malformed YAML points at the construct left open', () => {
  it('an unclosed quote is reported on the line it opens', () => {
    expectUserError(runCli(ARGS, deploymentWith('metadata:\n  name: "api\n')), /^document 2, line 9, column 9: /);
  });

  it('an unclosed flow mapping is reported on the line it opens', () => {
    expectUserError(runCli(ARGS, deploymentWith('metadata: {name: api\n')), /^document 2, line 8, column 11: /);
  });
});

describe('an alias to an undefined anchor', () => {
  it('in an image field is an error naming the document, line and column', () => {
    const r = runCli(ARGS, `${FIRST}apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - image: *nowhere
`);
    expectUserError(r, /^document 2\b.*, line 12, column 14\b.*\bnowhere\b/);
  });

  it('in a document with no image is an error with --validate', () => {
    const r = runCli([...ARGS, '--validate'], `${FIRST}apiVersion: v1
kind: ConfigMap
metadata: *nowhere
`);
    expectUserError(r, /^document 2\b.*, line 8, column 11\b.*\bnowhere\b/);
  });
});

describe('a field of the wrong type', () => {
  const withImage = (metadata: string): string => deploymentWith(metadata).replace('image: quay.io/my-org/api:1.2.3', 'image: {name: api}');
  const MESSAGE = 'column 18, spec.template.spec.containers[0].image: expected a string, found a mapping';

  it('is an error naming the resource, the line and the field', () => {
    expectUserError(runCli(ARGS, withImage('metadata:\n  name: api\n')), `document 2 (Deployment api), line 15, ${MESSAGE}`);
  });

  it('names a resource with annotations too', () => {
    expectUserError(runCli(ARGS, withImage('metadata:\n  name: api\n  annotations:\n    a: b\n')), `document 2 (Deployment api), line 17, ${MESSAGE}`);
  });
});

describe('a document that is not a mapping', () => {
  it('a sequence is an error naming the document and its line', () => {
    const r = runCli(ARGS, `${FIRST}- name: api\n  image: quay.io/my-org/api:1\n`);
    expectUserError(r, 'document 2, line 6, column 1: expected a mapping (a Kubernetes resource), found a sequence');
  });

  it('a scalar is an error naming the document and its line', () => {
    const r = runCli(ARGS, `${FIRST}just some text\n`);
    expectUserError(r, 'document 2, line 6, column 1: expected a mapping (a Kubernetes resource), found a scalar');
  });

  it('an item of a ResourceList that is not a mapping names its field', () => {
    const r = runCli(ARGS, 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n  - just some text\n');
    expectUserError(r, /^document 1 \(ResourceList\), line 4, column 5, items\[0\]: expected a mapping \(a Kubernetes resource\), found a scalar$/);
  });
});

describe('a ResourceList that is not one', () => {
  it('without items is an error naming the field', () => {
    const r = runCli(ARGS, 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n');
    expectUserError(r, /^document 1\b.*\bitems: the ResourceList has no items$/);
  });

  it('with items that are not a sequence is an error naming the line', () => {
    const r = runCli(ARGS, 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n  name: api\n');
    expectUserError(r, /^document 1\b.*, line 4, column 3, items: /);
  });

  it('of an unknown apiVersion is an error naming the line and the field', () => {
    const r = runCli(ARGS, 'apiVersion: config.kubernetes.io/v2\nkind: ResourceList\nitems: []\n');
    expectUserError(r, /^document 1\b.*, line 1, column 13, apiVersion: unsupported ResourceList apiVersion 'config\.kubernetes\.io\/v2'/);
  });

  it('followed by another document is an error naming that document', () => {
    const r = runCli(ARGS, 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n---\napiVersion: v1\nkind: Pod\n');
    expectUserError(r, /^document 2\b.*: a ResourceList must be the only document in the input$/);
  });
});

describe('malformed JSON', () => {
  it('an unclosed object is an error naming the line and column', () => {
    const r = runCli(ARGS, '{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": [\n');
    expectUserError(r, /^document 1, line \d+, column \d+: /);
  });
});

describe('JSON documents', () => {
  const pod = (name: string, image = 'quay.io/my-org/a:1') => JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'a', image }] } });

  it('separated by --- lines are a stream: each is read and rewritten, the rest kept', () => {
    const input = `${pod('a')}\n---\n${pod('b', 'nginx:1')}\n`;
    const r = runCli(['--app-slug', 'my-app', '--private', 'quay.io/my-org/*'], input);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(input.replace('quay.io/my-org/a:1', 'proxy.replicated.com/proxy/my-app/quay.io/my-org/a:1'));
  });

  it('one after the other without a separator is an error at the second', () => {
    const r = runCli(ARGS, `${pod('a')}\n${pod('b')}\n`);
    expectUserError(r, /^document 1, line 2, column 1: a second JSON value: put a --- line between documents, or the resources in a List/);
  });
});

describe('columns', () => {
  it('count characters, as editors do: an emoji before the error is one column, not two', () => {
    const r = runCli(ARGS, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{name: "🚀 名前", image: quay.io/x/a:1, name: dup}]\n');
    expectUserError(r, 'document 1 (Pod p), line 6, column 53: Map keys must be unique');
  });

  it('do not count a byte order mark', () => {
    const r = runCli(ARGS, '\ufeffkind: Pod: x\n');
    expectUserError(r, /^document 1, line 1, column 7: /);
  });
});

describe('line breaks kubectl reads and proxy-render does not', () => {
  it('lines broken by lone CRs are an error at the first one that says what to do, not a YAML error about the long line they make', () => {
    const r = runCli(ARGS, 'apiVersion: v1\rkind: Pod\rmetadata:\r  name: p\r');
    expectUserError(r, 'document 1, line 1, column 15: a carriage return (CR) without a line feed: kubectl reads it as a line break and proxy-render does not, so the two would read other fields; use line feeds (or CRLF)');
  });

  // kubectl would read `namespace: prod` on a line of its own after each of these; read as a comment, the Secret would go elsewhere.
  it.each([
    ['\r', 'a carriage return (CR) without a line feed'],
    ['\u0085', 'a next line character (U+0085)'],
    ['\u2028', 'a line separator (U+2028)'],
    ['\u2029', 'a paragraph separator (U+2029)'],
  ])('%j in a comment is an error naming it, with its place', (char, name) => {
    const r = runCli(ARGS, `${FIRST}apiVersion: v1\nkind: Pod\nmetadata:\n  name: p # note${char}  namespace: prod\nspec:\n  containers:\n  - name: a\n    image: quay.io/org/a:1\n`);
    expectUserError(r, `document 2, line 9, column 17: ${name}: kubectl reads it as a line break and proxy-render does not, so the two would read other fields; use line feeds (or CRLF)`);
  });

  it.each(['\u2028', '\u0085', '\r'])('%j in text that no key follows (a ConfigMap value) passes through', (char) => {
    const input = `${FIRST}apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  dashboard.json: |\n    {"title": "a${char}b", "rows": []}\n  note: "x${char}y"\n`;
    const r = runCli(ARGS, input);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(input);
  });

  it('escaped in JSON, or in JSON at all, they are text', () => {
    const r = runCli(ARGS, '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"k": "a\u2028b\\u2029c"}}');
    expect(r.status, r.stderr).toBe(0);
  });
});

describe('never a stack trace', () => {
  const inputs: Array<[string, string]> = [
    ...MALFORMED.map(([what, metadata]): [string, string] => [what, deploymentWith(metadata)]),
    ['a sequence document', '- a\n- b\n'],
    ['a scalar document', 'hello\n'],
    ['a ResourceList without items', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n'],
    ['a ResourceList of another apiVersion', 'apiVersion: config.kubernetes.io/v2\nkind: ResourceList\nitems: []\n'],
    ['malformed JSON', '{"kind": '],
    ['a lone quote', '"\n'],
    ['a document of only a dash', '-\n'],
    ['binary noise', '\u0000\u0001\u0002\n'],
    ['an alias to an undefined anchor', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - image: *nowhere\n'],
  ];

  it.each(inputs)('%s', (_, input) => {
    const r = runCli(ARGS, input);
    expect(r.stderr).not.toMatch(STACK_TRACE_LINE);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
  });
});

describe('input that is not UTF-8', () => {
  it('is an error naming the line, never a silent replacement', () => {
    // "café" in Latin-1: the é is the byte E9, which UTF-8 does not allow there.
    const r = runCli(ARGS, Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: caf\xe9\n', 'latin1'));
    expectUserError(r, 'line 6, column 9: the input is not UTF-8 text');
  });

  it('counts columns in characters: an emoji before the bad byte is one, a byte order mark none', () => {
    expectUserError(runCli(ARGS, Buffer.concat([Buffer.from('a: 😀'), Buffer.from([0xff]), Buffer.from('\n')])), 'line 1, column 5: the input is not UTF-8 text');
    expectUserError(runCli(ARGS, Buffer.concat([Buffer.from('\ufeffa: b'), Buffer.from([0xff]), Buffer.from('\n')])), 'line 1, column 5: the input is not UTF-8 text');
  });
});

describe('input nested beyond what can be read', () => {
  it('is a user error that says so, not a stack overflow', () => {
    expectUserError(runCli(ARGS, '['.repeat(100_000)), /^document 1, line 1, column \d+: the document nests too deeply to read$/);
  });
});
