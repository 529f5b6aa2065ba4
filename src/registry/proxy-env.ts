/** Proxy settings as undici's EnvHttpProxyAgent takes them, from the given environment only. */
export interface ProxySettings {
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
}

// Empty strings, not undefined: undefined would make undici fall back to process.env.
export function proxySettings(env: Record<string, string | undefined>): ProxySettings {
  return {
    httpProxy: env.http_proxy || env.HTTP_PROXY || '',
    httpsProxy: env.https_proxy || env.HTTPS_PROXY || '',
    noProxy: env.no_proxy || env.NO_PROXY || '',
  };
}
