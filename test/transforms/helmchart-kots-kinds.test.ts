// KOTS kinds in the input, through the CLI: the Application configures the run (below flags,
// env and config, above defaults and the license), --strip-kots-kinds drops KOTS and
// troubleshoot kinds from any form of input, and template errors stop the run with a message.

import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { expectUserError, runCli, tempDir } from '../helpers/run-cli';

const application = (spec: string) => `apiVersion: kots.io/v1beta1
kind: Application
metadata:
  name: my-app
spec:
${spec}`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: api
          image: quay.io/my-org/api:1.0
        - name: cache
          image: redis:7
`;

const LICENSE = `apiVersion: kots.io/v1beta1
kind: License
spec:
  appSlug: my-app
  licenseID: LIC-42
  replicatedProxyDomain: license.vendor.com
`;

function images(stream: string): string[] {
  return parseAllDocuments(stream)
    .map((d) => d.toJS() as { kind?: string; spec?: any } | null)
    .filter((r) => r?.kind === 'Deployment')
    .flatMap((r) => r!.spec.template.spec.containers.map((c: { image: string }) => c.image));
}

function secretNamespaces(stream: string): string[] {
  return parseAllDocuments(stream)
    .map((d) => d.toJS() as { kind?: string; metadata?: { namespace?: string } } | null)
    .filter((r) => r?.kind === 'Secret')
    .map((r) => r!.metadata?.namespace ?? '');
}

describe('the Application configures the run', () => {
  const stream = `${application('  proxyRegistryDomain: images.vendor.com\n  replicatedRegistryDomain: registry.vendor.com\n')}---\n${DEPLOYMENT}`;

  it('sets the custom proxy domain', () => {
    const run = runCli(['--app-slug', 'my-app', '--private', 'quay.io/my-org/*'], stream);
    expect(run.status, run.stderr).toBe(0);
    expect(images(run.stdout)).toEqual(['images.vendor.com/proxy/my-app/quay.io/my-org/api:1.0', 'redis:7']);
  });

  it('loses to flags, environment variables and the config file', () => {
    const flag = runCli(['--app-slug', 'my-app', '--private', 'quay.io/my-org/*', '--proxy-domain', 'flag.vendor.com'], stream);
    expect(images(flag.stdout)[0]).toBe('flag.vendor.com/proxy/my-app/quay.io/my-org/api:1.0');
    const env = runCli(['--app-slug', 'my-app', '--private', 'quay.io/my-org/*'], stream, { env: { PROXY_RENDER_PROXY_DOMAIN: 'env.vendor.com' } });
    expect(images(env.stdout)[0]).toBe('env.vendor.com/proxy/my-app/quay.io/my-org/api:1.0');
    const dir = tempDir({ 'proxy-render.yaml': 'proxyDomain: file.vendor.com\n' });
    const file = runCli(['--config', 'proxy-render.yaml', '--app-slug', 'my-app', '--private', 'quay.io/my-org/*'], stream, { cwd: dir });
    expect(images(file.stdout)[0]).toBe('file.vendor.com/proxy/my-app/quay.io/my-org/api:1.0');
  });

  it('wins over the license', () => {
    const dir = tempDir({ 'license.yaml': LICENSE });
    const withApp = runCli(['--license', 'license.yaml', '--private', 'quay.io/my-org/*'], stream, { cwd: dir });
    expect(images(withApp.stdout)[0]).toBe('images.vendor.com/proxy/my-app/quay.io/my-org/api:1.0');
    const withoutApp = runCli(['--license', 'license.yaml', '--private', 'quay.io/my-org/*'], DEPLOYMENT, { cwd: dir });
    expect(images(withoutApp.stdout)[0]).toBe('license.vendor.com/proxy/my-app/quay.io/my-org/api:1.0');
  });

  it('comes from --application FILE too, which wins over the one in the input', () => {
    const dir = tempDir({ 'kots-app.yaml': application('  proxyRegistryDomain: file-app.vendor.com\n') });
    const fromFile = runCli(['--application', 'kots-app.yaml', '--app-slug', 'my-app', '--private', 'quay.io/my-org/*'], DEPLOYMENT, { cwd: dir });
    expect(images(fromFile.stdout)[0]).toBe('file-app.vendor.com/proxy/my-app/quay.io/my-org/api:1.0');
    const both = runCli(['--application', 'kots-app.yaml', '--app-slug', 'my-app', '--private', 'quay.io/my-org/*'], stream, { cwd: dir });
    expect(images(both.stdout)[0]).toBe('file-app.vendor.com/proxy/my-app/quay.io/my-org/api:1.0');
  });

  it('proxyPublicImages proxies every image, unless --private says which', () => {
    const proxyAll = `${application('  proxyPublicImages: true\n')}---\n${DEPLOYMENT}`;
    expect(images(runCli(['--app-slug', 'my-app'], proxyAll).stdout)).toEqual([
      'proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.0',
      'proxy.replicated.com/proxy/my-app/redis:7',
    ]);
    expect(images(runCli(['--app-slug', 'my-app', '--private', 'quay.io/my-org/*'], proxyAll).stdout)[1]).toBe('redis:7');
  });

  it('additionalNamespaces "*" puts the Secret in every namespace the input names', () => {
    const input = `${application('  additionalNamespaces: ["*"]\n')}---
apiVersion: v1
kind: Namespace
metadata: {name: tools}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: c, namespace: monitoring}
---
${DEPLOYMENT}`;
    const run = runCli(['--app-slug', 'my-app', '--license-id', 'LIC-42', '--private', 'quay.io/my-org/*'], input);
    expect(run.status, run.stderr).toBe(0);
    expect(secretNamespaces(run.stdout).sort()).toEqual(['', 'monitoring', 'shop', 'tools']);
    const flag = runCli(['--app-slug', 'my-app', '--license-id', 'LIC-42', '--private', 'quay.io/my-org/*', '--additional-namespaces', '*'], DEPLOYMENT);
    expect(secretNamespaces(flag.stdout).sort()).toEqual(['', 'shop']);
  });

  it('reports a bad field with its place', () => {
    const input = `${application('  proxyRegistryDomain: https://images.vendor.com\n')}---\n${DEPLOYMENT}`;
    expectUserError(
      runCli(['--app-slug', 'my-app'], input),
      "document 1 (Application my-app), line 6, column 24, spec.proxyRegistryDomain: 'https://images.vendor.com' is not a registry host (host or host:port)",
    );
  });

  it('warns about a second Application', () => {
    const input = `${application('  title: a\n')}---\n${application('  title: b\n')}---\n${DEPLOYMENT}`;
    const run = runCli(['--app-slug', 'my-app'], input);
    expect(run.stderr).toBe('proxy-render: warning: Application my-app: ignored: only the first Application in the input (document 1) configures the run\n');
  });
});

describe('--strip-kots-kinds', () => {
  const kinds = `${application('  title: My App\n')}---
apiVersion: troubleshoot.sh/v1beta2
kind: SupportBundle
metadata: {name: my-app}
spec: {collectors: []}
---
apiVersion: kots.io/v1beta2
kind: HelmChart
metadata: {name: my-app}
spec:
  values:
    x: '{{repl Unknown }}'
`;

  it('passes KOTS kinds through by default', () => {
    const input = `${application('  title: My App\n')}---\n${DEPLOYMENT}`;
    const run = runCli(['--app-slug', 'my-app'], input);
    expect(run.stdout).toBe(input);
  });

  it('drops them from a stream, and says so in the report', () => {
    const input = `${kinds}---\n${DEPLOYMENT}`;
    const run = runCli(['--app-slug', 'my-app', '--strip-kots-kinds', '--report'], input);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(`---\n${DEPLOYMENT}`);
    expect(run.stderr).toContain('Application my-app    (resource)  kots.io/v1beta1 Application -> dropped');
    expect(run.stderr).toContain('SupportBundle my-app  (resource)  troubleshoot.sh/v1beta2 SupportBundle -> dropped');
    expect(run.stderr).toContain('HelmChart my-app      (resource)  kots.io/v1beta2 HelmChart -> dropped');
  });

  it('drops items of a ResourceList, next to a Secret added after them', () => {
    const list = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- ${DEPLOYMENT.trimEnd().replaceAll('\n', '\n  ')}
- apiVersion: kots.io/v1beta1
  kind: Application
  metadata:
    name: my-app
  spec: {title: x}
`;
    const run = runCli(['--app-slug', 'my-app', '--license-id', 'LIC-42', '--private', 'quay.io/my-org/*', '--strip-kots-kinds'], list);
    expect(run.status, run.stderr).toBe(0);
    const out = parse(run.stdout) as { items: Array<{ kind: string }> };
    expect(out.items.map((i) => i.kind)).toEqual(['Deployment', 'Secret']);
  });

  it('drops items of a JSON ResourceList and of a List', () => {
    const json = JSON.stringify(
      { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [{ apiVersion: 'kots.io/v1beta1', kind: 'Config', metadata: { name: 'c' } }, parse(DEPLOYMENT), { apiVersion: 'troubleshoot.sh/v1beta2', kind: 'Preflight', metadata: { name: 'p' } }] },
      null,
      2,
    );
    const fromJson = runCli(['--app-slug', 'my-app', '--strip-kots-kinds'], json);
    expect(fromJson.status, fromJson.stderr).toBe(0);
    expect((JSON.parse(fromJson.stdout) as { items: Array<{ kind: string }> }).items.map((i) => i.kind)).toEqual(['Deployment']);
    const kindList = `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: kots.io/v1beta1\n    kind: Config\n    metadata: {name: c}\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: keep}\n`;
    const fromList = runCli(['--strip-kots-kinds'], kindList);
    expect(fromList.stdout).toBe('apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: keep}\n');
  });
});

describe('template errors stop the run', () => {
  const broken = `apiVersion: kots.io/v1beta2
kind: HelmChart
metadata:
  name: my-app
spec:
  values:
    pullSecret: '{{repl ImagePullSecretName "extra" }}'
`;

  it('in a stream: one message with the resource, field, expression and column', () => {
    expectUserError(
      runCli(['--app-slug', 'my-app'], `${DEPLOYMENT}---\n${broken}`),
      'document 2 (HelmChart my-app), line 21, column 18, spec.values.pullSecret: template {{repl ImagePullSecretName "extra" }}: wrong number of args for ImagePullSecretName: want 0 got 1',
    );
  });

  it('in a ResourceList: the list comes back with an error result', () => {
    const list = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- ${broken.trimEnd().replaceAll('\n', '\n  ')}\n`;
    const run = runCli(['--app-slug', 'my-app'], list);
    expect(run.status).toBe(1);
    const out = parse(run.stdout) as { results: Array<{ message: string; severity: string }> };
    expect(out.results).toEqual([
      {
        message: 'document 1 (HelmChart my-app), line 10, column 20, spec.values.pullSecret: template {{repl ImagePullSecretName "extra" }}: wrong number of args for ImagePullSecretName: want 0 got 1',
        severity: 'error',
      },
    ]);
  });
});
