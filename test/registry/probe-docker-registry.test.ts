import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeImages, probeKey } from '../../src/registry';
import { type DockerRegistry, startDockerRegistry } from '../helpers/registry-docker';
import { target, testProbeOptions } from '../helpers/registry-options';

describe('probing a real Distribution registry (Debian docker-registry)', () => {
  let anonymous: DockerRegistry;
  let withLogin: DockerRegistry;
  let digest: string;

  beforeAll(async () => {
    [anonymous, withLogin] = await Promise.all([
      startDockerRegistry(),
      startDockerRegistry({ user: 'vendor', password: 'test-only-password' }),
    ]);
    digest = await anonymous.pushImage('team/app', '1.0');
    await withLogin.pushImage('team/app', '1.0');
  });

  afterAll(async () => {
    await Promise.all([anonymous?.stop(), withLogin?.stop()]);
  });

  it('calls an image that anyone may pull public', async () => {
    const image = target(anonymous.host, 'team/app', '1.0');
    const results = await probeImages([image], testProbeOptions());
    expect(results.get(probeKey(image))).toMatchObject({ verdict: 'public', why: 'HTTP 200 from manifest', cached: false });
  });

  it('calls an image pinned by digest public', async () => {
    const image = target(anonymous.host, 'team/app', digest);
    const results = await probeImages([image], testProbeOptions());
    expect(probeKey(image)).toBe(`${anonymous.host}/team/app@${digest}`);
    expect(results.get(probeKey(image))?.verdict).toBe('public');
  });

  it('calls a repository the anonymous view cannot find private (404)', async () => {
    const image = target(anonymous.host, 'team/missing', '1.0');
    const results = await probeImages([image], testProbeOptions());
    expect(results.get(probeKey(image))).toMatchObject({ verdict: 'private', why: 'HTTP 404 from manifest' });
  });

  it('calls an image behind a login private (401)', async () => {
    const image = target(withLogin.host, 'team/app', '1.0');
    const results = await probeImages([image], testProbeOptions());
    expect(results.get(probeKey(image))).toMatchObject({ verdict: 'private', why: 'HTTP 401 from manifest' });
  });

  it('answers every image of a mixed list once, keyed as the user wrote it', async () => {
    const images = [
      target(anonymous.host, 'team/app', '1.0'),
      target(withLogin.host, 'team/app', '1.0'),
      target(anonymous.host, 'team/app', '1.0'),
    ];
    const progress: Array<[number, number]> = [];
    const results = await probeImages(images, testProbeOptions({ onProgress: (done, total) => progress.push([done, total]) }));
    expect(Object.fromEntries([...results].map(([key, r]) => [key, r.verdict]))).toEqual({
      [`${anonymous.host}/team/app:1.0`]: 'public',
      [`${withLogin.host}/team/app:1.0`]: 'private',
    });
    expect(progress.at(-1)).toEqual([2, 2]);
  });
});
