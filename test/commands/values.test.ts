// `proxy-render values`: a HelmChart v2's values for `helm install -f`, which must agree with
// what proxy-render does as the post-renderer of that install: same registry host, same
// repository, same pull Secret name. No Helm here: the tiny chart below is filled in by hand,
// the way its template would be.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { expectUserError, runCli, tempDir } from '../helpers/run-cli';

const FIXTURE = fileURLToPath(new URL('../fixtures/kots-app/', import.meta.url));
const LICENSE = join(FIXTURE, 'license.yaml');
const CONFIG_VALUES = join(FIXTURE, 'config-values.yaml');
const HELMCHART = `apiVersion: kots.io/v1beta2
kind: HelmChart
metadata:
  name: my-app
spec:
  chart:
    name: my-app
    chartVersion: 1.4.2
  values:
    image:
      registry: '{{repl HasLocalRegistry | ternary LocalRegistryHost ReplicatedProxyDomain }}'
      repository: '{{repl HasLocalRegistry | ternary LocalRegistryNamespace "proxy/my-app/quay.io/my-org" }}/api'
      tag: "1.4.2"
    worker:
      image: '{{repl LocalImageName "quay.io/my-org/worker:2.4.0" }}'
    init:
      image: '{{repl ReplicatedImageName "ghcr.io/my-org/init:0.3.1" }}'
    imagePullSecrets:
      - name: '{{repl ImagePullSecretName }}'
    replicaCount: repl{{ ConfigOption "replicas" }}
  optionalValues:
    - when: 'repl{{ HasLocalRegistry }}'
      recursiveMerge: true
      values:
        image:
          pullPolicy: IfNotPresent
`;

/** The same chart written for Embedded Cluster v3: registry and image names by ReplicatedImage*. */
const HELMCHART_EC3 = HELMCHART.replace(
  `      registry: '{{repl HasLocalRegistry | ternary LocalRegistryHost ReplicatedProxyDomain }}'
      repository: '{{repl HasLocalRegistry | ternary LocalRegistryNamespace "proxy/my-app/quay.io/my-org" }}/api'`,
  `      registry: '{{repl ReplicatedImageRegistry "quay.io" }}'
      repository: my-org/api`,
).replace(`'{{repl LocalImageName "quay.io/my-org/worker:2.4.0" }}'`, `'{{repl ReplicatedImageName "quay.io/my-org/worker:2.4.0" }}'`);

interface Values {
  image: { registry: string; repository: string; tag: string };
  worker: { image: string };
  init: { image: string };
  imagePullSecrets: Array<{ name: string }>;
  replicaCount: number;
}

/** templates/deployment.yaml of the chart, as `helm template -f values.yaml` renders it. */
function chartManifests(v: Values): string {
  return `---
# Source: my-app/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: ${v.replicaCount}
  template:
    spec:
      imagePullSecrets:
${v.imagePullSecrets.map((s) => `        - name: ${s.name}\n`).join('')}      initContainers:
        - name: init
          image: "${v.init.image}"
      containers:
        - name: api
          image: "${v.image.registry}/${v.image.repository}:${v.image.tag}"
        - name: worker
          image: "${v.worker.image}"
`;
}

/** The same chart without KOTS values: the images as the vendor wrote them. */
const VENDOR_MANIFESTS = chartManifests({
  image: { registry: 'quay.io', repository: 'my-org/api', tag: '1.4.2' },
  worker: { image: 'quay.io/my-org/worker:2.4.0' },
  init: { image: 'ghcr.io/my-org/init:0.3.1' },
  imagePullSecrets: [],
  replicaCount: 1,
}).replace('      imagePullSecrets:\n', '');

type Manifest = { kind: string; metadata: { name: string; namespace?: string }; spec?: any };

function manifests(stream: string): Manifest[] {
  return parseAllDocuments(stream).map((d) => d.toJS() as Manifest).filter(Boolean);
}

function podSpec(stream: string) {
  return manifests(stream).find((m) => m.kind === 'Deployment')!.spec.template.spec;
}

const PRIVATE = ['--private', 'quay.io/my-org/*,ghcr.io/my-org/*'];
const AIR_GAP = ['--local-registry-host', 'registry.corp:5000', '--local-registry-namespace', 'somebigbank', '--local-registry-username', 'robot', '--local-registry-password', 'robot-secret'];
const CASES: Array<[string, string, string[]]> = [
  ['online', HELMCHART, PRIVATE],
  ['custom domains', HELMCHART, [...PRIVATE, '--proxy-domain', 'images.vendor.com']],
  ['air gap', HELMCHART, AIR_GAP],
  ['Embedded Cluster v3 functions, online', HELMCHART_EC3, [...PRIVATE, '--proxy-domain', 'images.vendor.com']],
  ['Embedded Cluster v3 functions, air gap keeping paths', HELMCHART_EC3, [...AIR_GAP, '--local-registry-keep-path']],
];

describe('values and the post-renderer agree', () => {
  for (const [mode, helmChart, flags] of CASES) {
    it(`${mode}: registry, repository and pull Secret`, () => {
      const dir = tempDir({ 'helmchart.yaml': helmChart });
      const common = ['--license', LICENSE, '--config-values', CONFIG_VALUES, ...flags];
      const rendered = runCli(['values', 'helmchart.yaml', ...common], '', { cwd: dir });
      expect(rendered.status, rendered.stderr).toBe(0);
      const values = parse(rendered.stdout) as Values;

      const fromValues = runCli(common, chartManifests(values));
      expect(fromValues.status, fromValues.stderr).toBe(0);
      const fromVendor = runCli(common, VENDOR_MANIFESTS);
      expect(fromVendor.status, fromVendor.stderr).toBe(0);

      // The images the values give are the post-renderer's own choice: it leaves them alone,
      // and rewriting the vendor's original references ends in the same place.
      const images = (spec: any) => [...spec.initContainers, ...spec.containers].map((c: { image: string }) => c.image);
      expect(images(podSpec(fromValues.stdout))).toEqual(images(podSpec(chartManifests(values))));
      expect(images(podSpec(fromValues.stdout))).toEqual(images(podSpec(fromVendor.stdout)));
      expect(fromValues.stderr).not.toMatch(/changed|->/);

      // One pull secret reference, naming the Secret the post-renderer creates.
      const secrets = manifests(fromValues.stdout).filter((m) => m.kind === 'Secret');
      expect(secrets.map((s) => s.metadata.name)).toEqual(['my-app-registry']);
      expect(podSpec(fromValues.stdout).imagePullSecrets).toEqual([{ name: 'my-app-registry' }]);
      expect(podSpec(fromVendor.stdout).imagePullSecrets).toEqual([{ name: 'my-app-registry' }]);
      expect(values.replicaCount).toBe(3);
    });
  }

  it('online: the values point at the proxy; air gap: at the local registry', () => {
    const dir = tempDir({ 'helmchart.yaml': HELMCHART });
    const online = parse(runCli(['values', 'helmchart.yaml', '--license', LICENSE, '--private', 'quay.io/my-org/*'], '', { cwd: dir }).stdout) as Values;
    expect(online.image).toEqual({ registry: 'proxy.replicated.com', repository: 'proxy/my-app/quay.io/my-org/api', tag: '1.4.2' });
    expect(online.worker.image).toBe('proxy.replicated.com/proxy/my-app/quay.io/my-org/worker:2.4.0');
    const airGap = parse(runCli(['values', 'helmchart.yaml', '--license', LICENSE, '--local-registry-host', 'ttl.sh', '--local-registry-namespace', 'test'], '', { cwd: dir }).stdout) as Values;
    expect(airGap.image).toEqual({ registry: 'ttl.sh', repository: 'test/api', tag: '1.4.2', pullPolicy: 'IfNotPresent' });
    expect(airGap.worker.image).toBe('ttl.sh/test/worker:2.4.0');
    expect(airGap.init.image).toBe('ttl.sh/test/init:0.3.1');
  });
});

describe('the values command', () => {
  it('prints the merged values as YAML, keys in the order written', () => {
    const dir = tempDir({ 'helmchart.yaml': HELMCHART });
    const r = runCli(['values', 'helmchart.yaml', '--app-slug', 'my-app', '--local-registry-host', 'ttl.sh'], '', { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(`image:
  registry: ttl.sh
  repository: /api
  tag: "1.4.2"
  pullPolicy: IfNotPresent
worker:
  image: ttl.sh/worker:2.4.0
init:
  image: ttl.sh/init:0.3.1
imagePullSecrets:
- name: my-app-registry
replicaCount: null
`);
  });

  it('takes the Application\'s custom domain from the file, below flags', () => {
    const application = `apiVersion: kots.io/v1beta1
kind: Application
metadata: {name: my-app}
spec:
  proxyRegistryDomain: images.vendor.com
---
apiVersion: kots.io/v1beta2
kind: HelmChart
metadata: {name: my-app}
spec:
  values:
    proxy: '{{repl ReplicatedProxyDomain }}'
`;
    const dir = tempDir({ 'release.yaml': application });
    expect(runCli(['values', 'release.yaml'], '', { cwd: dir }).stdout).toBe('proxy: images.vendor.com\n');
    expect(runCli(['values', 'release.yaml', '--proxy-domain', 'flag.vendor.com'], '', { cwd: dir }).stdout).toBe('proxy: flag.vendor.com\n');
  });

  it('names the file, the resource, the field, the expression and the column of a template error', () => {
    const dir = tempDir({ 'helmchart.yaml': HELMCHART.replace('ImagePullSecretName', 'ImagePullSecret') });
    expectUserError(
      runCli(['values', 'helmchart.yaml', '--app-slug', 'my-app'], '', { cwd: dir }),
      'helmchart.yaml (HelmChart my-app), line 19, column 16, spec.values.imagePullSecrets[0].name: template {{repl ImagePullSecret }}: function "ImagePullSecret" not defined',
    );
  });

  it('wants exactly one HelmChart v2', () => {
    const dir = tempDir({ 'two.yaml': `${HELMCHART}---\n${HELMCHART.replace('name: my-app\n', 'name: other\n')}`, 'v1.yaml': HELMCHART.replace('v1beta2', 'v1beta1') });
    expectUserError(runCli(['values', 'two.yaml'], '', { cwd: dir }), 'two.yaml: expected one HelmChart kots.io/v1beta2 in the file, found HelmChart my-app, HelmChart other');
    expectUserError(
      runCli(['values', 'v1.yaml'], '', { cwd: dir }),
      'v1.yaml: expected one HelmChart kots.io/v1beta2 in the file, found none (1 HelmChart kots.io/v1beta1, which is deprecated and not rendered)',
    );
    expectUserError(runCli(['values'], '', { cwd: dir }), 'values: name the HelmChart file: proxy-render values helmchart.yaml [flags]');
    expectUserError(runCli(['values', 'missing.yaml'], '', { cwd: dir }), 'missing.yaml: cannot read: ENOENT');
  });
});
