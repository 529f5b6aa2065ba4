import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeImages, probeKey } from '../../src/registry';
import { type FakeServer, startFakeHttpServer } from '../helpers/registry-fake-servers';
import { target, testProbeOptions } from '../helpers/registry-options';

const SERVICE = 'registry, with "a comma"';

describe('the anonymous bearer token flow', () => {
  let tokenServer: FakeServer;
  let registry: FakeServer;

  beforeAll(async () => {
    tokenServer = await startFakeHttpServer((request, response) => {
      const query = new URL(request.url ?? '', 'http://token').searchParams;
      const grants: Record<string, string> = {
        'repository:open/app:pull': 'anonymous-open-app',
        'repository:open/empty:pull': 'anonymous-open-empty',
      };
      const token = query.get('service') === SERVICE ? grants[query.get('scope') ?? ''] : undefined;
      if (token) response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token }));
      else response.writeHead(401).end('{"errors":[{"code":"UNAUTHORIZED"}]}');
    });
    const challenge = `Bearer realm="http://${tokenServer.host}/token",service="${SERVICE.replace(/"/g, '\\"')}"`;
    registry = await startFakeHttpServer((request, response) => {
      const authorization = request.headers.authorization;
      if (request.url === '/v2/') {
        response.writeHead(401, { 'www-authenticate': challenge }).end();
      } else if (request.url?.startsWith('/v2/open/app/manifests/') && authorization === 'Bearer anonymous-open-app') {
        response.writeHead(200, { 'docker-content-digest': 'sha256:' + 'a'.repeat(64) }).end();
      } else if (request.url?.startsWith('/v2/open/empty/') && authorization === 'Bearer anonymous-open-empty') {
        response.writeHead(404).end();
      } else {
        response.writeHead(401, { 'www-authenticate': challenge }).end();
      }
    });
  });

  afterAll(async () => {
    await Promise.all([tokenServer?.close(), registry?.close()]);
  });

  it('calls an image public when the realm grants an anonymous pull token', async () => {
    const image = target(registry.host, 'open/app', '1.0');
    const results = await probeImages([image], testProbeOptions());
    expect(results.get(probeKey(image))).toMatchObject({ verdict: 'public', why: 'HTTP 200 from manifest' });
  });

  it('asks the realm for the pull scope with the challenge service, without credentials', async () => {
    tokenServer.requests.length = 0;
    await probeImages([target(registry.host, 'open/app', '1.1')], testProbeOptions());
    const [tokenRequest] = tokenServer.requests;
    const query = new URL(tokenRequest.path, 'http://token').searchParams;
    expect(query.get('scope')).toBe('repository:open/app:pull');
    expect(query.get('service')).toBe(SERVICE);
    expect(tokenRequest.headers.authorization).toBeUndefined();
  });

  it('asks for the manifest with the OCI and Docker manifest and index types', async () => {
    registry.requests.length = 0;
    await probeImages([target(registry.host, 'open/app', '1.2')], testProbeOptions());
    const manifest = registry.requests.find((r) => r.path === '/v2/open/app/manifests/1.2');
    expect(manifest?.method).toBe('HEAD');
    for (const type of [
      'application/vnd.oci.image.index.v1+json',
      'application/vnd.oci.image.manifest.v1+json',
      'application/vnd.docker.distribution.manifest.list.v2+json',
      'application/vnd.docker.distribution.manifest.v2+json',
    ]) {
      expect(manifest?.headers.accept).toContain(type);
    }
  });

  it('calls an image private when the realm refuses an anonymous token', async () => {
    registry.requests.length = 0;
    const image = target(registry.host, 'closed/app', '1.0');
    const results = await probeImages([image], testProbeOptions());
    expect(results.get(probeKey(image))).toMatchObject({ verdict: 'private', why: 'anonymous token refused (HTTP 401)' });
    expect(registry.requests.map((r) => r.path)).toEqual(['/v2/']);
  });

  it('calls an image private when the token is granted but the manifest is not found', async () => {
    const image = target(registry.host, 'open/empty', '1.0');
    const results = await probeImages([image], testProbeOptions());
    expect(results.get(probeKey(image))).toMatchObject({ verdict: 'private', why: 'HTTP 404 from manifest' });
  });

  it('pings each registry once and fetches one token per repository in a run', async () => {
    registry.requests.length = 0;
    tokenServer.requests.length = 0;
    const images = ['2.0', '2.1', '2.2', '2.3'].map((tag) => target(registry.host, 'open/app', tag));
    const results = await probeImages(images, testProbeOptions({ concurrency: 4 }));
    expect([...results.values()].map((r) => r.verdict)).toEqual(['public', 'public', 'public', 'public']);
    expect(registry.requests.filter((r) => r.path === '/v2/')).toHaveLength(1);
    expect(tokenServer.requests).toHaveLength(1);
  });
});

describe('manifest requests', () => {
  it('falls back to GET when HEAD is refused, without waiting for the body to end', async () => {
    const registry = await startFakeHttpServer((request, response) => {
      if (request.url === '/v2/') return void response.writeHead(200).end();
      if (request.method === 'HEAD') return void response.writeHead(405).end();
      response.writeHead(200, { 'content-type': 'application/vnd.oci.image.index.v1+json' });
      const endless = setInterval(() => response.write('x'.repeat(16 * 1024)), 1);
      response.on('close', () => clearInterval(endless));
    });
    try {
      const image = target(registry.host, 'team/app');
      const startedAt = Date.now();
      const results = await probeImages([image], testProbeOptions({ timeoutMs: 3000 }));
      expect(results.get(probeKey(image))).toMatchObject({ verdict: 'public', why: 'HTTP 200 from manifest' });
      expect(Date.now() - startedAt).toBeLessThan(2000);
      expect(registry.requests.map((r) => r.method)).toEqual(['GET', 'HEAD', 'GET']);
    } finally {
      await registry.close();
    }
  });

  it('does not forward the token when the manifest redirects to another host', async () => {
    const elsewhere = await startFakeHttpServer((_request, response) => response.writeHead(200).end());
    const tokenServer = await startFakeHttpServer((_request, response) =>
      response.writeHead(200).end(JSON.stringify({ access_token: 'anonymous' })),
    );
    const registry = await startFakeHttpServer((request, response) => {
      if (request.url === '/v2/') {
        response.writeHead(401, { 'www-authenticate': `Bearer realm="http://${tokenServer.host}/token"` }).end();
      } else {
        response.writeHead(307, { location: `http://${elsewhere.host}/manifest` }).end();
      }
    });
    try {
      const image = target(registry.host, 'team/app');
      const results = await probeImages([image], testProbeOptions());
      expect(results.get(probeKey(image))?.verdict).toBe('public');
      expect(registry.requests.at(-1)?.headers.authorization).toBe('Bearer anonymous');
      expect(elsewhere.requests).toHaveLength(1);
      expect(elsewhere.requests[0].headers.authorization).toBeUndefined();
    } finally {
      await Promise.all([elsewhere.close(), tokenServer.close(), registry.close()]);
    }
  });

  it('answers a Bearer challenge that only the manifest gives, with the scope it asks for', async () => {
    const tokenServer = await startFakeHttpServer((_request, response) =>
      response.writeHead(200).end(JSON.stringify({ token: 'anonymous' })),
    );
    const challenge = `Bearer realm="http://${tokenServer.host}/token",scope="repository:team/app:pull"`;
    const registry = await startFakeHttpServer((request, response) => {
      if (request.url === '/v2/' || request.headers.authorization === 'Bearer anonymous') response.writeHead(200).end();
      else response.writeHead(401, { 'www-authenticate': challenge }).end();
    });
    try {
      const image = target(registry.host, 'team/app');
      const results = await probeImages([image], testProbeOptions());
      expect(results.get(probeKey(image))).toMatchObject({ verdict: 'public', why: 'HTTP 200 from manifest' });
      expect(new URL(tokenServer.requests[0].path, 'http://t').searchParams.get('scope')).toBe('repository:team/app:pull');
    } finally {
      await Promise.all([tokenServer.close(), registry.close()]);
    }
  });

  it('fetches a token for the host a manifest is redirected to, and sends it only there', async () => {
    const tokenServer = await startFakeHttpServer((request, response) => {
      const scope = new URL(request.url ?? '', 'http://t').searchParams.get('scope');
      if (scope === 'repository:mirror/team/app:pull') response.writeHead(200).end(JSON.stringify({ token: 'for-mirror' }));
      else response.writeHead(401).end();
    });
    const mirror = await startFakeHttpServer((request, response) => {
      if (request.headers.authorization === 'Bearer for-mirror') return void response.writeHead(200).end();
      const challenge = `Bearer realm="http://${tokenServer.host}/token",scope="repository:mirror/team/app:pull"`;
      response.writeHead(401, { 'www-authenticate': challenge }).end();
    });
    const registry = await startFakeHttpServer((request, response) => {
      if (request.url === '/v2/') response.writeHead(200).end();
      else response.writeHead(307, { location: `http://${mirror.host}/v2/mirror/team/app/manifests/latest` }).end();
    });
    try {
      const image = target(registry.host, 'team/app');
      const results = await probeImages([image], testProbeOptions());
      expect(results.get(probeKey(image))).toMatchObject({ verdict: 'public', why: 'HTTP 200 from manifest' });
      expect(registry.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
      expect(mirror.requests.at(-1)?.headers.authorization).toBe('Bearer for-mirror');
    } finally {
      await Promise.all([tokenServer.close(), mirror.close(), registry.close()]);
    }
  });

  it('calls an image private when the token granted at the ping still gets 401 at the manifest', async () => {
    const tokenServer = await startFakeHttpServer((_request, response) =>
      response.writeHead(200).end(JSON.stringify({ token: 'anonymous-without-access' })),
    );
    const challenge = `Bearer realm="http://${tokenServer.host}/token",service="hub"`;
    const registry = await startFakeHttpServer((_request, response) =>
      response.writeHead(401, { 'www-authenticate': challenge }).end(),
    );
    try {
      const image = target(registry.host, 'vendor/secret');
      const results = await probeImages([image], testProbeOptions());
      expect(results.get(probeKey(image))).toMatchObject({ verdict: 'private', why: 'HTTP 401 from manifest' });
      expect(tokenServer.requests).toHaveLength(1);
    } finally {
      await Promise.all([tokenServer.close(), registry.close()]);
    }
  });

  it('refuses a token realm on plain HTTP at a host not marked insecure', async () => {
    const registry = await startFakeHttpServer((_request, response) =>
      response.writeHead(401, { 'www-authenticate': 'Bearer realm="http://auth.example.invalid/token"' }).end(),
    );
    try {
      const image = target(registry.host, 'team/app');
      const results = await probeImages([image], testProbeOptions());
      expect(results.get(probeKey(image))).toMatchObject({
        verdict: 'unknown',
        why: 'plain HTTP refused for auth.example.invalid',
      });
    } finally {
      await registry.close();
    }
  });

  it('says an image reference that is not well formed is unknown, without asking anyone', async () => {
    const registry = await startFakeHttpServer((_request, response) => response.writeHead(200).end());
    try {
      const image = target(registry.host, 'team/../../admin', 'latest');
      const results = await probeImages([image], testProbeOptions());
      expect(results.get(probeKey(image))).toMatchObject({ verdict: 'unknown', why: 'not a valid image reference' });
      expect(registry.connections()).toBe(0);
    } finally {
      await registry.close();
    }
  });
});
