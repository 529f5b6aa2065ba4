import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { probeImages, probeKey, type ProbeResult } from '../../src/registry';
import { type FakeServer, type Handler, startFakeHttpServer, startRawServer } from '../helpers/registry-fake-servers';
import { target, testProbeOptions } from '../helpers/registry-options';

// Each fault must end within its bound with its documented verdict; times are asserted loosely.
describe('registries that misbehave', () => {
  let server: FakeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function probeOne(options = testProbeOptions()): Promise<{ result: ProbeResult; ms: number }> {
    const image = target(server!.host, 'team/app', '1.0');
    const startedAt = Date.now();
    const results = await probeImages([image], options);
    return { result: results.get(probeKey(image))!, ms: Date.now() - startedAt };
  }

  const registryWhose = (ping: Handler): Handler => (request, response, seen) => {
    if (request.url === '/v2/') ping(request, response, seen);
    else response.writeHead(200).end();
  };

  it('gives up on a server that accepts and never answers after the request timeout', async () => {
    server = await startRawServer(() => undefined);
    const { result, ms } = await probeOne(testProbeOptions({ timeoutMs: 300 }));
    expect(result).toMatchObject({ verdict: 'unknown', why: 'timeout after 300 ms' });
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(2000);
  });

  it('retries a connection reset three times, then says unknown', async () => {
    server = await startRawServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    const { result, ms } = await probeOne();
    expect(result).toMatchObject({ verdict: 'unknown', why: 'connection reset during ping after 3 tries' });
    expect(server.connections()).toBe(3);
    expect(ms).toBeLessThan(3000);
  });

  it('waits as Retry-After asks on 429 and succeeds on the next try', async () => {
    server = await startFakeHttpServer(
      registryWhose((_request, response, seen) => {
        if (seen.length === 1) response.writeHead(429, { 'retry-after': '1' }).end();
        else response.writeHead(200).end();
      }),
    );
    const { result, ms } = await probeOne();
    expect(result).toMatchObject({ verdict: 'public', why: 'HTTP 200 from manifest' });
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(3000);
  });

  it('caps a long Retry-After at 2 s and says unknown after 3 tries of 429', async () => {
    server = await startFakeHttpServer(
      registryWhose((_request, response) => response.writeHead(429, { 'retry-after': '3600' }).end()),
    );
    const { result, ms } = await probeOne();
    expect(result).toMatchObject({ verdict: 'unknown', why: 'HTTP 429 from ping after 3 tries' });
    expect(server.requests).toHaveLength(3);
    expect(ms).toBeGreaterThanOrEqual(3900);
    expect(ms).toBeLessThan(6000);
  });

  it('says unknown after 3 tries of HTTP 500', async () => {
    server = await startFakeHttpServer(registryWhose((_request, response) => response.writeHead(500).end()));
    const { result, ms } = await probeOne();
    expect(result).toMatchObject({ verdict: 'unknown', why: 'HTTP 500 from ping after 3 tries' });
    expect(server.requests).toHaveLength(3);
    expect(ms).toBeLessThan(2000);
  });

  it('stops following a redirect loop after 5 redirects', async () => {
    server = await startFakeHttpServer(
      registryWhose((_request, response) => response.writeHead(302, { location: '/v2/' }).end()),
    );
    const { result, ms } = await probeOne();
    expect(result).toMatchObject({ verdict: 'unknown', why: 'more than 5 redirects' });
    expect(server.requests).toHaveLength(6);
    expect(ms).toBeLessThan(2000);
  });

  it('follows redirects only to http and https', async () => {
    server = await startFakeHttpServer(
      registryWhose((_request, response) => response.writeHead(302, { location: 'ftp://127.0.0.1/v2/' }).end()),
    );
    const { result } = await probeOne();
    expect(result).toMatchObject({ verdict: 'unknown', why: 'unsupported URL scheme ftp:' });
  });

  it('stops reading a token response that never ends at 1 MiB', async () => {
    server = await startFakeHttpServer((request, response) => {
      if (request.url === '/v2/') {
        response.writeHead(401, { 'www-authenticate': `Bearer realm="http://${server!.host}/token"` }).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      const endless = setInterval(() => response.write(' '.repeat(64 * 1024)), 1);
      response.on('close', () => clearInterval(endless));
    });
    const { result, ms } = await probeOne(testProbeOptions({ timeoutMs: 5000 }));
    expect(result).toMatchObject({ verdict: 'unknown', why: 'token response over 1 MiB' });
    expect(ms).toBeLessThan(3000);
  });

  it('times out a token response that trickles forever', async () => {
    server = await startFakeHttpServer((request, response) => {
      if (request.url === '/v2/') {
        response.writeHead(401, { 'www-authenticate': `Bearer realm="http://${server!.host}/token"` }).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      const trickle = setInterval(() => response.write(' '), 20);
      response.on('close', () => clearInterval(trickle));
    });
    const { result, ms } = await probeOne(testProbeOptions({ timeoutMs: 500 }));
    expect(result).toMatchObject({ verdict: 'unknown', why: 'timeout after 500 ms' });
    expect(ms).toBeLessThan(2000);
  });
});

describe('a proxy that drops every tunnel', () => {
  it('ends the request at its timeout, although undici keeps reconnecting', async () => {
    const proxy = createServer((_req, res) => res.socket?.destroy());
    proxy.on('connect', (_req, socket) => socket.destroy());
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as { port: number };
    try {
      const image = target('myreg.test', 'team/app', '1');
      const started = Date.now();
      const results = await probeImages(
        [image],
        testProbeOptions({ env: { HTTP_PROXY: `http://127.0.0.1:${port}` }, insecureHosts: ['myreg.test'], timeoutMs: 500, deadlineMs: 20_000 }),
      );
      expect(results.get(probeKey(image))).toMatchObject({ verdict: 'unknown', why: 'timeout after 500 ms' });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
