// The images proxy-render writes into pod specs must be the images the real `kubectl kustomize`
// writes when handed the KOTS-style `images:` list for the same decision (DOMAIN.md 2, 6, 7).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { generateStream, kustomizeImagesFor, matchesRepositoryPatterns, privateRepositoryPatterns } from '../helpers/generate-stream.mjs';
import { runBinary } from '../helpers/binary';

const work = mkdtempSync(join(tmpdir(), 'proxy-render-kustomize-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Pod-spec images per resource (`Kind namespace/name`), in container order. */
function podImages(stream: string): Map<string, string[]> {
  const images = new Map<string, string[]>();
  for (const doc of parseAllDocuments(stream)) {
    const r = doc.toJS() as Record<string, any> | null;
    if (!r?.kind) continue;
    const podSpec = r.kind === 'Pod' ? r.spec : r.kind === 'CronJob' ? r.spec?.jobTemplate?.spec?.template?.spec : r.spec?.template?.spec;
    if (!podSpec) continue;
    const list = [...(podSpec.initContainers ?? []), ...(podSpec.containers ?? [])].map((c: { image: string }) => c.image);
    images.set(`${r.kind} ${r.metadata?.namespace ?? ''}/${r.metadata?.name}`, list);
  }
  return images;
}

function kubectlKustomize(name: string, stream: string, images: object[]): string {
  const dir = join(work, name);
  execFileSync('mkdir', ['-p', dir]);
  writeFileSync(join(dir, 'stream.yaml'), stream);
  writeFileSync(join(dir, 'kustomization.yaml'), JSON.stringify({ resources: ['stream.yaml'], images }));
  return execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
}

// A registry with a port cannot sit inside a proxy path (the result is not a valid image
// name); proxy-render leaves those images alone and warns, so they are not in the list.
const proxiable = (image: string) => !/^[^/]*:\d+\//.test(image);

describe('images match kubectl kustomize with the KOTS images: list', () => {
  it('on kube-prometheus, every image proxied', () => {
    const stream = readFileSync(new URL('../../../shared/fixtures/kube-prometheus.yaml', import.meta.url), 'utf8');
    const ours = runBinary(['--app-slug', 'my-app', '--private', 'all'], stream);
    expect(ours.status, ours.stderr).toBe(0);
    const images = kustomizeImagesFor(stream, { appSlug: 'my-app', isPrivate: () => true });
    expect(images.length).toBeGreaterThan(5);
    const theirs = kubectlKustomize('kube-prometheus', stream, images);
    expect(podImages(ours.stdout)).toEqual(podImages(theirs));
    expect([...podImages(ours.stdout).values()].flat().every((i) => i.startsWith('proxy.replicated.com/proxy/my-app/'))).toBe(true);
  });

  it('on a generated Helm stream with private and public images', () => {
    const stream = generateStream({ documents: 400, seed: 11 });
    const ours = runBinary(['--app-slug', 'my-app', '--proxy-domain', 'images.vendor.com', '--private', privateRepositoryPatterns.join(',')], stream);
    expect(ours.status, ours.stderr).toBe(0);
    const isPrivate = matchesRepositoryPatterns(privateRepositoryPatterns);
    const images = kustomizeImagesFor(stream, { appSlug: 'my-app', proxyDomain: 'images.vendor.com', isPrivate: (i) => isPrivate(i) && proxiable(i) });
    const theirs = kubectlKustomize('generated', stream, images);
    const ourImages = podImages(ours.stdout);
    expect(ourImages).toEqual(podImages(theirs));
    const all = [...ourImages.values()].flat();
    expect(all.some((i) => i.startsWith('images.vendor.com/proxy/my-app/'))).toBe(true);
    expect(all.some((i) => !i.startsWith('images.vendor.com/'))).toBe(true);
  });
});
