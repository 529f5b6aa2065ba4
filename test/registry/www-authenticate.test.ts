import { describe, expect, it } from 'vitest';
import { bearerChallenge, parseWwwAuthenticate } from '../../src/registry/www-authenticate';

describe('parseWwwAuthenticate', () => {
  it("reads Docker Hub's Bearer challenge", () => {
    expect(
      parseWwwAuthenticate(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
      ),
    ).toEqual([
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/nginx:pull',
        },
      },
    ]);
  });

  it('keeps commas and escaped quotes inside quoted values', () => {
    const [challenge] = parseWwwAuthenticate('Bearer realm="https://a/t", scope="repository:a/b:pull,push", service="x \\"y\\""');
    expect(challenge.params).toEqual({ realm: 'https://a/t', scope: 'repository:a/b:pull,push', service: 'x "y"' });
  });

  it('reads Basic, unquoted values and any letter case', () => {
    expect(parseWwwAuthenticate('BASIC Realm=registry')).toEqual([{ scheme: 'basic', params: { realm: 'registry' } }]);
  });

  it('splits several challenges in one header and across headers', () => {
    const challenges = parseWwwAuthenticate(['Basic realm="r1", Bearer realm="https://a/t",service=s', 'Negotiate']);
    expect(challenges.map((c) => c.scheme)).toEqual(['basic', 'bearer', 'negotiate']);
    expect(challenges[1].params).toEqual({ realm: 'https://a/t', service: 's' });
  });

  it('returns no challenges for a missing or empty header', () => {
    expect(parseWwwAuthenticate(undefined)).toEqual([]);
    expect(parseWwwAuthenticate('  ')).toEqual([]);
  });
});

describe('bearerChallenge', () => {
  it('picks the Bearer challenge that names a realm', () => {
    const challenges = parseWwwAuthenticate(['Bearer service=x', 'Basic realm="b"', 'Bearer realm="https://a/t"']);
    expect(bearerChallenge(challenges)?.params.realm).toBe('https://a/t');
    expect(bearerChallenge(parseWwwAuthenticate('Basic realm="b"'))).toBeUndefined();
  });
});
