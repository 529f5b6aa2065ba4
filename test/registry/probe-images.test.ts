import { afterEach, describe, expect, it } from 'vitest';
import { probeImages, probeKey } from '../../src/registry';
import {
  closedPort,
  type FakeServer,
  openRegistry,
  startFakeHttpServer,
  startRawServer,
} from '../helpers/registry-fake-servers';
import { target, testProbeOptions } from '../helpers/registry-options';

describe('probeImages', () => {
  let server: FakeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('looks at each distinct image once', async () => {
    server = await startFakeHttpServer(openRegistry);
    const image = target(server.host, 'team/app', '1.0');
    const results = await probeImages([image, { ...image }, image], testProbeOptions());
    expect([...results.keys()]).toEqual([probeKey(image)]);
    expect(server.requests.filter((r) => r.path.includes('/manifests/'))).toHaveLength(1);
  });

  it('keeps at most `concurrency` images in flight', async () => {
    let inFlight = 0;
    let most = 0;
    server = await startFakeHttpServer((request, response) => {
      if (request.url === '/v2/') return void response.writeHead(200).end();
      most = Math.max(most, ++inFlight);
      setTimeout(() => {
        inFlight--;
        response.writeHead(200).end();
      }, 50);
    });
    const images = Array.from({ length: 9 }, (_, i) => target(server!.host, 'team/app', `1.${i}`));
    const results = await probeImages(images, testProbeOptions({ concurrency: 3 }));
    expect([...results.values()].every((r) => r.verdict === 'public')).toBe(true);
    expect(most).toBe(3);
  });

  it('reuses keep-alive connections to a registry, HEAD requests included', async () => {
    server = await startFakeHttpServer(openRegistry);
    const images = Array.from({ length: 10 }, (_, i) => target(server!.host, `team/app${i}`));
    await probeImages(images, testProbeOptions({ concurrency: 1 }));
    expect(server.requests).toHaveLength(11);
    // undici may open a second connection while the first is still being handed back.
    expect(server.connections()).toBeLessThanOrEqual(2);
  });

  it('says unknown for images not done by the overall deadline, and returns at the deadline', async () => {
    server = await startRawServer(() => undefined);
    const images = [target(server.host, 'team/app', '1.0'), target(server.host, 'team/app', '2.0')];
    const startedAt = Date.now();
    const results = await probeImages(images, testProbeOptions({ timeoutMs: 10_000, deadlineMs: 300 }));
    expect(Date.now() - startedAt).toBeLessThan(1500);
    expect([...results.values()].map((r) => [r.verdict, r.why])).toEqual([
      ['unknown', 'deadline of 300 ms reached'],
      ['unknown', 'deadline of 300 ms reached'],
    ]);
  });

  it('says unknown when nothing listens at the registry', async () => {
    const image = target(`127.0.0.1:${await closedPort()}`, 'team/app');
    const results = await probeImages([image], testProbeOptions());
    expect(results.get(probeKey(image))).toMatchObject({ verdict: 'unknown', why: 'connect: ECONNREFUSED' });
  });

  it('reports progress up to the number of distinct images', async () => {
    server = await startFakeHttpServer(openRegistry);
    const images = ['a', 'b', 'c', 'a'].map((name) => target(server!.host, `team/${name}`));
    const seen: string[] = [];
    await probeImages(images, testProbeOptions({ onProgress: (done, total) => seen.push(`${done}/${total}`) }));
    expect(seen).toEqual(['1/3', '2/3', '3/3']);
  });

  it('never opens a socket offline, and says so for images it cannot answer', async () => {
    server = await startFakeHttpServer(openRegistry);
    const image = target(server.host, 'team/app');
    const results = await probeImages([image], testProbeOptions({ offline: true }));
    expect(results.get(probeKey(image))).toMatchObject({ verdict: 'unknown', why: 'offline, not in cache' });
    expect(server.connections()).toBe(0);
  });
});

describe('probeKey', () => {
  it('writes a tag after a colon and a digest after an at sign', () => {
    expect(probeKey(target('docker.io', 'library/nginx', '1.27'))).toBe('docker.io/library/nginx:1.27');
    expect(probeKey(target('ghcr.io', 'org/app', `sha256:${'f'.repeat(64)}`))).toBe(
      `ghcr.io/org/app@sha256:${'f'.repeat(64)}`,
    );
  });
});
