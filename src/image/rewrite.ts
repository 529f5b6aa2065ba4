// Where one image should be pulled from: the KOTS rewrite rules, composed.
//
// Order: the user's kustomize-style overrides apply to the text first; the result must parse
// (otherwise it is left as written and reported); then the first rule that applies:
// 1. Local registry mode: everything moves to the local registry, except images already
//    there and images a user pattern explicitly calls public.
// 2. On the Replicated registry (registry.replicated.com or the custom registry domain):
//    never proxied; the host becomes the custom registry domain when one is set.
// 3. Already on a proxy domain: left alone, so rewriting never stacks proxy prefixes
//    (kots issue 1188 double-prefixes an image on proxy.replicated.com under a custom domain).
// 4. Private per `classify`: proxied. Public: left alone.
// Every rule yields an image the same rules leave unchanged, so a second run changes nothing.

import { applyOverrides } from './overrides';
import type { ImageOverride } from './overrides';
import type { Classification } from './patterns';
import {
  canonicalHost,
  formatImageReference,
  normalizedPath,
  parseImageReference,
  registryHost,
  repositoryName,
} from './reference';
import type { ImageReference } from './reference';

export interface LocalRegistry {
  host: string;
  namespace: string;
  keepPath: boolean;
}

export interface RewriteRules {
  appSlug: string;
  proxyDomain: string;
  knownProxyDomains: string[];
  registryDomain: string;
  localRegistry?: LocalRegistry;
  overrides: ImageOverride[];
}

export type ImageDecision =
  | { kind: 'unchanged'; image: string; why: string }
  | { kind: 'rewritten'; from: string; to: string; why: string }
  | { kind: 'invalid'; image: string; why: string };

const DEFAULT_PROXY_DOMAIN = 'proxy.replicated.com';
const DEFAULT_REGISTRY_DOMAIN = 'registry.replicated.com';

interface Placement {
  image: string;
  why: string;
}

export function rewriteImage(
  image: string,
  rules: RewriteRules,
  classify: (ref: ImageReference) => Classification,
): ImageDecision {
  const overridden = applyOverrides(image, rules.overrides);
  const overrideWhy = overridden.override ? `override ${overridden.override.name}` : undefined;

  const parsed = parseImageReference(overridden.image);
  if (!parsed.ok) {
    const why = overrideWhy ? `${overrideWhy} gives '${overridden.image}': ${parsed.reason}` : parsed.reason;
    return { kind: 'invalid', image, why };
  }

  const placement = placeImage(parsed.ref, rules, classify);
  const why = overrideWhy ? `${overrideWhy}; ${placement.why}` : placement.why;
  if (placement.image === image) return { kind: 'unchanged', image, why };

  // A rewrite built from a valid name can still be invalid, because the source host becomes
  // part of the proxy path: a port or an IPv6 address puts ':' in it (KOTS emits such names
  // and the kubelet refuses them as InvalidImageName), an uppercase host breaks the lowercase
  // rule, a long name passes 255 characters. Better to say so than to emit it.
  const result = parseImageReference(placement.image);
  if (!result.ok) {
    return { kind: 'invalid', image, why: `${why}; but '${placement.image}' is not a valid reference: ${result.reason}` };
  }
  return { kind: 'rewritten', from: image, to: placement.image, why };
}

export function proxiedImage(ref: ImageReference, proxyDomain: string, appSlug: string): string {
  return formatImageReference({ ...ref, domain: proxyDomain, path: `proxy/${appSlug}/${repositoryName(ref)}` });
}

/** In manifests KOTS swaps only the name; tag and digest stay as written. */
export function localRegistryImage(ref: ImageReference, local: LocalRegistry): string {
  return formatImageReference({ ...ref, ...localRepository(ref, local) });
}

/** KOTS DestImage / LocalImageName: the pushed copy, a digest wins over a tag, no tag is `latest`. */
export function localDestImage(ref: ImageReference, local: LocalRegistry): string {
  const repository = localRepository(ref, local);
  return ref.digest !== undefined
    ? formatImageReference({ ...repository, digest: ref.digest })
    : formatImageReference({ ...repository, tag: ref.tag ?? 'latest' });
}

function placeImage(
  ref: ImageReference,
  rules: RewriteRules,
  classify: (ref: ImageReference) => Classification,
): Placement {
  const written = formatImageReference(ref);

  if (rules.localRegistry) {
    const local = rules.localRegistry;
    if (isInLocalRegistry(ref, local)) return { image: written, why: 'already in the local registry' };
    const verdict = classify(ref);
    if (verdict.verdict === 'public' && verdict.explicit) return { image: written, why: verdict.why };
    return { image: localRegistryImage(ref, local), why: `local registry ${local.host}` };
  }

  if (isOnHost(ref, rules.registryDomain)) return { image: written, why: 'on the Replicated registry' };
  if (isOnHost(ref, DEFAULT_REGISTRY_DOMAIN)) {
    return {
      image: formatImageReference({ ...ref, domain: rules.registryDomain }),
      why: `Replicated registry served at ${rules.registryDomain}`,
    };
  }

  const proxyDomains = [DEFAULT_PROXY_DOMAIN, rules.proxyDomain, ...rules.knownProxyDomains];
  if (proxyDomains.some((domain) => isOnHost(ref, domain))) {
    return { image: written, why: 'already on proxy' };
  }

  const verdict = classify(ref);
  if (verdict.verdict === 'public') return { image: written, why: verdict.why };
  return { image: proxiedImage(ref, rules.proxyDomain, rules.appSlug), why: verdict.why };
}

function isInLocalRegistry(ref: ImageReference, local: LocalRegistry): boolean {
  if (!isOnHost(ref, local.host)) return false;
  const namespace = trimSlashes(local.namespace);
  return namespace === '' || normalizedPath(ref).startsWith(`${namespace}/`);
}

function localRepository(ref: ImageReference, local: LocalRegistry): { domain: string; path: string } {
  const name = local.keepPath ? normalizedPath(ref) : lastComponent(ref.path);
  const namespace = trimSlashes(local.namespace);
  return { domain: local.host, path: namespace === '' ? name : `${namespace}/${name}` };
}

// An unset domain ('') names no host; it must not read as Docker Hub.
function isOnHost(ref: ImageReference, domain: string): boolean {
  return domain !== '' && registryHost(ref) === canonicalHost(domain);
}

function lastComponent(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

// KOTS joins host, namespace and name with filepath.Join, which drops stray slashes.
function trimSlashes(namespace: string): string {
  return namespace.replace(/^\/+|\/+$/g, '');
}
