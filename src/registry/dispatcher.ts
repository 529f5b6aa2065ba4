import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { type Dispatcher, EnvHttpProxyAgent } from 'undici';
import { proxySettings } from './proxy-env';
import type { ProbeOptions } from './types';

/**
 * One keep-alive agent for the whole run (a connection pool per origin), routed through the
 * proxies named in `options.env`.
 */
export function createDispatcher(options: ProbeOptions): Dispatcher {
  const tls = options.caFile ? { ca: trustedCertificates(options.caFile, options.env) } : {};
  return new EnvHttpProxyAgent({
    ...proxySettings(options.env),
    connect: tls,
    requestTls: tls,
    proxyTls: tls,
  });
}

// Passing `ca` replaces Node's default trust store, which is where NODE_EXTRA_CA_CERTS lives,
// so the default store is rebuilt here and the extra file appended.
function trustedCertificates(caFile: string, env: Record<string, string | undefined>): string[] {
  const extra = env.NODE_EXTRA_CA_CERTS ? readOptional(env.NODE_EXTRA_CA_CERTS) : undefined;
  return [...rootCertificates, ...(extra ? [extra] : []), readCaFile(caFile)];
}

function readCaFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read CA file ${path}: ${(error as Error).message}`);
  }
}

// Node itself only warns when NODE_EXTRA_CA_CERTS cannot be read; do the same by ignoring it.
function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
