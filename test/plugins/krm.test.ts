// KRM function conformance (DOMAIN.md 11): a ResourceList (config.kubernetes.io/v1 or v1beta1,
// YAML or JSON) on stdin, the same list with `results` on stdout; items keep their order,
// comments and every orchestrator annotation; a bad config exits 1 with an error result.
// The last block runs the function under the real kpt (`kpt fn eval --exec`) when it is installed.

import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BINARY, runBinary } from '../helpers/binary';
import { tempDir } from '../helpers/run-cli';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Result {
  message: string;
  severity: 'error' | 'warning' | 'info';
  resourceRef?: { apiVersion: string; kind: string; name: string; namespace?: string };
  field?: { path: string };
  file?: { path: string; index?: number };
  tags?: Record<string, string>;
}

interface Item {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
}

interface ResourceList {
  apiVersion: string;
  kind: 'ResourceList';
  items: Item[];
  functionConfig?: unknown;
  results?: Result[];
}

const ORCHESTRATOR_ANNOTATIONS = `      config.kubernetes.io/index: '0'
      config.kubernetes.io/path: 'apps/deployment.yaml'
      internal.config.kubernetes.io/index: '0'
      internal.config.kubernetes.io/path: 'apps/deployment.yaml'
      internal.config.kubernetes.io/seqindent: 'compact'
      internal.config.kubernetes.io/annotations-migration-resource-id: '0'
      config.k8s.io/id: '1'
      kustomize.config.k8s.io/id: |
        group: apps
        kind: Deployment
        name: api
        namespace: shop
        version: v1
`;

function resourceList(apiVersion: string, functionConfig: string): string {
  return `apiVersion: ${apiVersion}
kind: ResourceList
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: api
    namespace: shop
    annotations:
${ORCHESTRATOR_ANNOTATIONS}  spec:
    template:
      spec:
        containers:
        - name: api
          image: quay.io/my-org/api:1.4.2 # the vendor's API
        - name: cache
          image: redis:7
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: settings
    annotations:
      config.kubernetes.io/index: '1'
      config.kubernetes.io/path: 'settings.yaml'
      config.kubernetes.io/local-config: "true"
  data:
    image: quay.io/my-org/api:1.4.2
- apiVersion: batch/v1
  kind: CronJob
  metadata:
    name: cleanup
    annotations:
      config.kubernetes.io/index: '2'
      config.kubernetes.io/path: 'cleanup.yaml'
  spec:
    schedule: "0 3 * * *"
    jobTemplate:
      spec:
        template:
          spec:
            containers:
            - name: cleanup
              image: ghcr.io/my-org/worker:2.4.0
${functionConfig}`;
}

const PROXY_RENDER_CONFIG = `functionConfig:
  apiVersion: proxy-render.dev/v1alpha1
  kind: ProxyRender
  metadata:
    name: proxy-render
  appSlug: my-app
  private:
  - quay.io/my-org/*
  - ghcr.io/my-org/*
`;

const CONFIGMAP_CONFIG = `functionConfig:
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: function-input
  data:
    appSlug: my-app
    private: quay.io/my-org/*,ghcr.io/my-org/*
`;

/** The input with the two private images moved to the proxy: the only lines that may change. */
function rewritten(input: string): string {
  return input
    .replace('image: quay.io/my-org/api:1.4.2 #', 'image: proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.4.2 #')
    .replace('image: ghcr.io/my-org/worker:2.4.0', 'image: proxy.replicated.com/proxy/my-app/ghcr.io/my-org/worker:2.4.0');
}

/** Everything before `results:`. */
function beforeResults(output: string): string {
  const at = output.indexOf('\nresults:\n');
  return at < 0 ? output : output.slice(0, at + 1);
}

/** The results that report an image rewrite (other results, such as the pull-secret notes, are not this file's subject). */
const imageResults = (list: ResourceList): Result[] => (list.results ?? []).filter((r) => r.field?.path.endsWith('image') === true);

describe.each(['config.kubernetes.io/v1', 'config.kubernetes.io/v1beta1'])('ResourceList %s', (apiVersion) => {
  const input = resourceList(apiVersion, PROXY_RENDER_CONFIG);
  const run = runBinary([], input);
  const output = parse(run.stdout) as ResourceList;

  it('exits 0 and changes only the private image lines: comments, order and annotations stay', () => {
    expect(run.status, run.stderr).toBe(0);
    expect(beforeResults(run.stdout)).toBe(rewritten(input));
  });

  it('keeps items in order and every config.kubernetes.io, internal.config.kubernetes.io, config.k8s.io/id and kustomize id annotation', () => {
    const inputList = parse(input) as ResourceList;
    expect(output.apiVersion).toBe(apiVersion);
    expect(output.items.map((i) => `${i.kind}/${i.metadata.name}`)).toEqual(['Deployment/api', 'ConfigMap/settings', 'CronJob/cleanup']);
    expect(output.items.map((i) => i.metadata.annotations)).toEqual(inputList.items.map((i) => i.metadata.annotations));
    expect(output.functionConfig).toEqual(inputList.functionConfig);
  });

  it('reports each rewrite as an info result with resourceRef, field.path and file', () => {
    expect(imageResults(output)).toEqual([
      {
        message: "quay.io/my-org/api:1.4.2 -> proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.4.2 (matches private pattern 'quay.io/my-org/*')",
        severity: 'info',
        resourceRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'shop' },
        field: { path: 'spec.template.spec.containers[0].image' },
        file: { path: 'apps/deployment.yaml', index: 0 },
      },
      {
        message: "ghcr.io/my-org/worker:2.4.0 -> proxy.replicated.com/proxy/my-app/ghcr.io/my-org/worker:2.4.0 (matches private pattern 'ghcr.io/my-org/*')",
        severity: 'info',
        resourceRef: { apiVersion: 'batch/v1', kind: 'CronJob', name: 'cleanup' },
        field: { path: 'spec.jobTemplate.spec.template.spec.containers[0].image' },
        file: { path: 'cleanup.yaml', index: 2 },
      },
    ]);
  });

  it('gives every result a message and a KRM severity', () => {
    for (const result of output.results ?? []) {
      expect(result.message).toEqual(expect.any(String));
      expect(['error', 'warning', 'info']).toContain(result.severity);
      expect(Object.keys(result).filter((k) => !['message', 'severity', 'resourceRef', 'field', 'file', 'tags'].includes(k))).toEqual([]);
    }
  });
});

describe('functionConfig', () => {
  it('a ConfigMap (imperative runs) carries the settings as strings in data', () => {
    const input = resourceList('config.kubernetes.io/v1', CONFIGMAP_CONFIG);
    const run = runBinary([], input);
    expect(run.status, run.stderr).toBe(0);
    expect(beforeResults(run.stdout)).toBe(rewritten(input));
  });

  // `kpt fn eval --exec f -- appSlug=my-app private=...` writes data as a flow mapping.
  it('a ConfigMap in flow style, as kpt writes it, works the same', () => {
    const input = resourceList(
      'config.kubernetes.io/v1',
      `functionConfig:
  metadata:
    name: function-input
  data: {appSlug: my-app, private: 'quay.io/my-org/*,ghcr.io/my-org/*'}
  kind: ConfigMap
  apiVersion: v1
`,
    );
    const run = runBinary([], input);
    expect(run.status, run.stderr).toBe(0);
    expect(beforeResults(run.stdout)).toBe(rewritten(input));
  });

  it('is optional: without one, settings come from flags and env', () => {
    const input = resourceList('config.kubernetes.io/v1', '');
    const run = runBinary(['--app-slug', 'my-app'], input, { PROXY_RENDER_PRIVATE: 'quay.io/my-org/*,ghcr.io/my-org/*' });
    expect(run.status, run.stderr).toBe(0);
    expect(beforeResults(run.stdout)).toBe(rewritten(input));
  });
});

describe('JSON input', () => {
  const input = JSON.stringify(
    {
      apiVersion: 'config.kubernetes.io/v1',
      kind: 'ResourceList',
      items: [
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'p', annotations: { 'config.kubernetes.io/index': '0', 'internal.config.kubernetes.io/path': 'pod.yaml', 'config.k8s.io/id': '1' } },
          spec: { containers: [{ name: 'c', image: 'quay.io/my-org/api:1.4.2' }] },
        },
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', annotations: { 'config.kubernetes.io/index': '1' } } },
      ],
      functionConfig: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' }, data: { appSlug: 'my-app', private: 'quay.io/my-org/*' } },
    },
    null,
    2,
  );

  it('comes back as JSON: same items in order, annotations kept, image rewritten, results added', () => {
    const run = runBinary([], input);
    expect(run.status, run.stderr).toBe(0);
    const output = JSON.parse(run.stdout) as ResourceList & { items: (Item & { spec?: { containers: { image: string }[] } })[] };
    const original = JSON.parse(input) as ResourceList;
    expect(output.items.map((i) => i.metadata)).toEqual(original.items.map((i) => i.metadata));
    expect(output.items[0]!.spec!.containers[0]!.image).toBe('proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.4.2');
    expect(imageResults(output)).toEqual([expect.objectContaining({ severity: 'info', resourceRef: { apiVersion: 'v1', kind: 'Pod', name: 'p' } })]);
  });
});

describe('failures', () => {
  it('a bad setting in functionConfig: exit 1, the list back unchanged with one error result, one line on stderr', () => {
    const input = resourceList('config.kubernetes.io/v1', PROXY_RENDER_CONFIG.replace('appSlug: my-app', 'appSlug: My_App'));
    const run = runBinary([], input);
    expect(run.status).toBe(1);
    expect(beforeResults(run.stdout)).toBe(input);
    const output = parse(run.stdout) as ResourceList;
    expect(output.results).toEqual([{ message: expect.stringMatching(/appSlug: 'My_App' is not an app slug/), severity: 'error' }]);
    expect(run.stderr).toMatch(/^proxy-render: error: [^\n]*appSlug: 'My_App' is not an app slug[^\n]*\n$/);
  });

  it('an unknown setting in functionConfig is an error result naming it', () => {
    const input = resourceList('config.kubernetes.io/v1', PROXY_RENDER_CONFIG.replace('appSlug:', 'appSlugg:'));
    const run = runBinary([], input);
    expect(run.status).toBe(1);
    expect((parse(run.stdout) as ResourceList).results).toEqual([{ message: expect.stringContaining("unknown setting 'appSlugg'"), severity: 'error' }]);
  });

  it('an unsupported ResourceList version: exit 1 and a message naming the supported ones', () => {
    const run = runBinary([], resourceList('config.kubernetes.io/v2', PROXY_RENDER_CONFIG));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("unsupported ResourceList apiVersion 'config.kubernetes.io/v2': expected config.kubernetes.io/v1 or config.kubernetes.io/v1beta1");
  });
});

// The real runner. kpt is optional on a developer machine; CI installs it (see the report).
const kpt = spawnSync('kpt', ['version'], { encoding: 'utf8' });
describe.skipIf(kpt.error !== undefined || kpt.status !== 0)('kpt fn eval --exec dist/proxy-render', () => {
  const BASE = join(ROOT, 'examples/kustomize-overlay/base');

  function evalDir(args: string[]): { dir: string; status: number | null; stderr: string } {
    const dir = tempDir();
    for (const file of readdirSync(BASE).filter((f) => f !== 'kustomization.yaml')) cpSync(join(BASE, file), join(dir, file));
    const run = spawnSync('kpt', ['fn', 'eval', dir, '--exec', BINARY, ...args], { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '', HOME: tempDir() } });
    if (run.error) throw run.error;
    return { dir, status: run.status, stderr: run.stderr };
  }

  it('with plugins/kustomize/krm-function.yaml as --fn-config: rewrites the files in place, formatting kept', () => {
    const run = evalDir(['--fn-config', join(ROOT, 'plugins/kustomize/krm-function.yaml')]);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(run.dir, 'deployment.yaml'), 'utf8')).toBe(
      readFileSync(join(BASE, 'deployment.yaml'), 'utf8').replaceAll('image: quay.io/my-org/', 'image: proxy.replicated.com/proxy/my-app/quay.io/my-org/'),
    );
    expect(readFileSync(join(run.dir, 'cronjob.yaml'), 'utf8')).toBe(
      readFileSync(join(BASE, 'cronjob.yaml'), 'utf8').replace('image: ghcr.io/my-org/', 'image: proxy.replicated.com/proxy/my-app/ghcr.io/my-org/'),
    );
    expect(readFileSync(join(run.dir, 'service.yaml'), 'utf8')).toBe(readFileSync(join(BASE, 'service.yaml'), 'utf8'));
  });

  it('with key=value arguments (a ConfigMap functionConfig)', () => {
    const run = evalDir(['--', 'appSlug=my-app', 'private=quay.io/my-org/*']);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(run.dir, 'deployment.yaml'), 'utf8')).toContain('image: proxy.replicated.com/proxy/my-app/quay.io/my-org/api:v1.0.1');
  });

  it('a bad config fails the run and leaves the files alone', () => {
    const config = join(tempDir({ 'bad.yaml': readFileSync(join(ROOT, 'plugins/kustomize/krm-function.yaml'), 'utf8').replace('appSlug: my-app', 'appSlug: My_App') }), 'bad.yaml');
    const run = evalDir(['--fn-config', config]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("appSlug: 'My_App' is not an app slug");
    expect(readFileSync(join(run.dir, 'deployment.yaml'), 'utf8')).toBe(readFileSync(join(BASE, 'deployment.yaml'), 'utf8'));
  });
});
