import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultCacheDir } from '../../src/config/cache-dir';
import { probeImages, probeKey } from '../../src/registry';
import { closedPort, type FakeServer, openRegistry, startFakeHttpServer } from '../helpers/registry-fake-servers';
import { target, testProbeOptions } from '../helpers/registry-options';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('the verdict cache', () => {
  let home: string;
  let cacheDir: string;
  let registry: FakeServer;

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'proxy-render-cache-'));
    cacheDir = join(home, 'cache', 'proxy-render');
    registry = await startFakeHttpServer(openRegistry);
  });

  afterEach(async () => {
    await registry.close();
    await rm(home, { recursive: true, force: true });
  });

  const withCache = (overrides = {}) => testProbeOptions({ cache: { dir: cacheDir, ttlMs: DAY_MS }, ...overrides });
  const cacheFile = async () => join(cacheDir, (await readdir(cacheDir))[0]);

  it('keeps verdicts in one file readable by its owner only, in a directory only they can enter', async () => {
    await probeImages([target(registry.host, 'team/app')], withCache());
    expect(await readdir(cacheDir)).toHaveLength(1);
    expect((await stat(cacheDir)).mode & 0o777).toBe(0o700);
    expect((await stat(await cacheFile())).mode & 0o777).toBe(0o600);
    expect(await readFile(await cacheFile(), 'utf8')).toContain(`${registry.host}/team/app:latest`);
  });

  it('answers the next run from the cache without opening a socket', async () => {
    const image = target(registry.host, 'team/app');
    await probeImages([image], withCache());
    const before = registry.connections();
    const results = await probeImages([image], withCache());
    expect(results.get(probeKey(image))).toMatchObject({ verdict: 'public', why: 'HTTP 200 from manifest', cached: true });
    expect(registry.connections()).toBe(before);
  });

  it('offline, answers hits from the cache and misses with unknown, never connecting', async () => {
    const known = target(registry.host, 'team/app');
    const unseen = target(registry.host, 'team/other');
    await probeImages([known], withCache());
    const before = registry.connections();
    const results = await probeImages([known, unseen], withCache({ offline: true }));
    expect(results.get(probeKey(known))).toMatchObject({ verdict: 'public', cached: true });
    expect(results.get(probeKey(unseen))).toMatchObject({ verdict: 'unknown', why: 'offline, not in cache' });
    expect(registry.connections()).toBe(before);
  });

  it('forgets verdicts older than the TTL', async () => {
    const image = target(registry.host, 'team/app');
    await probeImages([image], withCache({ cache: { dir: cacheDir, ttlMs: 50 } }));
    await new Promise((resolve) => setTimeout(resolve, 80));
    const results = await probeImages([image], withCache({ cache: { dir: cacheDir, ttlMs: 50 }, offline: true }));
    expect(results.get(probeKey(image))).toMatchObject({ verdict: 'unknown', why: 'offline, not in cache' });
  });

  it('never keeps an unknown verdict, so the next run asks again', async () => {
    const answered = target(registry.host, 'team/app');
    const unreachable = target(`127.0.0.1:${await closedPort()}`, 'team/app');
    const results = await probeImages([answered, unreachable], withCache());
    expect(results.get(probeKey(unreachable))?.verdict).toBe('unknown');
    const cached = await readFile(await cacheFile(), 'utf8');
    expect(cached).toContain(probeKey(answered));
    expect(cached).not.toContain(probeKey(unreachable));
  });

  it('treats a damaged cache file as empty and replaces it', async () => {
    await probeImages([target(registry.host, 'team/app')], withCache());
    await writeFile(await cacheFile(), '{ not json');
    const image = target(registry.host, 'team/app');
    const results = await probeImages([image], withCache());
    expect(results.get(probeKey(image))).toMatchObject({ verdict: 'public', cached: false });
    const repaired = await readFile(await cacheFile(), 'utf8');
    expect(() => JSON.parse(repaired)).not.toThrow();
    expect(repaired).toContain(probeKey(image));
  });

  it('writes nothing when the cache is off', async () => {
    await probeImages([target(registry.host, 'team/app')], testProbeOptions({ cache: false }));
    await expect(stat(cacheDir)).rejects.toThrow(/ENOENT/);
  });
});

describe('defaultCacheDir', () => {
  it('uses $XDG_CACHE_HOME when it is an absolute path', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/var/cache/me', HOME: '/home/me' })).toBe('/var/cache/me/proxy-render');
  });

  it('falls back to ~/.cache when $XDG_CACHE_HOME is unset or relative', () => {
    expect(defaultCacheDir({ HOME: '/home/me' })).toBe('/home/me/.cache/proxy-render');
    expect(defaultCacheDir({ XDG_CACHE_HOME: 'relative', HOME: '/home/me' })).toBe('/home/me/.cache/proxy-render');
  });
});
