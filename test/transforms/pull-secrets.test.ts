// The pull secret as container runtimes read it, as kubectl writes it, and never leaking.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { runBinary } from '../helpers/binary';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const DIR = join(FIXTURES, 'pull-secrets');
const LICENSE = join(DIR, 'license.yaml');
const LICENSE_ID = '2vQx7TESTLICENSEIDzz91';
const input = readFileSync(join(DIR, 'input.yaml'), 'utf8');
const work = mkdtempSync(join(tmpdir(), 'proxy-render-secrets-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Secret = { metadata: { name: string; namespace?: string }; type: string; data: Record<string, string> };

function secrets(stream: string): Secret[] {
  return parseAllDocuments(stream)
    .map((d) => d.toJS() as { kind?: string } | null)
    .filter((r): r is Secret & { kind: string } => r?.kind === 'Secret');
}

/** What a container runtime does with the Secret: base64, JSON, auths -> host -> auth -> user:password. */
function credentialsFor(secret: Secret): Record<string, string> {
  const config = JSON.parse(Buffer.from(secret.data['.dockerconfigjson']!, 'base64').toString('utf8'));
  return Object.fromEntries(Object.entries(config.auths as Record<string, { auth: string }>).map(([host, { auth }]) => [host, Buffer.from(auth, 'base64').toString('utf8')]));
}

describe('the pull secret from a license', () => {
  it('authenticates to the proxy and the Replicated registry as LICENSE_ID', () => {
    const run = runBinary(['--license', LICENSE, '--private', 'quay.io/my-org/*'], input);
    expect(run.status, run.stderr).toBe(0);
    const created = secrets(run.stdout);
    expect(created.map((s) => `${s.metadata.namespace ?? ''}/${s.metadata.name}`)).toEqual(['/my-app-registry', 'shop/my-app-registry', 'jobs/my-app-registry']);
    for (const secret of created) {
      expect(secret.type).toBe('kubernetes.io/dockerconfigjson');
      expect(credentialsFor(secret)).toEqual({
        'proxy.replicated.com': `LICENSE_ID:${LICENSE_ID}`,
        'registry.replicated.com': `LICENSE_ID:${LICENSE_ID}`,
      });
    }
  });

  it('uses custom domains, keeps the default ones, and the legacy id:id form when asked', () => {
    const run = runBinary(['--license', LICENSE, '--private', 'quay.io/my-org/*', '--proxy-domain', 'images.vendor.com', '--registry-domain', 'registry.vendor.com', '--legacy-auth'], input);
    expect(credentialsFor(secrets(run.stdout)[0]!)).toEqual({
      'images.vendor.com': `${LICENSE_ID}:${LICENSE_ID}`,
      'registry.vendor.com': `${LICENSE_ID}:${LICENSE_ID}`,
      // Charts whose values name proxy.replicated.com (the canonical KOTS values do) still pull.
      'proxy.replicated.com': `${LICENSE_ID}:${LICENSE_ID}`,
      'registry.replicated.com': `${LICENSE_ID}:${LICENSE_ID}`,
    });
  });

  it('covers pods that pull from proxy.replicated.com while the proxy domain is custom', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: a\n    image: proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1.0\n';
    const run = runBinary(['--license', LICENSE, '--proxy-domain', 'images.vendor.com', '--private', 'quay.io/my-org/*'], pod);
    expect(run.stdout).toContain('imagePullSecrets:\n  - name: my-app-registry');
    expect(Object.keys(credentialsFor(secrets(run.stdout)[0]!))).toContain('proxy.replicated.com');
  });

  it('takes the license ID from the environment or a file as well', () => {
    const fromEnv = runBinary(['--app-slug', 'my-app', '--private', 'quay.io/my-org/*'], input, { PROXY_RENDER_LICENSE_ID: 'env-license-id-1' });
    expect(Object.values(credentialsFor(secrets(fromEnv.stdout)[0]!))).toEqual(['LICENSE_ID:env-license-id-1', 'LICENSE_ID:env-license-id-1']);
  });
});

describe('the pull secret for a local registry', () => {
  it('holds the same .dockerconfigjson as kubectl create secret docker-registry', () => {
    const run = runBinary(
      ['--local-registry-host', 'registry.corp:5000', '--local-registry-username', 'admin', '--local-registry-password-file', join(DIR, 'local-password.txt')],
      input,
    );
    expect(run.status, run.stderr).toBe(0);
    const ours = secrets(run.stdout)[0]!;
    const kubectl = execFileSync(
      'kubectl',
      ['create', 'secret', 'docker-registry', 'x', '--docker-server=registry.corp:5000', '--docker-username=admin', '--docker-password=s3cr3t-registry-password', '--dry-run=client', '-o', 'json'],
      { encoding: 'utf8' },
    );
    const theirs = JSON.parse(kubectl) as Secret;
    const decode = (s: Secret) => JSON.parse(Buffer.from(s.data['.dockerconfigjson']!, 'base64').toString('utf8'));
    expect(decode(ours)).toEqual(decode(theirs));
    expect(ours.type).toBe(theirs.type);
  });
});

describe('credentials never leak', () => {
  it('the license ID appears in no golden output, message or report outside Secret data', () => {
    const outputs = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
      .filter((f) => /expected/.test(f))
      .map((f) => readFileSync(join(FIXTURES, f), 'utf8'));
    expect(outputs.length).toBeGreaterThan(10);
    for (const text of outputs) expect(text).not.toContain(LICENSE_ID);
  });

  it('not in the report, the JSON report, warnings or KRM results', () => {
    const report = join(work, 'report.json');
    const run = runBinary(['--license', LICENSE, '--private', 'all', '--report', '--report-json', report], input);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('imagePullSecrets');
    for (const text of [run.stdout, run.stderr, readFileSync(report, 'utf8')]) expect(text).not.toContain(LICENSE_ID);
    const list = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${input.replace(/^---\n/gm, '').split(/^# Source.*\n/m).filter((d) => d.trim()).map((d) => `- ${d.trimEnd().replace(/\n/g, '\n  ')}\n`).join('')}`;
    const krm = runBinary(['--license', LICENSE, '--private', 'all'], list);
    expect(krm.status, krm.stderr).toBe(0);
    expect(krm.stdout).toContain('results:');
    expect(krm.stdout).not.toContain(LICENSE_ID);
  });

  it('not in an error that quotes a value holding it', () => {
    const run = runBinary(['--app-slug', 'my-app', '--private', 'all', '--proxy-domain', `${LICENSE_ID} x`], input, { PROXY_RENDER_LICENSE_ID: LICENSE_ID });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^proxy-render: error: --proxy-domain: '\[redacted\] x' is not a registry host/);
    expect(run.stderr).not.toContain(LICENSE_ID);
  });

  it('not in KRM results, even when a message quotes text that holds it', () => {
    const list = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p\n  spec:\n    containers:\n    - name: a\n      image: "quay.io/my-org/api:${LICENSE_ID} x"\n`;
    const krm = runBinary(['--license', LICENSE, '--private', 'all'], list);
    expect(krm.status, krm.stderr).toBe(0);
    const results = krm.stdout.slice(krm.stdout.indexOf('\nresults:'));
    expect(results).toContain('left as written');
    expect(results).toContain('[redacted]');
    expect(results).not.toContain(LICENSE_ID);
  });

  it('not in error messages', () => {
    const run = runBinary(['--license-id', LICENSE_ID, '--app-slug', 'My App'], input);
    expect(run.status).toBe(1);
    expect(run.stderr).not.toContain(LICENSE_ID);
    const badPassword = runBinary(['--local-registry-host', 'r.corp', '--local-registry-password', 'pw-should-not-show'], input);
    expect(badPassword.status).toBe(1);
    expect(badPassword.stderr).toMatch(/localRegistryUsername/);
    expect(badPassword.stderr).not.toContain('pw-should-not-show');
  });
});

describe('two Secrets of one name in the install namespace', () => {
  const pod = (name: string, namespace?: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}spec:\n  containers:\n  - name: a\n    image: quay.io/my-org/a:1\n`;
  const chartSecret = (namespace?: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: my-app-registry\n${namespace ? `  namespace: ${namespace}\n` : ''}type: kubernetes.io/dockerconfigjson\n`;
  const run = (docs: string[], extra: string[] = []) => runBinary(['--license', LICENSE, '--private', 'quay.io/my-org/*', ...extra], docs.join('---\n'));
  const warning = /warning: Secret my-app-registry goes to the install namespace \(for resources that name none\) and to foo: installed into that namespace, two Secrets of one name collide/;

  it.each([
    ['pods in foo and in none', [pod('a'), pod('b', 'foo')]],
    ["the chart's own Secret in none, pods in foo and none", [chartSecret(), pod('a'), pod('b', 'foo')]],
    ["the chart's own Secret in foo, pods in none", [chartSecret('foo'), pod('a')]],
  ])('are warned about without --namespace: %s', (_, docs) => {
    const r = run(docs);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(warning);
  });

  it('are not, with --namespace, or when every pod names its namespace', () => {
    expect(run([pod('a'), pod('b', 'foo')], ['--namespace', 'foo']).stderr).not.toMatch(/collide/);
    expect(run([pod('a', 'bar'), pod('b', 'foo')]).stderr).not.toMatch(/collide/);
  });
});
