// The single executable (npm run build:sea) runs where Node is not installed and answers
// exactly as the bundle does.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBinary } from './helpers/binary';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch as string] ?? process.arch;
const SEA = `${REPO}dist/proxy-render-${process.platform}-${arch}`;
const EXAMPLE = `${REPO}examples/helm-chart-rendered`;
const ARGS = ['--license', `${EXAMPLE}/license.yaml`, '--private', 'quay.io/my-org/*,ghcr.io/my-org/*'];

describe('npm run build:sea', () => {
  beforeAll(() => {
    execFileSync('npm', ['run', '--silent', 'build:sea'], { cwd: REPO, stdio: 'pipe' });
  }, 180_000);

  it('builds one executable for this platform', () => {
    expect(existsSync(SEA)).toBe(true);
    expect(statSync(SEA).mode & 0o111).not.toBe(0);
  });

  it('runs the example without Node on PATH and gives the bundle’s output', () => {
    const input = readFileSync(`${EXAMPLE}/rendered.yaml`, 'utf8');
    const sea = spawnSync(SEA, ARGS, { input, encoding: 'utf8', env: { PATH: '/nonexistent' } });
    expect(sea.status, sea.stderr).toBe(0);
    expect(sea.stdout).toBe(runBinary(ARGS, input).stdout);
    expect(sea.stdout).toBe(readFileSync(`${EXAMPLE}/expected-output.yaml`, 'utf8'));
  });

  it('keeps a code cache of its own beside the bundle’s, so running both rewrites neither', () => {
    const dir = mkdtempSync(join(tmpdir(), 'proxy-render-sea-cache-'));
    try {
      const env = { PATH: '/nonexistent', PROXY_RENDER_CACHE_DIR: dir };
      const nodeCache = () => readdirSync(dir).find((name) => !name.endsWith('-sea.bin'));
      // A run that reads input writes the cache (a --version run does not).
      const input = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n';
      runBinary([], input, { PROXY_RENDER_CACHE_DIR: dir });
      const written = statSync(join(dir, nodeCache()!)).ino;
      for (let i = 0; i < 2; i++) {
        expect(spawnSync(SEA, [], { input, encoding: 'utf8', env }).status).toBe(0);
        runBinary([], input, { PROXY_RENDER_CACHE_DIR: dir });
      }
      expect(readdirSync(dir).filter((name) => name.startsWith('v8-code-'))).toHaveLength(2);
      expect(statSync(join(dir, nodeCache()!)).ino).toBe(written);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('probes and parses with the code it embeds (the full YAML parser on flow style)', () => {
    const input = '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a", "image": "quay.io/my-org/a:1"}]}}';
    const sea = spawnSync(SEA, ['--app-slug', 'my-app', '--private', 'all'], { input, encoding: 'utf8', env: { PATH: '/nonexistent' } });
    expect(sea.status, sea.stderr).toBe(0);
    expect(JSON.parse(sea.stdout).spec.containers[0].image).toBe('proxy.replicated.com/proxy/my-app/quay.io/my-org/a:1');
  });
});
