// --detect end to end: the binary asks real registries on loopback (Debian's docker-registry,
// one anonymous and one behind htpasswd) and proxies exactly what an anonymous pull cannot get.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBinary } from '../helpers/binary';
import { closedPort } from '../helpers/registry-fake-servers';
import { startDockerRegistry, type DockerRegistry } from '../helpers/registry-docker';

let open: DockerRegistry;
let locked: DockerRegistry;
let closed: number;
const work = mkdtempSync(join(tmpdir(), 'proxy-render-detect-'));

beforeAll(async () => {
  [open, locked, closed] = await Promise.all([startDockerRegistry(), startDockerRegistry({ user: 'vendor', password: 's3cret-pass' }), closedPort()]);
  await open.pushImage('team/public-app', '1.0');
  await locked.pushImage('team/private-app', '1.0');
});
afterAll(async () => {
  await Promise.all([open?.stop(), locked?.stop()]);
  rmSync(work, { recursive: true, force: true });
});

function pod(images: string[]): string {
  const containers = images.map((image, i) => `  - name: c${i}\n    image: ${image}\n`).join('');
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n${containers}`;
}

function imagesOut(stdout: string): string[] {
  return [...stdout.matchAll(/image: (\S+)/g)].map((m) => m[1]!);
}

describe('--detect', () => {
  it('proxies images an anonymous pull cannot get and leaves public ones', () => {
    const images = [`${open.host}/team/public-app:1.0`, `${open.host}/team/missing:1.0`, `${locked.host}/team/private-app:1.0`];
    const report = join(work, 'report.json');
    const run = runBinary(['--app-slug', 'app', '--detect', '--cache-dir', join(work, 'cache-a'), '--report-json', report], pod(images));
    expect(run.status, run.stderr).toBe(0);
    // A host with a port cannot go inside a proxy path, so private ones stay and are reported.
    expect(imagesOut(run.stdout)).toEqual(images);
    const probes = JSON.parse(readFileSync(report, 'utf8')).probes as Array<{ image: string; verdict: string; why: string }>;
    expect(probes.map((p) => [p.image, p.verdict])).toEqual([
      [`${open.host}/team/public-app:1.0`, 'public'],
      [`${open.host}/team/missing:1.0`, 'private'],
      [`${locked.host}/team/private-app:1.0`, 'private'],
    ]);
    expect(probes[2]!.why).toMatch(/401/);
    expect(run.stderr).toMatch(/team\/missing:1\.0.*not a valid reference/);
  });

  it('rewrites the private images of a registry without a port to the proxy', async () => {
    const portless = await startDockerRegistry({ user: 'vendor', password: 's3cret-pass' }, '127.0.0.2:80');
    try {
      await portless.pushImage('team/api', '2.0');
      const images = [`${portless.host}/team/api:2.0`, `${open.host}/team/public-app:1.0`];
      const run = runBinary(['--app-slug', 'app', '--detect', '--no-cache', '--report'], pod(images));
      expect(run.status, run.stderr).toBe(0);
      expect(imagesOut(run.stdout)).toEqual([`proxy.replicated.com/proxy/app/127.0.0.2/team/api:2.0`, images[1]]);
      expect(run.stderr).toMatch(/127\.0\.0\.2\/team\/api:2\.0 +private +\d+ +probe: HTTP 401/);
    } finally {
      await portless.stop();
    }
  });

  it('treats an unreachable registry by --on-unknown: private by default, public, or fail', () => {
    const image = `127.0.0.1:${closed}/team/app:1`;
    const base = ['--app-slug', 'app', '--detect', '--no-cache', '--report-json', join(work, 'unknown.json')];
    expect(runBinary(base, pod([image])).status).toBe(0);
    const verdict = () => JSON.parse(readFileSync(join(work, 'unknown.json'), 'utf8')).probes[0];
    expect(verdict().verdict).toBe('private');
    expect(runBinary([...base, '--on-unknown', 'public'], pod([image])).status).toBe(0);
    expect(verdict()).toMatchObject({ verdict: 'public', why: expect.stringMatching(/could not tell/) });
    const failed = runBinary([...base, '--on-unknown', 'fail'], pod([image]));
    expect(failed.status).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toMatch(/could not tell whether this image is private.*--on-unknown is fail/);
  });

  it('answers from the cache with --offline and opens no socket', () => {
    const cache = join(work, 'cache-offline');
    const images = [`${open.host}/team/public-app:1.0`, `${open.host}/team/never-probed:1`];
    const warm = runBinary(['--app-slug', 'app', '--detect', '--cache-dir', cache], pod(images.slice(0, 1)));
    expect(warm.status, warm.stderr).toBe(0);
    const report = join(work, 'offline.json');
    const run = runBinary(['--app-slug', 'app', '--detect', '--offline', '--cache-dir', cache, '--report-json', report], pod(images));
    expect(run.status, run.stderr).toBe(0);
    const probes = JSON.parse(readFileSync(report, 'utf8')).probes;
    expect(probes[0]).toMatchObject({ verdict: 'public', why: expect.stringMatching(/cached/) });
    expect(probes[1]).toMatchObject({ verdict: 'private', why: expect.stringMatching(/offline, not in cache/) });
  });

  it('never sends credentials and never names them', () => {
    const run = runBinary(['--app-slug', 'app', '--detect', '--no-cache', '--report'], pod([`${locked.host}/team/private-app:1.0`]));
    expect(run.stderr).not.toContain('s3cret-pass');
    expect(run.stdout).not.toContain('s3cret-pass');
  });
});
