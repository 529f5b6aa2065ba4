// HelmChart v2 values as KOTS renders them (DOMAIN.md 8; kotskinds v1beta2 MergeHelmChartValues,
// kots pkg/apparchive WriteV1Beta2HelmCharts), written back into the stream byte-exactly.

import { describe, expect, it } from 'vitest';
import { defaults, type Settings } from '../../src/config/schema';
import { InputError } from '../../src/kyaml/errors';
import { readPackage } from '../../src/kyaml/read';
import { writePackage } from '../../src/kyaml/write';
import { mergeRecursively, parseGoBool, renderHelmChart } from '../../src/transforms/helmchart-values';
import { imagePolicy } from '../../src/transforms/image-policy';
import { applyKotsKinds, kotsResources, kotsTemplateFunctions } from '../../src/transforms/kots-kinds';

const ONLINE: Settings = { ...defaults(), appSlug: 'my-app', licenseId: 'LIC123' };
const AIR_GAP: Settings = { ...ONLINE, localRegistryHost: 'registry.corp:5000', localRegistryNamespace: 'somebigbank' };

async function run(input: string, s: Settings = ONLINE) {
  const pkg = readPackage(input);
  const outcome = await applyKotsKinds(kotsResources(pkg.resources), s, imagePolicy(s, { env: {} }));
  return { output: writePackage(pkg, []), ...outcome };
}

/** The merged values of the only HelmChart in `input`. */
async function valuesOf(input: string, s: Settings = ONLINE) {
  const pkg = readPackage(input);
  const [chart] = kotsResources(pkg.resources);
  return renderHelmChart(chart!, await kotsTemplateFunctions(s, imagePolicy(s, { env: {} })));
}

async function failure(input: string, s: Settings = ONLINE): Promise<InputError> {
  try {
    await run(input, s);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

const chart = (spec: string) => `apiVersion: kots.io/v1beta2
kind: HelmChart
metadata:
  name: my-app
spec:
  chart:
    name: my-app
    chartVersion: 1.0.0
${spec}`;

describe('rendering values', () => {
  it('writes the canonical vendor values concrete, online and air gap', async () => {
    const input = chart(`  values:
    image:
      registry: '{{repl HasLocalRegistry | ternary LocalRegistryHost "proxy.replicated.com" }}'
      repository: '{{repl HasLocalRegistry | ternary LocalRegistryNamespace "proxy/my-app/quay.io/my-org" }}/api'
      tag: v1.0.1
    imagePullSecrets:
      - name: '{{repl ImagePullSecretName }}'
`);
    const header = input.slice(0, input.indexOf('  values:'));
    expect((await run(input)).output).toBe(`${header}  values:
    image:
      registry: proxy.replicated.com
      repository: proxy/my-app/quay.io/my-org/api
      tag: v1.0.1
    imagePullSecrets:
    - name: my-app-registry
`);
    expect((await valuesOf(input, AIR_GAP)).values).toEqual({
      image: { registry: 'registry.corp:5000', repository: 'somebigbank/api', tag: 'v1.0.1' },
      imagePullSecrets: [{ name: 'my-app-registry' }],
    });
  });

  it('gives an unquoted repl{{ }} scalar the type YAML 1.1 gives its text; a quoted one stays a string', async () => {
    const { values } = await valuesOf(
      chart(`  values:
    replicas: repl{{ "3" }}
    port: '{{repl "8080" }}'
    airgap: repl{{ HasLocalRegistry }}
    legacy: repl{{ "yes" }}
    quotedBool: "repl{{ HasLocalRegistry }}"
    empty: repl{{ "" }}
    list: repl{{ "[a, b]" }}
`),
    );
    expect(values).toEqual({ replicas: 3, port: '8080', airgap: false, legacy: true, quotedBool: 'false', empty: null, list: ['a', 'b'] });
  });

  it('reads multi-line output as YAML, as KOTS renders whole files before parsing them', async () => {
    const { values } = await valuesOf(
      chart(`  values:
    annotations: repl{{ print "a: 1\\nb: x" | nindent 6 }}
    mirror: repl{{ if HasLocalRegistry }}local repl{{ else }}{{repl ReplicatedProxyDomain }}repl{{ end }}
`),
    );
    expect(values).toEqual({ annotations: { a: 1, b: 'x' }, mirror: 'proxy.replicated.com' });
  });

  it('leaves a chart without templates as written', async () => {
    const input = chart('  values:\n    a: 1 # a comment\n    b: [x]\n');
    const result = await run(input);
    expect(result.output).toBe(input);
    expect(result.changes).toEqual([]);
  });

  it('keeps every byte outside spec.values', async () => {
    const input = `# Source: release/helmchart.yaml\n${chart(`  # the values
  values:
    tag: 'repl{{ "v2" }}'
  exclude: false
  optionalValues:
    - when: 'repl{{ HasLocalRegistry }}'
      values:
        tag: local
`)}`;
    const { output } = await run(input);
    expect(output).toBe(input.replace(`tag: 'repl{{ "v2" }}'`, 'tag: v2'));
  });

  it('adds values when only optionalValues give some', async () => {
    const input = chart(`  optionalValues:
    - when: "true"
      values:
        a: 1
`);
    expect((await run(input)).output).toBe(`${input.trimEnd()}\n  values:\n    a: 1\n`);
  });

  it('replaces an empty values: line', async () => {
    const input = chart(`  values: # none yet
  optionalValues:
    - when: "true"
      values: {a: 1}
`);
    expect((await run(input)).output).toContain('  values:\n    a: 1\n  optionalValues:\n');
  });

  it('renders a HelmChart that is an item of a ResourceList, and JSON as JSON', async () => {
    const yaml = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: kots.io/v1beta2
  kind: HelmChart
  metadata: {name: my-app}
  spec:
    values:
      pullSecret: '{{repl ImagePullSecretName }}'
`;
    expect((await run(yaml)).output).toContain("    values:\n      pullSecret: my-app-registry\n");
    const json = JSON.stringify({
      apiVersion: 'config.kubernetes.io/v1',
      kind: 'ResourceList',
      items: [{ apiVersion: 'kots.io/v1beta2', kind: 'HelmChart', metadata: { name: 'my-app' }, spec: { values: { host: '{{repl ReplicatedProxyDomain }}' } } }],
    }, null, 2);
    const out = JSON.parse((await run(json)).output);
    expect(out.items[0].spec.values).toEqual({ host: 'proxy.replicated.com' });
  });

  it('renders the same on a second run over its output', async () => {
    const input = chart(`  values:
    port: repl{{ "8080" }}
    name: '{{repl "007" }}'
    image: {registry: '{{repl ReplicatedProxyDomain }}'}
  optionalValues:
    - when: '{{repl not HasLocalRegistry }}'
      recursiveMerge: true
      values:
        image: {pullPolicy: Always}
`);
    const once = await run(input);
    const twice = await run(once.output);
    expect(twice.output).toBe(once.output);
    expect(twice.changes).toEqual([]);
  });
});

describe('optionalValues', () => {
  const base = `  values:
    image:
      registry: proxy.replicated.com
      tag: v1
    replicas: 2
`;

  it('applies an entry whose when renders true, replacing top-level keys by default', async () => {
    const { values, applied } = await valuesOf(
      chart(`${base}  optionalValues:
    - when: 'repl{{ HasLocalRegistry }}'
      values:
        image:
          registry: '{{repl LocalRegistryHost }}'
`),
      AIR_GAP,
    );
    expect(applied).toEqual([0]);
    expect(values).toEqual({ image: { registry: 'registry.corp:5000' }, replicas: 2 });
  });

  it('merges mappings key by key with recursiveMerge: true', async () => {
    const { values } = await valuesOf(
      chart(`${base}  optionalValues:
    - when: 'repl{{ HasLocalRegistry }}'
      recursiveMerge: true
      values:
        image:
          registry: '{{repl LocalRegistryHost }}'
        replicas: 1
`),
      AIR_GAP,
    );
    expect(values).toEqual({ image: { registry: 'registry.corp:5000', tag: 'v1' }, replicas: 1 });
  });

  it('skips entries whose when is false, and applies the rest in order', async () => {
    const { values, applied } = await valuesOf(
      chart(`${base}  optionalValues:
    - when: "false"
      values: {replicas: 9}
    - when: "t"
      values: {replicas: 3}
    - when: "1"
      recursiveMerge: true
      values: {replicas: 4}
`),
    );
    expect(applied).toEqual([1, 2]);
    expect(values.replicas).toBe(4);
  });

  it('names the entry whose when is not a bool after rendering', async () => {
    const input = chart(`${base}  optionalValues:
    - when: "true"
      values: {a: 1}
    - when: '{{repl LocalRegistryHost }}'
      values: {a: 2}
`);
    const error = await failure(input, AIR_GAP);
    expect(error.describe()).toBe(
      'document 1 (HelmChart my-app), line 17, column 13, spec.optionalValues[1].when: "registry.corp:5000" is not a bool after rendering (true, false, 1, 0, t, f)',
    );
  });

  it('refuses a missing when, as KOTS does', async () => {
    const error = await failure(chart(`${base}  optionalValues:\n    - values: {a: 1}\n`));
    expect(error.where.field).toBe('spec.optionalValues[0].when');
    expect(error.message).toMatch(/^"" is not a bool/);
  });
});

describe('mergeRecursively (kotskinds MergeHelmChartValues)', () => {
  it('merges mappings, overlay wins at leaves, lists replace', () => {
    expect(mergeRecursively({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3], e: 2 }, f: 3 })).toEqual({ a: { b: 1, c: [3], e: 2 }, d: 1, f: 3 });
  });

  it('keeps a mapping when the overlay has a scalar there, and replaces a scalar by a mapping', () => {
    expect(mergeRecursively({ a: { b: 1 }, c: 1 }, { a: 'x', c: { d: 1 } })).toEqual({ a: { b: 1 }, c: { d: 1 } });
  });
});

describe('parseGoBool (strconv.ParseBool)', () => {
  it.each([
    ['true', true], ['True', true], ['TRUE', true], ['t', true], ['T', true], ['1', true], [true, true], [1, true],
    ['false', false], ['F', false], ['0', false], [false, false],
    ['yes', undefined], ['', undefined], [null, undefined], [2, undefined],
  ] as const)('%j -> %j', (value, expected) => {
    expect(parseGoBool(value)).toBe(expected);
  });
});

describe('exclude and HelmChart v1', () => {
  it('leaves an excluded chart as written', async () => {
    const input = chart(`  exclude: 'repl{{ HasLocalRegistry }}'\n  values:\n    a: '{{repl "x" }}'\n`);
    const result = await run(input, AIR_GAP);
    expect(result.output).toBe(input);
    expect(result.results.map((r) => r.message)).toEqual(['exclude is true: KOTS would not install this chart; left as written']);
    expect((await run(input, ONLINE)).output).toContain('    a: x');
  });

  it('refuses an exclude that is not a bool', async () => {
    const error = await failure(chart(`  exclude: "maybe"\n`));
    expect(error.describe()).toBe('document 1 (HelmChart my-app), line 9, column 12, spec.exclude: "maybe" is not a bool after rendering (true, false, 1, 0, t, f)');
  });

  it('warns that HelmChart v1 is deprecated and leaves it as written', async () => {
    const input = chart(`  values:\n    a: '{{repl "x" }}'\n`).replace('kots.io/v1beta2', 'kots.io/v1beta1');
    const result = await run(input);
    expect(result.output).toBe(input);
    expect(result.results).toMatchObject([{ severity: 'warning', message: expect.stringMatching(/kots\.io\/v1beta1 is deprecated/) }]);
  });
});

describe('template errors name the resource, field, expression and column', () => {
  it('an unknown function', async () => {
    const error = await failure(`---\n${chart(`  values:\n    image:\n      registry: '{{repl LocalRegistryHostname }}'\n`)}`);
    expect(error.describe()).toBe(
      'document 1 (HelmChart my-app), line 12, column 18, spec.values.image.registry: template {{repl LocalRegistryHostname }}: function "LocalRegistryHostname" not defined',
    );
  });

  it('a wrong argument count', async () => {
    const error = await failure(chart(`  values:\n    image: repl{{ LocalImageName }}\n`));
    expect(error.describe()).toBe(
      'document 1 (HelmChart my-app), line 10, column 12, spec.values.image: template repl{{ LocalImageName }}: wrong number of args for LocalImageName: want 1 got 0',
    );
  });

  it('an unclosed action', async () => {
    const error = await failure(chart(`  values:\n    a: ok\n    b: repl{{ ConfigOption "x"\n`));
    expect(error.describe()).toBe('document 1 (HelmChart my-app), line 11, column 8, spec.values.b: template repl{{ ConfigOption "x": unclosed action');
  });

  it('rendered text that YAML cannot read, on the line written when templates kept the line count', async () => {
    const error = await failure(chart(`  values:\n    b: 1\n    a: repl{{ ".nan" }}\n`));
    expect(error.describe()).toBe(
      'document 1 (HelmChart my-app), line 11, column 5, spec.values.a: after rendering its templates this is not valid YAML: .nan reads as a float that JSON cannot hold',
    );
    const multiLine = await failure(chart(`  values:\n    a: repl{{ print "- x\\n- [" | nindent 6 }}\n`));
    expect(multiLine.message).toMatch(/^after rendering its templates the resource is not valid YAML \(line 12 of the rendered text\): a flow sequence that is never closed/);
  });

  it('a second-pass error in a later document of a stream', async () => {
    const input = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n${chart(`  values:\n    x: repl{{ nope }}\n`)}`;
    const error = await failure(input);
    expect(error.where).toMatchObject({ document: 2, line: 14, column: 8, field: 'spec.values.x', resource: 'HelmChart my-app' });
  });
});

describe('where the template functions get their answers', () => {
  it('ConfigOption falls back to the release\'s Config for items the ConfigValues file does not set', async () => {
    const input = `apiVersion: kots.io/v1beta1
kind: Config
metadata: {name: my-app}
spec:
  groups:
    - name: g
      items:
        - {name: log_level, type: select_one, default: info}
        - {name: password, type: password, default: 'repl{{ RandomString 16 }}'}
        - {name: mode, type: text, value: fixed}
---
${chart(`  values:
    logLevel: '{{repl ConfigOption "log_level" }}'
    password: '{{repl ConfigOption "password" }}'
    mode: '{{repl ConfigOption "mode" }}'
`)}`;
    const pkg = readPackage(input);
    const kots = kotsResources(pkg.resources);
    const funcs = await kotsTemplateFunctions(ONLINE, imagePolicy(ONLINE, { env: {} }), kots);
    expect((renderHelmChart(kots[1]!, funcs)).values).toEqual({ logLevel: 'info', password: '', mode: 'fixed' });
  });

  it('with --detect, LocalImageName\'s images are probed together, once, before rendering', async () => {
    const asked: string[][] = [];
    const s: Settings = { ...ONLINE, detect: true };
    const policy = imagePolicy(s, { env: {} });
    policy.decideRest = async (refs) => {
      asked.push(refs.map((r) => `${r.domain}/${r.path}:${r.tag}`));
      return (ref) => (ref.path === 'acme/private' ? { verdict: 'private', why: 'probe: 401' } : { verdict: 'public', why: 'probe: 200' });
    };
    const pkg = readPackage(
      chart(`  values:
    a: '{{repl LocalImageName "ghcr.io/acme/private:1" }}'
    b: '{{repl LocalImageName "ghcr.io/acme/public:1" }}'
`),
    );
    const kots = kotsResources(pkg.resources);
    const funcs = await kotsTemplateFunctions(s, policy, kots);
    expect(asked).toEqual([['ghcr.io/acme/private:1', 'ghcr.io/acme/public:1']]);
    expect((renderHelmChart(kots[0]!, funcs)).values).toEqual({ a: 'proxy.replicated.com/proxy/my-app/ghcr.io/acme/private:1', b: 'ghcr.io/acme/public:1' });
  });
});
