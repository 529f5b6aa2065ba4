import { describe, expect, it } from 'vitest';
import { applyOverrides } from '../../src/image/overrides';
import type { ImageOverride } from '../../src/image/overrides';

// Expected values follow kustomize's source (kubernetes-sigs/kustomize at 12f9e63:
// api/internal/image/image.go IsImageMatched and Split, api/filters/imagetag/updater.go
// SetImageValue, api/internal/target/kusttarget_configplugin.go one transformer per entry) and
// were checked with `kubectl kustomize` (kustomize v5.5.0) on a `containers` field that only
// its legacy pass visits, so each entry runs once.

const A = 'sha256:' + 'a'.repeat(64);
const B = 'sha256:' + 'b'.repeat(64);

describe('one images: entry, as kustomize applies it', () => {
  const cases: [image: string, entry: ImageOverride, result: string][] = [
    ['nginx:1.25', { name: 'nginx', newTag: '1.26' }, 'nginx:1.26'],
    // newTag alone drops a digest
    [`nginx:1.25@${A}`, { name: 'nginx', newTag: '1.26' }, 'nginx:1.26'],
    // digest alone drops the tag
    [`nginx:1.25@${A}`, { name: 'nginx', digest: B }, `nginx@${B}`],
    ['nginx:1.25', { name: 'nginx', digest: B }, `nginx@${B}`],
    // both give name:tag@digest
    ['nginx:1.25', { name: 'nginx', newTag: '2', digest: B }, `nginx:2@${B}`],
    // newName alone keeps tag and digest
    [`nginx:1.25@${A}`, { name: 'nginx', newName: 'quay.io/x/nginx' }, `quay.io/x/nginx:1.25@${A}`],
    ['nginx', { name: 'nginx', newName: 'quay.io/x/nginx' }, 'quay.io/x/nginx'],
    // tagSuffix appends to the tag and drops a digest; no tag gives ':<suffix>'
    ['redis:6.2.6', { name: 'redis', tagSuffix: '-alpine' }, 'redis:6.2.6-alpine'],
    [`redis:7@${A}`, { name: 'redis', tagSuffix: '-alpine' }, 'redis:7-alpine'],
    [`redis@${A}`, { name: 'redis', tagSuffix: '-alpine' }, 'redis:-alpine'],
    ['redis', { name: 'redis', tagSuffix: '-alpine' }, 'redis:-alpine'],
    // newTag takes precedence over tagSuffix
    ['redis:7', { name: 'redis', newTag: '8', tagSuffix: '-alpine' }, 'redis:8'],
    // a port is part of the name, not a tag
    ['registry:5000/ns/img:1', { name: 'registry:5000/ns/img', newTag: '2' }, 'registry:5000/ns/img:2'],
    ['registry:5000/ns/img', { name: 'registry:5000/ns/img', newTag: '2' }, 'registry:5000/ns/img:2'],
    // the name is an unescaped regular expression
    ['quaysio/org/app:1', { name: 'quay.io/org/app', newTag: '2' }, 'quaysio/org/app:2'],
    ['quay.io/org/app:1', { name: 'quay.io/.*', newName: 'mirror.local/app' }, 'mirror.local/app:1'],
    ['redis:1', { name: 'nginx|redis', newTag: '2' }, 'redis:2'],
    // an entry with nothing to change leaves the image as it was
    ['nginx:1', { name: 'nginx' }, 'nginx:1'],
  ];
  it.each(cases)('%s with %j gives %s', (image, entry, result) => {
    expect(applyOverrides(image, [entry]).image).toBe(result);
  });
});

describe('names that do not match', () => {
  const cases: [image: string, name: string][] = [
    // no docker.io normalisation: names compare as text
    ['docker.io/nginx:1', 'nginx'],
    ['nginx:1', 'docker.io/library/nginx'],
    // anchored: the name must cover the whole repository name
    ['nginx-exporter:1', 'nginx'],
    ['my/nginx:1', 'nginx'],
  ];
  it.each(cases)('%s is not matched by %s', (image, name) => {
    expect(applyOverrides(image, [{ name, newTag: '2' }])).toEqual({ image });
  });
});

describe('several entries', () => {
  it('run in order, each on the result of the ones before', () => {
    const overrides: ImageOverride[] = [
      { name: 'nginx', newName: 'quay.io/x/nginx' },
      { name: 'quay.io/x/nginx', newTag: '2' },
    ];
    expect(applyOverrides('nginx:1', overrides)).toEqual({ image: 'quay.io/x/nginx:2', override: overrides[0] });
  });

  it('report the first entry that changed the image', () => {
    const overrides: ImageOverride[] = [
      { name: 'nginx', newTag: '1' },
      { name: 'nginx', newTag: '2' },
    ];
    expect(applyOverrides('nginx:1', overrides)).toEqual({ image: 'nginx:2', override: overrides[1] });
  });

  it('an entry whose name no longer matches after an earlier one is skipped', () => {
    const overrides: ImageOverride[] = [
      { name: 'nginx', newName: 'quay.io/x/nginx' },
      { name: 'nginx', newTag: '9' },
    ];
    expect(applyOverrides('nginx:1', overrides).image).toBe('quay.io/x/nginx:1');
  });
});
