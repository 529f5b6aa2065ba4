// The one place that says what the image pull secret is called and what it holds. The
// pull-secret transform and the KOTS template functions (ImagePullSecretName,
// LicenseDockerCfg, LocalRegistryImagePullSecret) all read it from here.

import { InputError } from '../kyaml/errors';
import type { Settings } from '../config/schema';

export interface RegistryAuth {
  host: string;
  username: string;
  password: string;
  /** kubectl's entry form (username, password, auth) rather than KOTS's (auth only). */
  withCredentials: boolean;
}

export function pullSecretName(s: Settings): string {
  return s.pullSecretName || `${s.appSlug || 'proxy-render'}-registry`;
}

const DEFAULT_DOMAINS = ['proxy.replicated.com', 'registry.replicated.com'];

/**
 * KOTS: user `LICENSE_ID`, password the license ID, for the proxy and the Replicated registry.
 * With custom domains the default ones stay too: charts whose values name
 * proxy.replicated.com (DOMAIN.md's canonical HelmChart values do) must still pull.
 */
export function licenseAuths(s: Settings): RegistryAuth[] {
  if (!s.licenseId) return [];
  const username = s.legacyAuth ? s.licenseId : 'LICENSE_ID';
  const hosts = new Set([s.proxyDomain, s.registryDomain, ...DEFAULT_DOMAINS, ...s.knownProxyDomains]);
  return [...hosts].map((host) => ({ host, username, password: s.licenseId, withCredentials: false }));
}

/** The local registry's own login, in the form `kubectl create secret docker-registry` writes. */
function localRegistryAuths(s: Settings): RegistryAuth[] {
  if (!s.localRegistryHost || !s.localRegistryUsername) return [];
  return [{ host: s.localRegistryHost, username: s.localRegistryUsername, password: s.localRegistryPassword, withCredentials: true }];
}

/** Everything the pull secret holds: the local registry in air gap, the license online, plus extra registries. */
export function pullSecretAuths(s: Settings): RegistryAuth[] {
  const main = s.localRegistryHost ? localRegistryAuths(s) : licenseAuths(s);
  // One entry per host: a second one for a host would silently replace the first.
  const owners = new Map(main.map((a) => [a.host.toLowerCase(), s.localRegistryHost ? 'the local registry settings' : 'the license']));
  const extra = s.registryCredentials.map((c) => {
    const host = c.host.toLowerCase();
    const owner = owners.get(host);
    if (owner) throw new InputError(`${host} already gets its credentials from ${owner}`, { field: 'registryCredentials' });
    owners.set(host, 'an earlier registryCredentials entry');
    return { host, username: c.username, password: c.password ?? '', withCredentials: true };
  });
  return [...main, ...extra];
}

/** `.dockerconfigjson`: auths keyed by host, hosts sorted, so output is the same on every run. */
export function dockerConfigJson(auths: readonly RegistryAuth[]): string {
  const entries = [...auths].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
  const byHost: Record<string, Record<string, string>> = {};
  for (const a of entries) {
    const auth = Buffer.from(`${a.username}:${a.password}`).toString('base64');
    byHost[a.host] = a.withCredentials ? { username: a.username, password: a.password, auth } : { auth };
  }
  return JSON.stringify({ auths: byHost });
}
