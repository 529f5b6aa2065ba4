// Docker Hub's names are not where its registry API is served.
const DOCKER_HUB_DOMAINS = new Set(['docker.io', 'index.docker.io']);
const DOCKER_HUB_API_HOST = 'registry-1.docker.io';

/** Decides which hosts may be spoken to over plain HTTP: loopback always, others when marked insecure. */
export class PlainHttpPolicy {
  private readonly insecure: Set<string>;

  constructor(insecureHosts: string[]) {
    this.insecure = new Set(insecureHosts.map((h) => h.trim().toLowerCase()).filter(Boolean));
  }

  /** `host` is a URL host: a name or address with an optional port. */
  allows(host: string): boolean {
    const lower = host.toLowerCase();
    const name = hostnameOf(lower);
    return isLoopback(name) || this.insecure.has(lower) || this.insecure.has(name);
  }
}

/** The origin that serves the registry API for an image domain (`host` or `host:port`). */
export function registryOrigin(domain: string, plainHttp: PlainHttpPolicy): string {
  const host = DOCKER_HUB_DOMAINS.has(domain.toLowerCase()) ? DOCKER_HUB_API_HOST : domain;
  return `${plainHttp.allows(host) ? 'http' : 'https'}://${host}`;
}

function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127(\.\d{1,3}){3}$/.test(hostname);
}
