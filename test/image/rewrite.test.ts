import { describe, expect, it } from 'vitest';
import { compileSelection } from '../../src/image/patterns';
import type { Classification } from '../../src/image/patterns';
import { parseImageReference } from '../../src/image/reference';
import type { ImageReference } from '../../src/image/reference';
import { localDestImage, localRegistryImage, proxiedImage, rewriteImage } from '../../src/image/rewrite';
import type { RewriteRules } from '../../src/image/rewrite';

const F26F = 'sha256:f26f' + '0'.repeat(60);
const D7907 = 'sha256:7907' + '0'.repeat(60);

const online: RewriteRules = {
  appSlug: 'my-app',
  proxyDomain: 'proxy.replicated.com',
  knownProxyDomains: [],
  registryDomain: 'registry.replicated.com',
  overrides: [],
};
const customDomains: RewriteRules = {
  ...online,
  proxyDomain: 'images.vendor.com',
  knownProxyDomains: ['old-images.vendor.com'],
  registryDomain: 'registry.vendor.com',
};
const airgap: RewriteRules = { ...online, localRegistry: { host: 'ttl.sh', namespace: 'test', keepPath: false } };

const allPrivate = (): Classification => ({ verdict: 'private', why: 'probe: 401' });
const allPublic = (): Classification => ({ verdict: 'public', why: 'probe: pulled anonymously' });

function ref(text: string): ImageReference {
  const parsed = parseImageReference(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.ref;
}

function rewrittenTo(
  image: string,
  rules: RewriteRules,
  classify: (ref: ImageReference) => Classification = allPrivate,
): string {
  const decision = rewriteImage(image, rules, classify);
  if (decision.kind === 'invalid') throw new Error(decision.why);
  return decision.kind === 'rewritten' ? decision.to : decision.image;
}

describe('a private image goes to the proxy with its path, tag and digest as written (DOMAIN 2)', () => {
  const cases: [string, string][] = [
    ['quay.io/my-org/api:v1.0.1', 'proxy.replicated.com/proxy/my-app/quay.io/my-org/api:v1.0.1'],
    ['redis:latest', 'proxy.replicated.com/proxy/my-app/redis:latest'],
    ['library/nginx:1', 'proxy.replicated.com/proxy/my-app/library/nginx:1'],
    ['docker.io/nginx:1', 'proxy.replicated.com/proxy/my-app/docker.io/nginx:1'],
    ['ghcr.io/org/app', 'proxy.replicated.com/proxy/my-app/ghcr.io/org/app'],
  ];
  it.each(cases)('%s -> %s', (image, proxied) => {
    expect(rewriteImage(image, online, allPrivate)).toEqual({
      kind: 'rewritten',
      from: image,
      to: proxied,
      why: 'probe: 401',
    });
  });

  it('a registry with a port cannot be proxied: the name KOTS writes is refused by the kubelet', () => {
    const image = `registry:5000/ns/img:tag@${F26F}`;
    const kotsName = `proxy.replicated.com/proxy/my-app/registry:5000/ns/img:tag@${F26F}`;
    expect(proxiedImage(ref(image), 'proxy.replicated.com', 'my-app')).toBe(kotsName);
    expect(rewriteImage(image, online, allPrivate)).toEqual({
      kind: 'invalid',
      image,
      why: `probe: 401; but '${kotsName}' is not a valid reference: invalid repository path component 'registry:5000'`,
    });
  });

  it('uses the custom proxy domain', () => {
    expect(rewrittenTo('quay.io/my-org/api:v1.0.1', customDomains)).toBe(
      'images.vendor.com/proxy/my-app/quay.io/my-org/api:v1.0.1',
    );
  });

  it('proxiedImage builds the same name from a parsed reference', () => {
    expect(proxiedImage(ref(`nginx@${D7907}`), 'images.vendor.com', 'my-app')).toBe(
      `images.vendor.com/proxy/my-app/nginx@${D7907}`,
    );
  });
});

describe('images that are never proxied', () => {
  it('a public image is left alone, with the reason the classifier gave', () => {
    expect(rewriteImage('grafana/grafana:13.1.3', online, allPublic)).toEqual({
      kind: 'unchanged',
      image: 'grafana/grafana:13.1.3',
      why: 'probe: pulled anonymously',
    });
  });

  it.each([
    'proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1',
    'images.vendor.com/proxy/my-app/quay.io/my-org/api:1',
    'old-images.vendor.com/proxy/my-app/quay.io/my-org/api:1',
    'PROXY.replicated.com/proxy/my-app/redis',
  ])('%s is already on a proxy and is not prefixed again (kots issue 1188)', (image) => {
    expect(rewriteImage(image, customDomains, allPrivate)).toEqual({ kind: 'unchanged', image, why: 'already on proxy' });
  });

  it('an image on the Replicated registry stays there', () => {
    expect(rewriteImage('registry.replicated.com/my-app/api:1', online, allPrivate)).toEqual({
      kind: 'unchanged',
      image: 'registry.replicated.com/my-app/api:1',
      why: 'on the Replicated registry',
    });
  });

  it('with a custom registry domain, only the host of a Replicated registry image changes', () => {
    expect(rewriteImage('registry.replicated.com/my-app/api:1', customDomains, allPrivate)).toEqual({
      kind: 'rewritten',
      from: 'registry.replicated.com/my-app/api:1',
      to: 'registry.vendor.com/my-app/api:1',
      why: 'Replicated registry served at registry.vendor.com',
    });
    expect(rewrittenTo('registry.vendor.com/my-app/api:1', customDomains)).toBe('registry.vendor.com/my-app/api:1');
  });
});

describe('local registry: every image moves, tag and digest as written (DOMAIN 4)', () => {
  const cases: [string, string][] = [
    [`nginx:1@${F26F}`, `ttl.sh/test/nginx:1@${F26F}`],
    ['nginx:1.23', 'ttl.sh/test/nginx:1.23'],
    [`nginx@${D7907}`, `ttl.sh/test/nginx@${D7907}`],
    ['quay.io/a/b/debian:0.1', 'ttl.sh/test/debian:0.1'],
    ['registry.replicated.com/my-app/api:1', 'ttl.sh/test/api:1'],
    ['proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1', 'ttl.sh/test/api:1'],
  ];
  it.each(cases)('%s -> %s', (image, local) => {
    expect(rewriteImage(image, airgap, allPublic)).toEqual({
      kind: 'rewritten',
      from: image,
      to: local,
      why: 'local registry ttl.sh',
    });
  });

  it('an empty namespace adds no path segment', () => {
    const local = { host: 'registry.corp:5000', namespace: '', keepPath: false };
    expect(localRegistryImage(ref('quay.io/a/b/debian:0.1'), local)).toBe('registry.corp:5000/debian:0.1');
  });

  it('keepPath keeps the normalized repository path (Embedded Cluster ReplicatedImageName)', () => {
    const local = { host: 'reg.local', namespace: 'ns', keepPath: true };
    expect(localRegistryImage(ref('busybox:1.36'), local)).toBe('reg.local/ns/library/busybox:1.36');
    expect(localRegistryImage(ref('quay.io/myorg/init:1.4.0'), local)).toBe('reg.local/ns/myorg/init:1.4.0');
    expect(localRegistryImage(ref('docker.io/bitnami/redis:7'), local)).toBe('reg.local/ns/bitnami/redis:7');
  });

  it('an image already in the local registry stays', () => {
    expect(rewriteImage('ttl.sh/test/nginx:1', airgap, allPrivate)).toEqual({
      kind: 'unchanged',
      image: 'ttl.sh/test/nginx:1',
      why: 'already in the local registry',
    });
  });

  it('an image on the local host outside the namespace moves into it', () => {
    expect(rewrittenTo('ttl.sh/other/nginx:1', airgap)).toBe('ttl.sh/test/nginx:1');
  });

  it('an explicit public pattern keeps the image where it is; a probe verdict does not', () => {
    const selection = compileSelection({ private: [], public: ['registry.k8s.io'] });
    const classify = (r: ImageReference): Classification => selection(r) ?? allPublic();
    expect(rewrittenTo('registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.19.1', airgap, classify)).toBe(
      'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.19.1',
    );
    expect(rewrittenTo('grafana/grafana:13.1.3', airgap, classify)).toBe('ttl.sh/test/grafana:13.1.3');
  });
});

describe('localDestImage: the pushed copy (KOTS DestImage, LocalImageName)', () => {
  const local = { host: 'registry.corp:5000', namespace: 'somebigbank', keepPath: false };
  const cases: [string, string][] = [
    ['quay.io/a/b/debian:0.1', 'registry.corp:5000/somebigbank/debian:0.1'],
    ['nginx', 'registry.corp:5000/somebigbank/nginx:latest'],
    [`nginx:1@${F26F}`, `registry.corp:5000/somebigbank/nginx@${F26F}`],
  ];
  it.each(cases)('%s -> %s', (image, dest) => {
    expect(localDestImage(ref(image), local)).toBe(dest);
  });

  it('keepPath keeps the normalized path', () => {
    expect(localDestImage(ref('busybox'), { ...local, keepPath: true })).toBe(
      'registry.corp:5000/somebigbank/library/busybox:latest',
    );
  });
});

describe('overrides apply before anything else', () => {
  const rules: RewriteRules = { ...online, overrides: [{ name: 'nginx', newName: 'quay.io/my-org/nginx', newTag: '2' }] };

  it('then the result is proxied', () => {
    expect(rewriteImage('nginx:1', rules, allPrivate)).toEqual({
      kind: 'rewritten',
      from: 'nginx:1',
      to: 'proxy.replicated.com/proxy/my-app/quay.io/my-org/nginx:2',
      why: 'override nginx; probe: 401',
    });
  });

  it('an override alone counts as a rewrite', () => {
    expect(rewriteImage('nginx:1', rules, allPublic)).toEqual({
      kind: 'rewritten',
      from: 'nginx:1',
      to: 'quay.io/my-org/nginx:2',
      why: 'override nginx; probe: pulled anonymously',
    });
  });

  it('an override that produces an invalid reference leaves the image as written', () => {
    const broken: RewriteRules = { ...online, overrides: [{ name: 'nginx', newName: 'Quay.io/My-Org/nginx' }] };
    expect(rewriteImage('nginx:1', broken, allPrivate)).toEqual({
      kind: 'invalid',
      image: 'nginx:1',
      why: "override nginx gives 'Quay.io/My-Org/nginx:1': uppercase letters in repository path",
    });
  });
});

describe('invalid references are reported and left as written', () => {
  it.each([
    ['{{ .Values.image }}', "contains an unrendered template '{{'"],
    ['quay.io/My-Org/api', 'uppercase letters in repository path'],
  ])('%s', (image, why) => {
    expect(rewriteImage(image, online, allPrivate)).toEqual({ kind: 'invalid', image, why });
  });

  it('a proxied name that would be invalid is not emitted (uppercase host inside the proxy path)', () => {
    expect(rewriteImage('Quay.io/org/api:1', online, allPrivate)).toEqual({
      kind: 'invalid',
      image: 'Quay.io/org/api:1',
      why: "probe: 401; but 'proxy.replicated.com/proxy/my-app/Quay.io/org/api:1' is not a valid reference: uppercase letters in repository path",
    });
  });
});

describe('a second run changes nothing', () => {
  const images = [
    'nginx',
    'redis:latest',
    'library/nginx:1',
    'docker.io/nginx:1',
    'index.docker.io/library/nginx:1',
    'quay.io/my-org/api:v1.0.1',
    `nginx@${D7907}`,
    'registry.replicated.com/my-app/api:1',
    'proxy.replicated.com/proxy/my-app/redis',
  ];
  // Hosts with a port or an IPv6 address can only move to a local registry (see above).
  const localOnlyImages = [`registry:5000/ns/img:tag@${F26F}`, '[::1]:5000/img:1'];
  const ruleSets: [string, RewriteRules, string[]][] = [
    ['online', online, images],
    ['custom domains', customDomains, images],
    ['overrides', { ...online, overrides: [{ name: 'nginx', newName: 'quay.io/x/nginx', digest: D7907 }] }, images],
    ['local registry', airgap, [...images, ...localOnlyImages]],
    [
      'local registry, keepPath, no namespace',
      { ...online, localRegistry: { host: 'reg.local:5000', namespace: '', keepPath: true } },
      [...images, ...localOnlyImages],
    ],
    [
      'Docker Hub as local registry',
      { ...online, localRegistry: { host: 'index.docker.io', namespace: 'corp', keepPath: true } },
      [...images, ...localOnlyImages],
    ],
  ];
  for (const [label, rules, inputs] of ruleSets) {
    it.each(inputs)(`${label}: %s`, (image) => {
      const once = rewrittenTo(image, rules);
      expect(rewriteImage(once, rules, allPrivate)).toMatchObject({ kind: 'unchanged', image: once });
    });
  }
});
