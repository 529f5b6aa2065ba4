/**
 * How one anonymous look at an image becomes a verdict.
 *
 * The probe pings `/v2/`, fetches an anonymous token for `repository:<name>:pull` when the ping
 * answers with a Bearer challenge, then sends HEAD (GET when HEAD gets 405) for the manifest. A
 * Bearer challenge first met at the manifest, or at the host it redirects to, is answered once
 * the same way. No credentials are ever sent; a token goes only to the host whose challenge asked.
 *
 * | what happened                                           | verdict | why (example)                          |
 * |---------------------------------------------------------|---------|----------------------------------------|
 * | manifest answered 2xx                                   | public  | HTTP 200 from manifest                 |
 * | manifest answered 401 or 403                            | private | HTTP 401 from manifest                 |
 * | manifest answered 404 (the anonymous view cannot see it)| private | HTTP 404 from manifest                 |
 * | token realm refused an anonymous token (401 or 403)     | private | anonymous token refused (HTTP 401)     |
 * | 429 or 5xx, 3 tries (Retry-After honoured, capped 2 s)  | unknown | HTTP 503 from manifest after 3 tries   |
 * | connection reset or closed early, 3 tries               | unknown | connection reset after 3 tries         |
 * | name does not resolve                                   | unknown | DNS: ENOTFOUND                         |
 * | connection refused or unreachable                       | unknown | connect: ECONNREFUSED                  |
 * | certificate not trusted, TLS handshake failed           | unknown | TLS: DEPTH_ZERO_SELF_SIGNED_CERT       |
 * | no complete answer within the per-request timeout       | unknown | timeout after 5000 ms                  |
 * | overall deadline passed before the image was done       | unknown | deadline of 30000 ms reached           |
 * | more than 5 redirects                                   | unknown | more than 5 redirects                  |
 * | redirect or realm to another scheme, or to plain HTTP   | unknown | plain HTTP refused for example.com     |
 * |   on a host not marked insecure                         |         |                                        |
 * | token response without a token, or over 1 MiB           | unknown | token response over 1 MiB              |
 * | any other status (400, 3xx without Location, ...)       | unknown | HTTP 400 from manifest                 |
 * | --offline and no fresh cache entry                      | unknown | offline, not in cache                  |
 *
 * Only public and private verdicts are cached; unknown is left to the caller's policy.
 */
import type { ProbeVerdict } from './types';

/** Ends a probe early with a verdict; `retryable` marks failures worth another try. */
export class ProbeFailure extends Error {
  constructor(
    readonly verdict: ProbeVerdict,
    readonly why: string,
    readonly retryable = false,
  ) {
    super(why);
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

export function manifestVerdict(status: number): ProbeVerdict {
  if (status >= 200 && status < 300) return 'public';
  if (status === 401 || status === 403 || status === 404) return 'private';
  return 'unknown';
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ETIMEDOUT',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const RESET_CODES: Record<string, string> = {
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  UND_ERR_SOCKET: 'connection closed early',
};

/** Turns a Node/undici network error into a failure; timeouts and deadlines are told apart earlier. */
export function networkFailure(error: unknown): ProbeFailure {
  const code = errorCode(error);
  if (code && DNS_CODES.has(code)) return new ProbeFailure('unknown', `DNS: ${code}`);
  if (code && CONNECT_CODES.has(code)) return new ProbeFailure('unknown', `connect: ${code}`);
  if (code && RESET_CODES[code]) return new ProbeFailure('unknown', RESET_CODES[code], true);
  if (code && /CERT|SSL|TLS|EPROTO|SIGNATURE|ISSUER/.test(code)) {
    return new ProbeFailure('unknown', `TLS: ${code}`);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ProbeFailure('unknown', `network: ${code ? `${code} ` : ''}${withoutCredentials(message)}`);
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

// Proxy URLs may carry user:password, and error messages sometimes echo URLs.
function withoutCredentials(message: string): string {
  return message.replace(/\/\/[^/@\s]+@/g, '//***@').slice(0, 200);
}
