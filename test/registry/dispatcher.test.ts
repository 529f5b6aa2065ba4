import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeImages, probeKey, type ProbeResult } from '../../src/registry';
import { type ConnectProxy, startConnectProxy } from '../helpers/registry-connect-proxy';
import { type FakeServer, openRegistry, startFakeHttpServer } from '../helpers/registry-fake-servers';
import { target, testProbeOptions } from '../helpers/registry-options';
import { type Certificate, selfSignedCertificate } from '../helpers/registry-tls';

// `registry.test` is not loopback, so it is spoken to over HTTPS; only the proxy knows where it is.
const HTTPS_NAME = 'registry.test';
const PLAIN_NAME = 'plain.test:5000';

describe('proxies and trusted certificates', () => {
  let dir: string;
  let certificate: Certificate;
  let httpsRegistry: FakeServer;
  let plainRegistry: FakeServer;
  let proxy: ConnectProxy;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'proxy-render-tls-'));
    certificate = selfSignedCertificate(dir, HTTPS_NAME);
    httpsRegistry = await startFakeHttpServer(openRegistry, certificate);
    plainRegistry = await startFakeHttpServer(openRegistry);
    proxy = await startConnectProxy({
      [`${HTTPS_NAME}:443`]: httpsRegistry.host,
      [PLAIN_NAME]: plainRegistry.host,
    });
  });

  afterAll(async () => {
    await Promise.all([proxy?.close(), httpsRegistry?.close(), plainRegistry?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  async function probeOne(domain: string, overrides = {}): Promise<ProbeResult> {
    const image = target(domain, 'team/app');
    return (await probeImages([image], testProbeOptions(overrides))).get(probeKey(image))!;
  }

  it('reaches an HTTPS registry through HTTPS_PROXY, trusting the extra CA file', async () => {
    proxy.tunnels.length = 0;
    const result = await probeOne(HTTPS_NAME, { env: { HTTPS_PROXY: proxy.url }, caFile: certificate.certFile });
    expect(result).toMatchObject({ verdict: 'public', why: 'HTTP 200 from manifest' });
    expect(new Set(proxy.tunnels)).toEqual(new Set([`${HTTPS_NAME}:443`]));
  });

  it('reads the proxy from lower-case https_proxy too', async () => {
    const result = await probeOne(HTTPS_NAME, { env: { https_proxy: proxy.url }, caFile: certificate.certFile });
    expect(result.verdict).toBe('public');
  });

  it('keeps trusting NODE_EXTRA_CA_CERTS when an extra CA file is given as well', async () => {
    const unrelated = selfSignedCertificate(dir, 'unrelated.test');
    const result = await probeOne(HTTPS_NAME, {
      env: { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: certificate.certFile },
      caFile: unrelated.certFile,
    });
    expect(result.verdict).toBe('public');
  });

  it('fails the whole call when the extra CA file cannot be read', async () => {
    await expect(probeOne(HTTPS_NAME, { caFile: join(dir, 'missing.pem') })).rejects.toThrow(/cannot read CA file/);
  });

  it('says unknown, naming TLS, when the certificate is not trusted', async () => {
    const result = await probeOne(HTTPS_NAME, { env: { HTTPS_PROXY: proxy.url } });
    expect(result.verdict).toBe('unknown');
    expect(result.why).toMatch(/^TLS: /);
  });

  it('speaks plain HTTP, through HTTP_PROXY, to a host marked insecure', async () => {
    const result = await probeOne(PLAIN_NAME, { env: { HTTP_PROXY: proxy.url }, insecureHosts: [PLAIN_NAME] });
    expect(result).toMatchObject({ verdict: 'public', why: 'HTTP 200 from manifest' });
  });

  it('speaks HTTPS to a host not marked insecure, even if it only serves plain HTTP', async () => {
    const requestsBefore = plainRegistry.requests.length;
    const result = await probeOne(PLAIN_NAME, { env: { HTTPS_PROXY: proxy.url } });
    expect(result).toMatchObject({ verdict: 'unknown', why: 'TLS: ERR_SSL_WRONG_VERSION_NUMBER' });
    expect(plainRegistry.requests.length).toBe(requestsBefore);
  });

  it('goes around the proxy for hosts in NO_PROXY', async () => {
    proxy.tunnels.length = 0;
    const result = await probeOne(plainRegistry.host, { env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } });
    expect(result.verdict).toBe('public');
    expect(proxy.tunnels).toEqual([]);
  });

  it('reads proxies from the options, not from the process environment', async () => {
    proxy.tunnels.length = 0;
    const saved = process.env.HTTP_PROXY;
    process.env.HTTP_PROXY = proxy.url;
    try {
      const result = await probeOne(plainRegistry.host, { env: {} });
      expect(result.verdict).toBe('public');
      expect(proxy.tunnels).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.HTTP_PROXY;
      else process.env.HTTP_PROXY = saved;
    }
  });

  it('trusts NODE_EXTRA_CA_CERTS given to the process (in a bundled child, as the CLI runs)', async () => {
    const script = join(dir, 'probe.cjs');
    await build({
      stdin: {
        contents: `
          import { probeImages } from './index';
          const [targets, options] = process.argv.slice(2).map((arg) => JSON.parse(arg));
          probeImages(targets, options).then((results) => console.log(JSON.stringify([...results.values()])));`,
        resolveDir: resolve(__dirname, '../../src/registry'),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: script,
      logLevel: 'silent',
    });
    const options = testProbeOptions({ env: { HTTPS_PROXY: proxy.url } });
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [script, JSON.stringify([target(HTTPS_NAME, 'team/app')]), JSON.stringify(options)],
      { env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: certificate.certFile } },
    );
    expect(JSON.parse(stdout)).toMatchObject([{ verdict: 'public', why: 'HTTP 200 from manifest' }]);
  });
});
