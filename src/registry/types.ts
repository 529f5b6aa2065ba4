/** One image to look at, already normalized by the caller (Docker Hub is `docker.io`, `library/` added). */
export interface ProbeTarget {
  domain: string;
  repository: string;
  /** A tag, or a digest such as `sha256:...`. */
  reference: string;
}

export type ProbeVerdict = 'public' | 'private' | 'unknown';

export interface ProbeResult {
  verdict: ProbeVerdict;
  /** What decided the verdict, for the user: "HTTP 401 from manifest", "timeout after 5000 ms". */
  why: string;
  ms: number;
  cached: boolean;
}

export interface ProbeOptions {
  concurrency: number;
  /** Per request, from connect to the last body byte read. */
  timeoutMs: number;
  /** For all the network probing of one call; targets not done by then are 'unknown'. */
  deadlineMs: number;
  /** Hosts (`host` or `host:port`) spoken to over plain HTTP; loopback hosts always are. */
  insecureHosts: string[];
  /** PEM bundle trusted in addition to the system roots and NODE_EXTRA_CA_CERTS. */
  caFile?: string;
  cache: { dir: string; ttlMs: number } | false;
  /** Answer from the cache only; never open a socket. */
  offline: boolean;
  /** Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case) are read from. */
  env: Record<string, string | undefined>;
  onProgress?: (done: number, total: number) => void;
}
