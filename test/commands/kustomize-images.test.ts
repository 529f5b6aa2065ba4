// `proxy-render kustomize-images`: the KOTS-style `images:` list (DOMAIN.md 6), checked with the
// real `kubectl kustomize` (v5.5): the list, applied to the input manifests, must give the pod
// specs the images proxy-render's own rewrite gives them. Registries with a port are left alone
// by proxy-render (their proxied name is no valid reference), so they get no entry.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { generateStream, privateRepositoryPatterns } from '../helpers/generate-stream.mjs';
import { expectUserError, runCli, tempDir } from '../helpers/run-cli';

type Resource = { kind: string; metadata: { name: string; namespace?: string }; spec?: any; [key: string]: unknown };

function resources(stream: string): Resource[] {
  return parseAllDocuments(stream)
    .map((d) => d.toJS() as Resource | null)
    .filter((r): r is Resource => r !== null && typeof r === 'object' && 'kind' in r);
}

const key = (r: Resource) => `${r.kind} ${r.metadata.namespace ?? ''}/${r.metadata.name}`;

function podSpecOf(r: Resource): any {
  return r.kind === 'Pod' ? r.spec : r.kind === 'CronJob' ? r.spec?.jobTemplate?.spec?.template?.spec : r.spec?.template?.spec;
}

/** containers and initContainers images per resource: what kustomize's images: can reach. */
function podImages(stream: string): Map<string, string[]> {
  const images = new Map<string, string[]>();
  for (const r of resources(stream)) {
    const spec = podSpecOf(r);
    if (!spec) continue;
    images.set(key(r), [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c: { image: string }) => c.image));
  }
  return images;
}

function kubectlKustomize(dir: string): string {
  return execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
}

/** kubectl kustomize over `stream` with the given images: list. */
function kustomizeWith(stream: string, images: unknown): string {
  const dir = tempDir({ 'stream.yaml': stream, 'kustomization.yaml': JSON.stringify({ resources: ['stream.yaml'], images }) });
  return kubectlKustomize(dir);
}

function imagesList(args: string[], stream: string, cwd?: string): Array<{ name: string; newName?: string; newTag?: string }> {
  const run = runCli(['kustomize-images', ...args], stream, cwd ? { cwd } : {});
  expect(run.status, run.stderr).toBe(0);
  return (parse(run.stdout) as { images: Array<{ name: string; newName: string }> }).images;
}

function rewritten(args: string[], stream: string, cwd?: string): string {
  const run = runCli(args, stream, cwd ? { cwd } : {});
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

const HUB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      initContainers:
        - {name: a, image: "nginx:1.25"}
      containers:
        - {name: b, image: "library/nginx:1.24"}
        - {name: c, image: "docker.io/nginx@sha256:0f04e4f646a3f14bf31d8bc8d885b6c951fdcf42589d06845f64d18aec6a3c4d"}
        - {name: d, image: "docker.io/library/nginx:1.23@sha256:0f04e4f646a3f14bf31d8bc8d885b6c951fdcf42589d06845f64d18aec6a3c4d"}
        - {name: e, image: "bitnami/redis:7.2"}
        - {name: f, image: "quay.io/my-org/api:v1.0.1"}
        - {name: g, image: "quay.io/my-org/api:v1.0.2"}
        - {name: h, image: "registry.corp:5000/team/tool:3"}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - {name: r, image: "quay.io/my-org/report"}
`;

describe('kustomize-images, applied by kubectl kustomize, gives proxy-render\'s images', () => {
  it('on kube-prometheus, every image proxied', () => {
    const stream = readFileSync(new URL('../../../shared/fixtures/kube-prometheus.yaml', import.meta.url), 'utf8');
    const args = ['--app-slug', 'my-app', '--private', 'all'];
    const list = imagesList(args, stream);
    expect(list.length).toBeGreaterThan(5);
    const ours = podImages(rewritten(args, stream));
    expect(podImages(kustomizeWith(stream, list))).toEqual(ours);
    expect([...ours.values()].flat().every((i) => i.startsWith('proxy.replicated.com/proxy/my-app/'))).toBe(true);
  });

  it('on a generated Helm stream with private and public images and a custom domain', () => {
    const stream = generateStream({ documents: 300, seed: 5 });
    const args = ['--app-slug', 'my-app', '--proxy-domain', 'images.vendor.com', '--private', privateRepositoryPatterns.join(',')];
    const list = imagesList(args, stream);
    const ours = podImages(rewritten(args, stream));
    expect(podImages(kustomizeWith(stream, list))).toEqual(ours);
    const all = [...ours.values()].flat();
    expect(all.some((i) => i.startsWith('images.vendor.com/proxy/my-app/'))).toBe(true);
    expect(all.some((i) => !i.startsWith('images.vendor.com/'))).toBe(true);
  });

  it('with every Docker Hub spelling, tags and digests, and a registry with a port', () => {
    const args = ['--app-slug', 'my-app', '--private', 'all'];
    const list = imagesList(args, HUB);
    expect(podImages(kustomizeWith(HUB, list))).toEqual(podImages(rewritten(args, HUB)));
    expect(list.map((e) => e.name)).not.toContain('registry.corp:5000/team/tool');
  });

  it('in air gap, every image to the local registry', () => {
    const args = ['--local-registry-host', 'registry.corp:5000', '--local-registry-namespace', 'somebigbank'];
    const list = imagesList(args, HUB);
    const ours = podImages(rewritten(args, HUB));
    expect(podImages(kustomizeWith(HUB, list))).toEqual(ours);
    expect([...ours.values()].flat().every((i) => i.startsWith('registry.corp:5000/somebigbank/'))).toBe(true);
  });

  it('after the user\'s own images: overrides, which come first in the list', () => {
    const dir = tempDir({ 'proxy-render.yaml': 'private: [all]\nappSlug: my-app\nimages:\n  - name: quay.io/my-org/api\n    newTag: v2.0.0\n' });
    const args = ['--config', 'proxy-render.yaml'];
    const list = imagesList(args, HUB, dir);
    expect(list[0]).toEqual({ name: 'quay.io/my-org/api', newTag: 'v2.0.0' });
    expect(podImages(kustomizeWith(HUB, list))).toEqual(podImages(rewritten(args, HUB, dir)));
  });
});

describe('the list', () => {
  it('has KOTS\'s form: name without tag, newName, deduplicated, Docker Hub\'s other spellings', () => {
    const list = imagesList(['--app-slug', 'my-app', '--private', 'all'], HUB);
    // Spellings found come first, in the order proxy-render meets them (containers, then
    // initContainers); each maps as proxy-render maps it. Then the spellings not found.
    expect(list).toEqual([
      { name: 'library/nginx', newName: 'proxy.replicated.com/proxy/my-app/library/nginx' },
      { name: 'docker.io/nginx', newName: 'proxy.replicated.com/proxy/my-app/docker.io/nginx' },
      { name: 'docker.io/library/nginx', newName: 'proxy.replicated.com/proxy/my-app/docker.io/library/nginx' },
      { name: 'bitnami/redis', newName: 'proxy.replicated.com/proxy/my-app/bitnami/redis' },
      { name: 'quay.io/my-org/api', newName: 'proxy.replicated.com/proxy/my-app/quay.io/my-org/api' },
      { name: 'nginx', newName: 'proxy.replicated.com/proxy/my-app/nginx' },
      { name: 'quay.io/my-org/report', newName: 'proxy.replicated.com/proxy/my-app/quay.io/my-org/report' },
      { name: 'docker.io/bitnami/redis', newName: 'proxy.replicated.com/proxy/my-app/bitnami/redis' },
    ]);
  });

  it('covers spellings the input does not use, so other layers of a kustomization match too', () => {
    const list = imagesList(['--app-slug', 'my-app', '--private', 'all'], HUB.replace(/nginx:1\.2[345]|library\/nginx:1\.24|docker\.io\/(library\/)?nginx[@:][^"]+/g, 'redis:7'));
    const other = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: a, image: "docker.io/library/redis:7"}\n    - {name: b, image: "docker.io/bitnami/redis:7.2"}\n';
    expect(podImages(kustomizeWith(other, list)).get('Pod /p')).toEqual([
      'proxy.replicated.com/proxy/my-app/redis:7',
      'proxy.replicated.com/proxy/my-app/bitnami/redis:7.2',
    ]);
  });

  it('warns about images in fields kustomize\'s images: does not reach', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: "quay.io/my-org/a:1"}]\n  ephemeralContainers: [{name: d, image: "quay.io/my-org/debug:1"}]\n';
    const run = runCli(['kustomize-images', '--app-slug', 'my-app', '--private', 'quay.io/my-org/*'], pod);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(
      'proxy-render: warning: Pod p, spec.ephemeralContainers[0].image: kustomize images: does not reach this field: quay.io/my-org/debug:1 stays as written there (proxy-render itself rewrites it)\n',
    );
  });

  it('is empty when nothing is proxied', () => {
    const run = runCli(['kustomize-images', '--app-slug', 'my-app'], HUB);
    expect(run.stdout).toBe('images: []\n');
  });
});

describe('--out DIR --with-secret: a kustomization directory', () => {
  const args = ['--app-slug', 'my-app', '--license-id', 'LIC-123', '--private', 'all', '--additional-namespaces', 'monitoring'];

  it('builds, with kubectl kustomize, what proxy-render writes', () => {
    const dir = tempDir();
    const out = join(dir, 'overlay');
    const run = runCli(['kustomize-images', ...args, '--out', out, '--with-secret'], HUB);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`proxy-render: info: wrote ${out}: kustomization.yaml, manifests.yaml, pull-secret.yaml\n`);
    const built = new Map(resources(kubectlKustomize(out)).map((r) => [key(r), r]));
    const ours = new Map(resources(rewritten(args, HUB)).map((r) => [key(r), r]));
    expect([...built.keys()].sort()).toEqual([...ours.keys()].sort());
    for (const [name, resource] of ours) expect(built.get(name), name).toEqual(resource);
    expect(built.get('Secret monitoring/my-app-registry')).toBeDefined();
  });

  it('writes the Secret, which holds the license ID, readable by its owner only, even over an older file', () => {
    const out = join(tempDir(), 'overlay');
    mkdirSync(out);
    writeFileSync(join(out, 'pull-secret.yaml'), 'old\n', { mode: 0o644 });
    expect(runCli(['kustomize-images', ...args, '--out', out, '--with-secret'], HUB).status).toBe(0);
    expect(statSync(join(out, 'pull-secret.yaml')).mode & 0o777).toBe(0o600);
  });

  it('without --with-secret holds the images: list and the input', () => {
    const out = join(tempDir(), 'images-only');
    expect(runCli(['kustomize-images', '--app-slug', 'my-app', '--private', 'all', `--out=${out}`], HUB).status).toBe(0);
    expect(readFileSync(join(out, 'manifests.yaml'), 'utf8')).toBe(HUB);
    expect(podImages(kubectlKustomize(out))).toEqual(podImages(rewritten(['--app-slug', 'my-app', '--private', 'all'], HUB)));
  });

  it('wants --out with --with-secret, and a stream', () => {
    expectUserError(runCli(['kustomize-images', ...args, '--with-secret'], HUB), 'kustomize-images: --with-secret writes a kustomization directory: pass --out DIR');
    const list = JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [] });
    expectUserError(runCli(['kustomize-images', ...args, '--out', join(tempDir(), 'x')], list), 'kustomize-images --out: expected a YAML stream on stdin, not a ResourceList');
  });

  it('says when it cannot write', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), '');
    mkdirSync(join(dir, 'sub'));
    expectUserError(runCli(['kustomize-images', ...args, '--out', join(dir, 'file', 'x')], HUB), `--out ${join(dir, 'file', 'x')}: cannot write: ENOTDIR`);
  });
});
