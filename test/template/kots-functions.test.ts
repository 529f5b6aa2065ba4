// The KOTS template functions, online and air gap, with and without custom domains, in both
// delimiter styles. Expected values are KOTS's documented results (replicated-docs template
// function pages, Embedded Cluster v3 ReplicatedImageName/Registry) and DOMAIN.md's examples,
// reached through proxy-render's settings.

import { describe, expect, it } from 'vitest';
import { defaults, type Settings } from '../../src/config/schema';
import { compileSelection, type Classification } from '../../src/image/patterns';
import type { ImageReference } from '../../src/image/reference';
import { renderKotsTemplate, sprigFuncs, TemplateError } from '../../src/template/index';
import { kotsFunctions, type KotsContext, type LicenseFields } from '../../src/template/kots-functions';

const LICENSE: LicenseFields = {
  spec: {
    appSlug: 'my-app',
    licenseID: 'LIC123',
    customerName: 'Big Bank',
    customerEmail: 'ops@bigbank.example',
    channelName: 'Stable',
    channelID: 'ch-1',
    licenseType: 'prod',
    licenseSequence: '7',
    isAirgapSupported: 'true',
    isSnapshotSupported: 'false',
    isDisasterRecoverySupported: 'true',
    replicatedProxyDomain: 'images.vendor.com',
    signature: Buffer.from('{"signed":true}').toString('base64'),
  },
  entitlements: { seats: '25', premium: 'true', tier: 'gold' },
};

function settings(over: Partial<Settings> = {}): Settings {
  return { ...defaults(), appSlug: 'my-app', licenseId: 'LIC123', ...over };
}

const ONLINE = settings({ private: ['quay.io/my-org/*'] });
const CUSTOM = settings({ private: ['quay.io/my-org/*'], proxyDomain: 'images.vendor.com', registryDomain: 'registry.vendor.com' });
const AIR_GAP = settings({ localRegistryHost: 'registry.corp:5000', localRegistryNamespace: 'somebigbank', localRegistryUsername: 'robot', localRegistryPassword: 'hunter22' });
const AIR_GAP_NO_NAMESPACE = settings({ localRegistryHost: 'ttl.sh' });
// Embedded Cluster v3's registry keeps the repository path: --local-registry-keep-path.
const EC3_AIR_GAP = settings({ localRegistryHost: 'ttl.sh', localRegistryKeepPath: true });
const EC3_AIR_GAP_NAMESPACE = { ...AIR_GAP, localRegistryKeepPath: true };

function context(s: Settings, extra: Partial<KotsContext> = {}): KotsContext {
  const select = compileSelection({ private: s.private, public: s.public });
  const classify = (ref: ImageReference): Classification => select(ref) ?? { verdict: 'public', why: 'not listed' };
  return { settings: s, license: LICENSE, config: {}, classify, ...extra };
}

/** Renders in both delimiter styles and checks they agree. */
function render(expression: string, s: Settings, extra: Partial<KotsContext> = {}): string {
  const funcs = { ...sprigFuncs, ...kotsFunctions(context(s, extra)) };
  const first = renderKotsTemplate(`{{repl ${expression} }}`, funcs);
  expect(renderKotsTemplate(`repl{{ ${expression} }}`, funcs)).toBe(first);
  return first;
}

function decodeDockerConfig(base64: string): Record<string, Record<string, string>> {
  return JSON.parse(Buffer.from(base64, 'base64').toString('utf8')).auths;
}

describe('registry functions, online and air gap', () => {
  it.each([
    ['HasLocalRegistry', ONLINE, 'false'],
    ['HasLocalRegistry', AIR_GAP, 'true'],
    ['IsAirgap', ONLINE, 'false'],
    ['IsAirgap', AIR_GAP, 'true'],
    ['LocalRegistryHost', ONLINE, ''],
    ['LocalRegistryHost', AIR_GAP, 'registry.corp:5000'],
    ['LocalRegistryNamespace', ONLINE, ''],
    ['LocalRegistryNamespace', AIR_GAP, 'somebigbank'],
    ['LocalRegistryAddress', ONLINE, ''],
    ['LocalRegistryAddress', AIR_GAP, 'registry.corp:5000/somebigbank'],
    ['LocalRegistryAddress', AIR_GAP_NO_NAMESPACE, 'ttl.sh'],
    ['ImagePullSecretName', ONLINE, 'my-app-registry'],
    ['ImagePullSecretName', settings({ pullSecretName: 'vendor-pull' }), 'vendor-pull'],
    ['ReplicatedProxyDomain', ONLINE, 'proxy.replicated.com'],
    ['ReplicatedProxyDomain', CUSTOM, 'images.vendor.com'],
    ['ReplicatedRegistryDomain', ONLINE, 'registry.replicated.com'],
    ['ReplicatedRegistryDomain', CUSTOM, 'registry.vendor.com'],
    ['Namespace', ONLINE, 'default'],
    ['Namespace', settings({ namespace: 'shop' }), 'shop'],
  ])('%s', (fn, s, expected) => {
    expect(render(fn, s)).toBe(expected);
  });
});

describe('the canonical vendor values (DOMAIN.md 8)', () => {
  const registry = 'HasLocalRegistry | ternary LocalRegistryHost "proxy.replicated.com"';
  const repository = 'HasLocalRegistry | ternary LocalRegistryNamespace "proxy/my-app/quay.io/my-org"';

  it('online: the proxy', () => {
    expect(render(registry, ONLINE)).toBe('proxy.replicated.com');
    expect(`${render(repository, ONLINE)}/api`).toBe('proxy/my-app/quay.io/my-org/api');
    expect(render('ImagePullSecretName', ONLINE)).toBe('my-app-registry');
  });

  it('air gap: the local registry', () => {
    expect(render(registry, AIR_GAP)).toBe('registry.corp:5000');
    expect(`${render(repository, AIR_GAP)}/api`).toBe('somebigbank/api');
  });
});

describe('LocalImageName', () => {
  it.each([
    // DOMAIN.md 4 / KOTS DestImage: the last path component, a digest wins, no tag is latest.
    ['quay.io/a/b/debian:0.1', AIR_GAP, 'registry.corp:5000/somebigbank/debian:0.1'],
    ['elasticsearch:7.6.0', settings({ localRegistryHost: 'registry.somebigbank.com', localRegistryNamespace: 'my-app' }), 'registry.somebigbank.com/my-app/elasticsearch:7.6.0'],
    ['nginx', AIR_GAP, 'registry.corp:5000/somebigbank/nginx:latest'],
    ['nginx:1@sha256:f26fbadb0acab4a21ecb4e337a326907e61fbec36c9a9b52e725669d99ed1261', AIR_GAP_NO_NAMESPACE, 'ttl.sh/nginx@sha256:f26fbadb0acab4a21ecb4e337a326907e61fbec36c9a9b52e725669d99ed1261'],
    ['registry.corp:5000/somebigbank/api:1', AIR_GAP, 'registry.corp:5000/somebigbank/api:1'],
    // Online: private images go through the proxy, as written; public ones stay.
    ['quay.io/my-org/private-image:v1.2.3', ONLINE, 'proxy.replicated.com/proxy/my-app/quay.io/my-org/private-image:v1.2.3'],
    ['quay.io/my-org/private-image:v1.2.3', CUSTOM, 'images.vendor.com/proxy/my-app/quay.io/my-org/private-image:v1.2.3'],
    ['redis:7', ONLINE, 'redis:7'],
    ['proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1', ONLINE, 'proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1'],
    ['proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1', CUSTOM, 'proxy.replicated.com/proxy/my-app/quay.io/my-org/api:1'],
    ['registry.replicated.com/my-app/thing:2', CUSTOM, 'registry.vendor.com/my-app/thing:2'],
  ])('%s', (image, s, expected) => {
    expect(render(`LocalImageName "${image}"`, s)).toBe(expected);
  });

  it('follows proxyPublicImages (private: all) for public images', () => {
    expect(render('LocalImageName "redis:7"', settings({ private: ['all'] }))).toBe('proxy.replicated.com/proxy/my-app/redis:7');
  });

  it('asks the run\'s classifier, so --detect answers reach it', () => {
    const classify = (): Classification => ({ verdict: 'private', why: 'probe: 401' });
    expect(render('LocalImageName "ghcr.io/other/tool:1"', ONLINE, { classify })).toBe('proxy.replicated.com/proxy/my-app/ghcr.io/other/tool:1');
  });

  it('fails on text that is not an image', () => {
    expect(() => render('LocalImageName "Not An Image"', ONLINE)).toThrow(/is not an image reference/);
  });
});

describe('ReplicatedImageName (Embedded Cluster v3)', () => {
  it.each([
    ['"ghcr.io/myorg/init:1.4.0"', ONLINE, 'proxy.replicated.com/proxy/my-app/ghcr.io/myorg/init:1.4.0'],
    ['"ghcr.io/myorg/init:1.4.0"', CUSTOM, 'images.vendor.com/proxy/my-app/ghcr.io/myorg/init:1.4.0'],
    ['"ghcr.io/myorg/init"', ONLINE, 'proxy.replicated.com/proxy/my-app/ghcr.io/myorg/init'],
    ['"docker.io/library/busybox:1.36" true', ONLINE, 'docker.io/library/busybox:1.36'],
    ['"proxy.replicated.com/proxy/my-app/ghcr.io/myorg/init:1.4.0"', ONLINE, 'proxy.replicated.com/proxy/my-app/ghcr.io/myorg/init:1.4.0'],
    // Air gap, Embedded Cluster v3 layout: the repository path is kept, with or without noProxy.
    ['"ghcr.io/myorg/init:1.4.0"', EC3_AIR_GAP, 'ttl.sh/myorg/init:1.4.0'],
    ['"ghcr.io/myorg/init"', EC3_AIR_GAP_NAMESPACE, 'registry.corp:5000/somebigbank/myorg/init'],
    ['"docker.io/library/busybox:1.36" true', EC3_AIR_GAP, 'ttl.sh/library/busybox:1.36'],
    ['"busybox:1.36"', EC3_AIR_GAP, 'ttl.sh/library/busybox:1.36'],
    // KOTS layout (the default): where the post-renderer puts the same image.
    ['"ghcr.io/myorg/init:1.4.0"', AIR_GAP_NO_NAMESPACE, 'ttl.sh/init:1.4.0'],
    ['"ghcr.io/myorg/init:1.4.0" true', AIR_GAP, 'registry.corp:5000/somebigbank/init:1.4.0'],
  ])('ReplicatedImageName %s', (args, s, expected) => {
    expect(render(`ReplicatedImageName ${args}`, s)).toBe(expected);
  });

  it('wants a bool for noProxy', () => {
    expect(() => render('ReplicatedImageName "ghcr.io/a/b" "yes"', ONLINE)).toThrow('wrong type for value; expected bool; got string');
  });
});

describe('ReplicatedImageRegistry (Embedded Cluster v3)', () => {
  it.each([
    ['"ghcr.io"', ONLINE, 'proxy.replicated.com/proxy/my-app/ghcr.io'],
    ['"registry.k8s.io"', CUSTOM, 'images.vendor.com/proxy/my-app/registry.k8s.io'],
    ['"docker.io"', ONLINE, 'proxy.replicated.com/proxy/my-app/docker.io'],
    ['"ghcr.io" true', ONLINE, 'ghcr.io'],
    ['"proxy.replicated.com/proxy/my-app/ghcr.io"', ONLINE, 'proxy.replicated.com/proxy/my-app/ghcr.io'],
    ['"images.vendor.com/proxy/my-app/ghcr.io"', CUSTOM, 'images.vendor.com/proxy/my-app/ghcr.io'],
    ['"registry.replicated.com"', CUSTOM, 'registry.vendor.com'],
    ['"ghcr.io"', AIR_GAP, 'registry.corp:5000/somebigbank'],
    ['"ghcr.io" true', AIR_GAP_NO_NAMESPACE, 'ttl.sh'],
  ])('ReplicatedImageRegistry %s', (args, s, expected) => {
    expect(render(`ReplicatedImageRegistry ${args}`, s)).toBe(expected);
  });

  it('gives a registry that, with the chart\'s repository, is the post-renderer\'s name', () => {
    const registry = render('ReplicatedImageRegistry "ghcr.io"', ONLINE);
    expect(`${registry}/myorg/init:1.4.0`).toBe(render('ReplicatedImageName "ghcr.io/myorg/init:1.4.0"', ONLINE));
  });
});

describe('pull secret contents', () => {
  it('LicenseDockerCfg: base64 of the dockerconfigjson, LICENSE_ID for the custom and the default domains', () => {
    const auths = decodeDockerConfig(render('LicenseDockerCfg', CUSTOM));
    const auth = Buffer.from('LICENSE_ID:LIC123').toString('base64');
    expect(auths).toEqual({ 'images.vendor.com': { auth }, 'registry.vendor.com': { auth }, 'proxy.replicated.com': { auth }, 'registry.replicated.com': { auth } });
  });

  it('LicenseDockerCfg is the license\'s even with a local registry, and empty without a license', () => {
    expect(Object.keys(decodeDockerConfig(render('LicenseDockerCfg', AIR_GAP)))).toEqual(['proxy.replicated.com', 'registry.replicated.com']);
    expect(render('LicenseDockerCfg', settings({ licenseId: '' }))).toBe('');
  });

  it('LocalRegistryImagePullSecret: the local registry\'s login in air gap', () => {
    const auths = decodeDockerConfig(render('LocalRegistryImagePullSecret', AIR_GAP));
    expect(auths).toEqual({ 'registry.corp:5000': { username: 'robot', password: 'hunter22', auth: Buffer.from('robot:hunter22').toString('base64') } });
  });

  it('LocalRegistryImagePullSecret: the license online', () => {
    const auths = decodeDockerConfig(render('LocalRegistryImagePullSecret', ONLINE));
    expect(Object.keys(auths)).toEqual(['proxy.replicated.com', 'registry.replicated.com']);
  });
});

describe('LicenseFieldValue', () => {
  it.each([
    ['appSlug', 'my-app'],
    ['licenseID', 'LIC123'],
    ['licenseId', 'LIC123'],
    ['customerName', 'Big Bank'],
    ['customerEmail', 'ops@bigbank.example'],
    ['channelName', 'Stable'],
    ['channelID', 'ch-1'],
    ['licenseType', 'prod'],
    ['licenseSequence', '7'],
    ['endpoint', 'https://replicated.app'],
    ['replicatedProxyDomain', 'images.vendor.com'],
    ['signature', '{"signed":true}'],
    ['isAirgapSupported', 'true'],
    ['isSnapshotSupported', 'false'],
    ['isGitOpsSupported', 'false'],
    ['IsDisasterRecoverySupported', 'true'],
    ['seats', '25'],
    ['premium', 'true'],
    ['unknownField', ''],
  ])('%s', (field, expected) => {
    expect(render(`LicenseFieldValue "${field}"`, ONLINE)).toBe(expected);
  });

  it('is empty without a license file, but for the license ID of the settings', () => {
    const ctx = context(ONLINE);
    delete ctx.license;
    const bare = { ...sprigFuncs, ...kotsFunctions(ctx) };
    expect(renderKotsTemplate('{{repl LicenseFieldValue "customerName" }}', bare)).toBe('');
    expect(renderKotsTemplate('{{repl LicenseFieldValue "licenseID" }}', bare)).toBe('LIC123');
  });

  it('compares entitlements in conditions', () => {
    expect(render('LicenseFieldValue "tier" | eq "gold"', ONLINE)).toBe('true');
  });
});

describe('ConfigOption, ConfigOptionEquals', () => {
  const config = {
    hostname: { value: 'shop.example.com' },
    replicas: { value: '', default: '2' },
    mode: { default: 'embedded' },
    cert: { value: Buffer.from('PEM DATA').toString('base64'), filename: 'tls.crt' },
  };

  it.each([
    ['ConfigOption "hostname"', 'shop.example.com'],
    ['ConfigOption "replicas"', '2'],
    ['ConfigOption "missing"', ''],
    ['ConfigOptionEquals "mode" "embedded"', 'true'],
    ['ConfigOptionEquals "mode" "external"', 'false'],
    ['ConfigOptionEquals "missing" ""', 'false'],
    ['ConfigOptionNotEquals "mode" "external"', 'true'],
    ['ConfigOptionNotEquals "missing" "x"', 'false'],
    ['ConfigOptionData "cert"', 'PEM DATA'],
    ['ConfigOptionFilename "cert"', 'tls.crt'],
    ['ConfigOption "hostname" | upper', 'SHOP.EXAMPLE.COM'],
  ])('%s', (expression, expected) => {
    expect(render(expression, ONLINE, { config })).toBe(expected);
  });
});

describe('calls the way Go checks them', () => {
  function error(template: string): TemplateError {
    try {
      renderKotsTemplate(template, { ...sprigFuncs, ...kotsFunctions(context(ONLINE)) });
    } catch (e) {
      if (e instanceof TemplateError) return e;
      throw e;
    }
    throw new Error('expected an error');
  }

  it('refuses a wrong argument count', () => {
    expect(error('x: {{repl LocalImageName }}').message).toBe('wrong number of args for LocalImageName: want 1 got 0');
    expect(error('x: repl{{ HasLocalRegistry "a" }}').message).toBe('wrong number of args for HasLocalRegistry: want 0 got 1');
    expect(error('{{repl ReplicatedImageName }}').message).toBe('wrong number of args for ReplicatedImageName: want at least 1 got 0');
  });

  it('refuses a wrong argument type', () => {
    expect(error('{{repl ConfigOption 3 }}').message).toBe('wrong type for value; expected string; got int');
  });
});
