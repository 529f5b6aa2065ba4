import { isRetryableStatus, ProbeFailure } from './classify';
import type { Deadline } from './deadline';
import { firstHeader, type Reply } from './http-exchange';

const TRIES = 3;
const FIRST_BACKOFF_MS = 200;
// A registry asking for minutes would outlast the whole run; retry sooner and let the
// verdict be 'unknown' if it still refuses.
export const MAX_RETRY_AFTER_MS = 2000;

/**
 * Repeats one step of the probe while it meets 429, 5xx or a reset connection, waiting as
 * Retry-After asks (capped) or with doubling backoff; after the last try the probe is 'unknown'.
 */
export async function withRetries(step: string, deadline: Deadline, attempt: () => Promise<Reply>): Promise<Reply> {
  for (let tryNumber = 1; ; tryNumber++) {
    let why: string;
    let waitMs = FIRST_BACKOFF_MS * 2 ** (tryNumber - 1);
    try {
      const reply = await attempt();
      if (!isRetryableStatus(reply.status)) return reply;
      why = `HTTP ${reply.status} from ${step}`;
      waitMs = retryAfterMs(firstHeader(reply.headers, 'retry-after'), Date.now()) ?? waitMs;
    } catch (error) {
      if (!(error instanceof ProbeFailure && error.retryable)) throw error;
      why = `${error.why} during ${step}`;
    }
    if (tryNumber === TRIES) throw new ProbeFailure('unknown', `${why} after ${TRIES} tries`);
    await deadline.sleep(waitMs);
  }
}

/** Retry-After as delay-seconds or an HTTP date, capped; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  if (Number.isNaN(ms)) return undefined;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}
