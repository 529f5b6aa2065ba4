import type { Dispatcher } from 'undici';
import { networkFailure, ProbeFailure } from './classify';
import type { Deadline } from './deadline';
import type { PlainHttpPolicy } from './registry-origin';

export type ReplyHeaders = Dispatcher.ResponseData['headers'];

/** A response with its body already read (up to the request's limit) or discarded. */
export interface Reply {
  status: number;
  headers: ReplyHeaders;
  url: URL;
  body: string;
  /** The body was longer than the limit and was cut off. */
  overflow: boolean;
}

export interface HttpRequest {
  method: 'GET' | 'HEAD';
  url: URL;
  headers?: Record<string, string>;
  /** Sent only to the origin of `url`, never after a redirect to another origin. */
  bearer?: string;
  /** Bytes of body to keep; 0 discards it. */
  bodyLimit?: number;
}

const MAX_REDIRECTS = 5;
const USER_AGENT = 'proxy-render (anonymous image probe)';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Sends anonymous requests with a per-request timeout under the run's deadline. */
export class HttpExchange {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly plainHttp: PlainHttpPolicy,
    private readonly timeoutMs: number,
    private readonly deadline: Deadline,
  ) {}

  async send(request: HttpRequest): Promise<Reply> {
    let url = request.url;
    let bearer = request.bearer;
    for (let redirects = 0; ; redirects++) {
      this.checkScheme(url);
      const reply = await this.sendOnce(request, url, bearer);
      const location = REDIRECT_STATUSES.has(reply.status) ? firstHeader(reply.headers, 'location') : undefined;
      if (location === undefined) return reply;
      if (redirects === MAX_REDIRECTS) throw new ProbeFailure('unknown', `more than ${MAX_REDIRECTS} redirects`);
      const next = URL.canParse(location, url.href) ? new URL(location, url) : undefined;
      if (!next) throw new ProbeFailure('unknown', 'redirect to an invalid URL');
      if (next.origin !== url.origin) bearer = undefined;
      url = next;
    }
  }

  private checkScheme(url: URL): void {
    if (url.protocol === 'https:') return;
    if (url.protocol !== 'http:') throw new ProbeFailure('unknown', `unsupported URL scheme ${url.protocol}`);
    if (!this.plainHttp.allows(url.host)) throw new ProbeFailure('unknown', `plain HTTP refused for ${url.host}`);
  }

  private async sendOnce(request: HttpRequest, url: URL, bearer: string | undefined): Promise<Reply> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = AbortSignal.any([timeout, this.deadline.signal]);
    const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...request.headers };
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    try {
      const pending = this.dispatcher.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: request.method,
        headers,
        signal,
        // undici closes the connection after every HEAD unless told otherwise (for servers that
        // wrongly send a HEAD body); registries do not, and manifests are all HEADs.
        reset: false,
      });
      // undici does not honour the signal while it is still connecting through a proxy that
      // keeps dropping the tunnel (it reconnects at once, again and again): stop waiting anyway.
      const response = await Promise.race([pending, aborted(signal)]);
      const { text, overflow } = await readLimited(response.body, request.bodyLimit ?? 0);
      return { status: response.statusCode, headers: response.headers, url, body: text, overflow };
    } catch (error) {
      if (this.deadline.passed) throw this.deadline.failure;
      if (timeout.aborted) throw new ProbeFailure('unknown', `timeout after ${this.timeoutMs} ms`);
      throw error instanceof ProbeFailure ? error : networkFailure(error);
    }
  }
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

export function firstHeader(headers: ReplyHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

// Bodies are always read to the end or destroyed, so the connection is reused or closed,
// and a body that never ends stops at the limit (or at the request's timeout when it trickles).
async function readLimited(
  body: Dispatcher.ResponseData['body'],
  limit: number,
): Promise<{ text: string; overflow: boolean }> {
  if (limit === 0) {
    await body.dump({ limit: 64 * 1024 });
    return { text: '', overflow: false };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      body.destroy();
      return { text: '', overflow: true };
    }
    chunks.push(chunk as Buffer);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), overflow: false };
}
