// The kustomize legacy exec plugin, run by the real `kubectl kustomize --enable-alpha-plugins`
// (kustomize v5.5) over examples/kustomize-overlay with KUSTOMIZE_PLUGIN_HOME=plugins/kustomize.
// kustomize finds $KUSTOMIZE_PLUGIN_HOME/proxy-render.dev/v1alpha1/proxyrender/ProxyRender, runs
// it with the config file path as argv[1] and a YAML stream on stdin (DOMAIN.md 11); the script
// execs dist/proxy-render of this repository.

import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { tempDir } from '../helpers/run-cli';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PLUGIN_HOME = join(ROOT, 'plugins/kustomize');
const PLUGIN_PATH = 'proxy-render.dev/v1alpha1/proxyrender/ProxyRender';
const OVERLAY = join(ROOT, 'examples/kustomize-overlay');

interface Run {
  stdout: string;
  stderr: string;
  status: number | null;
}

function kustomize(dir: string, pluginHome: string, path = process.env.PATH ?? ''): Run {
  const result = spawnSync('kubectl', ['kustomize', '--enable-alpha-plugins', dir], {
    encoding: 'utf8',
    env: { PATH: path, HOME: process.env.HOME ?? '/tmp', KUSTOMIZE_PLUGIN_HOME: pluginHome },
    timeout: 60_000,
  });
  if (result.error) throw new Error(`cannot run kubectl (kustomize v5 is needed for these tests): ${result.error.message}`);
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

type Doc = { kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> } } & Record<string, unknown>;

function docs(stream: string): Doc[] {
  return parseAllDocuments(stream).map((d) => d.toJS() as Doc);
}

/** Every `image:` value in a stream, by `Kind/name container`. */
function images(stream: string): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (node: unknown, owner: string): void => {
    if (Array.isArray(node)) node.forEach((n) => walk(n, owner));
    else if (node && typeof node === 'object') {
      const rec = node as Record<string, unknown>;
      if (typeof rec.image === 'string' && typeof rec.name === 'string') found[`${owner} ${rec.name}`] = rec.image;
      for (const value of Object.values(rec)) walk(value, owner);
    }
  };
  for (const doc of docs(stream)) walk(doc, `${doc.kind}/${doc.metadata.name}`);
  return found;
}

/** A plugin home whose ProxyRender records argv, the config file, stdin and stdout around the real plugin. */
function recordingPluginHome(): { home: string; record: string } {
  const home = tempDir();
  const record = tempDir();
  const dir = join(home, 'proxy-render.dev/v1alpha1/proxyrender');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'ProxyRender'),
    `#!/bin/sh
printf '%s\\n' "$@" > '${record}/argv'
cp "$1" '${record}/config'
tee '${record}/stdin' | '${join(PLUGIN_HOME, PLUGIN_PATH)}' "$@" > '${record}/stdout'
status=$?
cat '${record}/stdout'
exit $status
`,
  );
  chmodSync(join(dir, 'ProxyRender'), 0o755);
  return { home, record };
}

describe('kubectl kustomize with the legacy exec plugin', () => {
  const run = kustomize(OVERLAY, PLUGIN_HOME);

  it('builds the example overlay: exit 0, nothing on stderr, the committed expected output', () => {
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(readFileSync(join(OVERLAY, 'expected-output.yaml'), 'utf8'));
  });

  it('rewrites private images to the proxy and leaves public ones', () => {
    expect(images(run.stdout)).toEqual({
      'Deployment/prod-api api': 'proxy.replicated.com/proxy/my-app/quay.io/my-org/api:v1.0.2',
      'Deployment/prod-api cache': 'redis:7.2',
      'Deployment/prod-api migrate': 'proxy.replicated.com/proxy/my-app/quay.io/my-org/migrate:v1.0.1',
      'CronJob/prod-report report':
        'proxy.replicated.com/proxy/my-app/ghcr.io/my-org/report@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    });
  });

  it("keeps kustomize's own transformations: namePrefix, namespace, labels, images: newTag (applied before proxy-render)", () => {
    const all = docs(run.stdout);
    expect(all.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['Service/prod-api', 'Deployment/prod-api', 'CronJob/prod-report']);
    for (const doc of all) {
      expect(doc.metadata.namespace).toBe('shop');
      expect(doc.metadata.labels?.['app.kubernetes.io/part-of']).toBe('my-app');
    }
    expect(images(run.stdout)['Deployment/prod-api api']).toMatch(/:v1\.0\.2$/);
  });

  it('leaves no internal or orchestrator annotations in the output', () => {
    expect(run.stdout).not.toMatch(/internal\.config\.kubernetes\.io|config\.kubernetes\.io\/|kustomize\.config\.k8s\.io\/id|config\.k8s\.io\/id/);
    for (const doc of docs(run.stdout)) expect(doc.metadata.annotations).toBeUndefined();
  });
});

describe('what the plugin receives and returns', () => {
  const { home, record } = recordingPluginHome();
  const run = kustomize(OVERLAY, home);
  const read = (name: string): string => readFileSync(join(record, name), 'utf8');

  it('gets the config file path as its only argument; the file is the ProxyRender config', () => {
    expect(run.status, run.stderr).toBe(0);
    const argv = read('argv').trimEnd().split('\n');
    expect(argv).toHaveLength(1);
    const config = docs(read('config'))[0]!;
    expect(config).toMatchObject({ apiVersion: 'proxy-render.dev/v1alpha1', kind: 'ProxyRender', appSlug: 'my-app' });
  });

  it("keeps kustomize's id and internal annotations: the only changed lines are image lines", () => {
    const stdin = read('stdin');
    const stdout = read('stdout');
    expect(stdin).toContain('kustomize.config.k8s.io/id:');
    expect(stdin).toContain('internal.config.kubernetes.io/');
    const before = stdin.split('\n');
    const after = stdout.split('\n');
    expect(after).toHaveLength(before.length);
    const changed = before.flatMap((line, i) => (line === after[i] ? [] : [[line, after[i]!]]));
    expect(changed).toHaveLength(3);
    for (const [from, to] of changed) {
      expect(from).toMatch(/^\s*- image: (quay|ghcr)\.io\/my-org\//);
      expect(to).toBe(from!.replace('image: ', 'image: proxy.replicated.com/proxy/my-app/'));
    }
    // Same documents in the same order, every annotation as it came.
    expect(docs(stdout).map((d) => d.metadata.annotations)).toEqual(docs(stdin).map((d) => d.metadata.annotations));
  });
});

describe('a failing run', () => {
  it('fails the build and kustomize shows the one-line message naming the setting', () => {
    const overlay = tempDir();
    cpSync(OVERLAY, overlay, { recursive: true });
    const config = join(overlay, 'proxy-render.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('appSlug: my-app', 'appSlug: My_App'));
    const run = kustomize(overlay, PLUGIN_HOME);
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe('');
    // kustomize's temporary copy of the config (rewritten, then deleted) is not what the user can open.
    expect(run.stderr).toContain(`proxy-render: error: the transformer config of the kustomization in ${overlay}, appSlug: 'My_App' is not an app slug`);
  });
});

describe('how the plugin script finds proxy-render', () => {
  const script = join(PLUGIN_HOME, PLUGIN_PATH);
  const input = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: quay.io/my-org/api:1\n';
  const exec = (path: string, env: Record<string, string>): Run => {
    const config = join(tempDir({ 'config.yaml': 'apiVersion: proxy-render.dev/v1alpha1\nkind: ProxyRender\nmetadata:\n  name: x\nappSlug: my-app\nprivate: [quay.io/my-org/*]\n' }), 'config.yaml');
    const result = spawnSync(path, [config], { input, encoding: 'utf8', env: { HOME: process.env.HOME ?? '/tmp', ...env } });
    if (result.error) throw result.error;
    return { stdout: result.stdout, stderr: result.stderr, status: result.status };
  };
  const nodeDir = (): string => {
    // PATH with node only (the bundle's shebang is `#!/usr/bin/env node`), never a proxy-render.
    const bin = tempDir();
    symlinkSync(process.execPath, join(bin, 'node'));
    return `${bin}:/usr/bin:/bin`;
  };

  it("runs the repository's dist/proxy-render when it lives in the repository", () => {
    const run = exec(script, { PATH: nodeDir() });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('image: proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1');
  });

  it('follows a symbolic link back to the repository (a plugin linked into ~/.config/kustomize/plugin)', () => {
    const link = join(tempDir(), 'ProxyRender');
    symlinkSync(script, link);
    const run = exec(link, { PATH: nodeDir() });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('proxy.replicated.com/proxy/my-app/');
  });

  it('prefers a proxy-render next to the script (an installed copy)', () => {
    const dir = tempDir();
    copyFileSync(script, join(dir, 'ProxyRender'));
    writeFileSync(join(dir, 'proxy-render'), '#!/bin/sh\ncat > /dev/null\necho "next-to-script $*"\n');
    chmodSync(join(dir, 'ProxyRender'), 0o755);
    chmodSync(join(dir, 'proxy-render'), 0o755);
    const run = exec(join(dir, 'ProxyRender'), { PATH: '/usr/bin:/bin' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^next-to-script \S+config\.yaml\n$/);
  });

  it('falls back to proxy-render on PATH, and says what it looked for when there is none', () => {
    const dir = tempDir();
    copyFileSync(script, join(dir, 'ProxyRender'));
    chmodSync(join(dir, 'ProxyRender'), 0o755);
    const bin = tempDir();
    writeFileSync(join(bin, 'proxy-render'), '#!/bin/sh\ncat > /dev/null\necho on-path\n');
    chmodSync(join(bin, 'proxy-render'), 0o755);
    expect(exec(join(dir, 'ProxyRender'), { PATH: `${bin}:/usr/bin:/bin` }).stdout).toBe('on-path\n');

    const missing = exec(join(dir, 'ProxyRender'), { PATH: '/usr/bin:/bin' });
    expect(missing.status).toBe(127);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^proxy-render kustomize plugin: cannot find the proxy-render executable .*npm run build.*\n$/);
  });
});
