// The KOTS template functions a HelmChart's values use (replicatedhq/kots pkg/template
// config_context.go, license_context.go, static_context.go; Embedded Cluster v3's
// ReplicatedImageName and ReplicatedImageRegistry from the Replicated docs). Every answer comes
// from the same settings, rewrite rules (image-policy.ts rewriteRules) and pull-secret helpers
// (registry-auth.ts) as the transforms, so values rendered here and manifests post-rendered by
// proxy-render name the same registry, repository and Secret.
//
// Where this differs from KOTS, on purpose:
// - LocalImageName online proxies the images the user's patterns (or --detect) call private;
//   KOTS probes every image. Tag and digest stay as written, as the post-renderer writes them.
// - LocalImageName, ReplicatedImageName with an image that is not a reference fail with a
//   message; KOTS logs and returns "".
// - ImagePullSecretName is the --pull-secret-name when one is set; LocalRegistryImagePullSecret
//   is the .dockerconfigjson of the Secret proxy-render creates (extra registries included).
// - Namespace is the --namespace setting (default `default`), not the kotsadm pod's namespace.
// - ReplicatedImageName with a local registry follows --local-registry-keep-path, like the
//   manifests: Embedded Cluster v3's layout (repository path kept) is that setting.

import type { Settings } from '../config/schema';
import type { Classification } from '../image/patterns';
import { formatImageReference, parseImageReference, type ImageReference } from '../image/reference';
import { rewriteImage, type RewriteRules } from '../image/rewrite';
import { rewriteRules } from '../transforms/image-policy';
import { dockerConfigJson, licenseAuths, pullSecretAuths, pullSecretName } from '../transforms/registry-auth';
import { base64Decode } from './sprig-encoding';
import { expectBool, expectString, variadic } from './signature';
import type { TemplateFunc, TemplateValue } from './values';

/** The license file's `spec` as written: scalars as text, entitlements by name. */
export interface LicenseFields {
  spec: Readonly<Record<string, string>>;
  entitlements: Readonly<Record<string, string>>;
}

/** One item of a ConfigValues file (`spec.values.<name>`). */
export interface ConfigItemValue {
  value?: string;
  default?: string;
  filename?: string;
}

export interface KotsContext {
  settings: Settings;
  /** Undefined when no license file was given. */
  license?: LicenseFields;
  config: Readonly<Record<string, ConfigItemValue>>;
  /** Whether LocalImageName proxies an image online: the user's patterns, or --detect's answer. */
  classify: (ref: ImageReference) => Classification;
}

const DEFAULT_ENDPOINT = 'https://replicated.app';

// LicenseFieldValue's bool fields: "true" or "false", never empty (license_context.go).
const LICENSE_BOOLS = [
  'isEmbeddedClusterDownloadEnabled',
  'isAirgapSupported',
  'isEmbeddedClusterMultiNodeEnabled',
  'isDisasterRecoverySupported',
  'isGeoaxisSupported',
  'isGitOpsSupported',
  'isIdentityServiceSupported',
  'isSemverRequired',
  'isSnapshotSupported',
  'isSupportBundleUploadSupported',
];

export function kotsFunctions(ctx: KotsContext): Record<string, TemplateFunc> {
  const s = ctx.settings;
  const rules = rewriteRules(s);
  const local = rules.localRegistry;
  const address = local ? (local.namespace ? `${local.host}/${local.namespace}` : local.host) : '';
  const configValue = (name: string): string | undefined => {
    const item = Object.hasOwn(ctx.config, name) ? ctx.config[name] : undefined;
    if (item === undefined) return undefined;
    return item.value ? item.value : (item.default ?? '');
  };
  const noProxy = (flags: TemplateValue[]): boolean => flags.map(expectBool)[0] ?? false;

  return {
    HasLocalRegistry: () => local !== undefined,
    // A renderer cannot see the install: a local registry is how it knows it is air gapped.
    IsAirgap: () => local !== undefined,
    LocalRegistryHost: () => local?.host ?? '',
    LocalRegistryNamespace: () => local?.namespace ?? '',
    LocalRegistryAddress: () => address,
    LocalImageName: (image) => localImageName(expectString(image), rules, ctx.classify),
    LocalRegistryImagePullSecret: () => base64(dockerConfigJson(pullSecretAuths(s))),
    ImagePullSecretName: () => pullSecretName(s),
    LicenseDockerCfg: () => {
      const auths = licenseAuths(s);
      return auths.length === 0 ? '' : base64(dockerConfigJson(auths));
    },
    ReplicatedProxyDomain: () => s.proxyDomain,
    ReplicatedRegistryDomain: () => s.registryDomain,
    ReplicatedImageName: variadic(1, (image, ...flags) => replicatedImageName(expectString(image), noProxy(flags), rules)),
    ReplicatedImageRegistry: variadic(1, (registry, ...flags) => replicatedImageRegistry(expectString(registry), noProxy(flags), rules, address)),
    LicenseFieldValue: (name) => licenseFieldValue(expectString(name), ctx.license, s),
    ConfigOption: (name) => configValue(expectString(name)) ?? '',
    ConfigOptionEquals: (name, value) => {
      const current = configValue(expectString(name));
      return current !== undefined && current === expectString(value);
    },
    ConfigOptionNotEquals: (name, value) => {
      const current = configValue(expectString(name));
      return current !== undefined && current !== expectString(value);
    },
    ConfigOptionData: (name) => {
      const current = configValue(expectString(name)) ?? '';
      const decoded = base64Decode(current);
      // KOTS returns "" where sprig's decoder returns its error text.
      return decoded.startsWith('illegal base64 data') ? '' : decoded;
    },
    ConfigOptionFilename: (name) => {
      const key = expectString(name);
      return (Object.hasOwn(ctx.config, key) ? ctx.config[key]?.filename : undefined) ?? '';
    },
    ConfigOptionName: (name) => expectString(name),
    Namespace: () => s.namespace || 'default',
  };
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function parseOrFail(image: string): ImageReference {
  const parsed = parseImageReference(image);
  if (!parsed.ok) throw new Error(`'${image}' is not an image reference: ${parsed.reason}`);
  return parsed.ref;
}

/**
 * KOTS LocalImageName: with a local registry, the pushed copy (`DestImage`: a digest wins over
 * a tag, no tag is `latest`); online, the proxy location of a private image; else the image.
 */
function localImageName(image: string, rules: RewriteRules, classify: (ref: ImageReference) => Classification): string {
  parseOrFail(image);
  const decision = rewriteImage(image, rules, classify);
  if (decision.kind !== 'rewritten') return image;
  if (!rules.localRegistry) return decision.to;
  const ref = parseOrFail(decision.to);
  return ref.digest !== undefined
    ? formatImageReference({ domain: ref.domain, path: ref.path, digest: ref.digest })
    : formatImageReference({ domain: ref.domain, path: ref.path, tag: ref.tag ?? 'latest' });
}

const ALWAYS_PRIVATE = (): Classification => ({ verdict: 'private', why: 'ReplicatedImageName', explicit: true });

/**
 * Embedded Cluster v3 ReplicatedImageName: online, the proxy location (unchanged with noProxy,
 * or when already on a proxy domain); with a local registry, where proxy-render puts the image
 * in manifests: Embedded Cluster v3 keeps the repository path (`ghcr.io/myorg/init:1.4.0` ->
 * `<address>/myorg/init:1.4.0`), which is --local-registry-keep-path; without it the layout is
 * KOTS's (`<address>/init:1.4.0`), so values and post-rendered manifests name the same image.
 */
function replicatedImageName(image: string, noProxy: boolean, rules: RewriteRules): string {
  parseOrFail(image);
  if (noProxy && !rules.localRegistry) return image;
  const decision = rewriteImage(image, rules, ALWAYS_PRIVATE);
  return decision.kind === 'rewritten' ? decision.to : image;
}

/**
 * Embedded Cluster v3 ReplicatedImageRegistry: online, `<proxy>/proxy/<app>/<registry>`
 * (unchanged with noProxy or when already a proxy domain; the Replicated registry moves to
 * its custom domain); with a local registry, the local registry address.
 */
function replicatedImageRegistry(registry: string, noProxy: boolean, rules: RewriteRules, address: string): string {
  if (rules.localRegistry) return address;
  if (noProxy) return registry;
  // The rules decide for a registry what they decide for any image in it.
  const probe = `${registry.replace(/\/+$/, '')}/x`;
  if (!parseImageReference(probe).ok) throw new Error(`'${registry}' is not a registry host (with an optional path)`);
  const decision = rewriteImage(probe, { ...rules, overrides: [] }, ALWAYS_PRIVATE);
  return decision.kind === 'rewritten' ? decision.to.slice(0, -'/x'.length) : registry;
}

/** KOTS LicenseFieldValue: the license's own fields by name, then its entitlements; "" when unknown. */
function licenseFieldValue(name: string, license: LicenseFields | undefined, s: Settings): string {
  if (name === 'licenseID' || name === 'licenseId') return s.licenseId;
  if (license === undefined) return '';
  const spec = license.spec;
  switch (name) {
    case 'appSlug':
      return s.appSlug || (spec.appSlug ?? '');
    case 'endpoint':
      return spec.endpoint || DEFAULT_ENDPOINT;
    case 'licenseSequence':
      return spec.licenseSequence || '0';
    case 'signature':
      return spec.signature ? Buffer.from(spec.signature, 'base64').toString('utf8') : '';
    case 'channelID':
    case 'channelName':
    case 'customerEmail':
    case 'customerName':
    case 'licenseType':
    case 'replicatedProxyDomain':
      return spec[name] ?? '';
    case 'IsDisasterRecoverySupported':
      return String(isTrue(spec.isDisasterRecoverySupported));
  }
  if (LICENSE_BOOLS.includes(name)) return String(isTrue(spec[name]));
  return Object.hasOwn(license.entitlements, name) ? license.entitlements[name]! : '';
}

function isTrue(text: string | undefined): boolean {
  return text !== undefined && ['true', 'True', 'TRUE'].includes(text);
}
