import { describe, expect, it } from 'vitest';
import { isRetryableStatus, manifestVerdict, networkFailure } from '../../src/registry/classify';

describe('manifestVerdict', () => {
  it.each([
    [200, 'public'],
    [401, 'private'],
    [403, 'private'],
    [404, 'private'],
    [400, 'unknown'],
    [302, 'unknown'],
    [503, 'unknown'],
  ])('HTTP %i from the manifest means %s', (status, verdict) => {
    expect(manifestVerdict(status)).toBe(verdict);
  });
});

describe('isRetryableStatus', () => {
  it('retries 429 and 5xx only', () => {
    expect([429, 500, 502, 503].every(isRetryableStatus)).toBe(true);
    expect([200, 401, 404, 405].some(isRetryableStatus)).toBe(false);
  });
});

// Errors shaped as Node raises them; DNS failures cannot be caused here without asking a resolver.
describe('networkFailure', () => {
  const nodeError = (code: string, message = code) => Object.assign(new Error(message), { code });

  it.each([
    ['ENOTFOUND', 'DNS: ENOTFOUND', false],
    ['EAI_AGAIN', 'DNS: EAI_AGAIN', false],
    ['ECONNREFUSED', 'connect: ECONNREFUSED', false],
    ['EHOSTUNREACH', 'connect: EHOSTUNREACH', false],
    ['ECONNRESET', 'connection reset', true],
    ['UND_ERR_SOCKET', 'connection closed early', true],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'TLS: DEPTH_ZERO_SELF_SIGNED_CERT', false],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'TLS: ERR_TLS_CERT_ALTNAME_INVALID', false],
  ])('%s is unknown: "%s" (retried: %s)', (code, why, retryable) => {
    expect(networkFailure(nodeError(code))).toMatchObject({ verdict: 'unknown', why, retryable });
  });

  it('keeps credentials in URLs out of the reason', () => {
    const failure = networkFailure(nodeError('EWHATEVER', 'failed via http://user:secret@proxy:3128/'));
    expect(failure.why).not.toContain('secret');
    expect(failure.why).toContain('EWHATEVER');
  });
});
