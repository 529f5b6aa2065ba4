import { describe, expect, it } from 'vitest';
import { compileSelection, validatePattern } from '../../src/image/patterns';
import type { ImageSelection } from '../../src/image/patterns';
import { parseImageReference } from '../../src/image/reference';

function verdictOf(selection: ImageSelection, image: string): string | undefined {
  const parsed = parseImageReference(image);
  if (!parsed.ok) throw new Error(parsed.reason);
  return compileSelection(selection)(parsed.ref)?.verdict;
}

describe('a private pattern matches the normalized repository name, whatever the spelling', () => {
  const cases: [pattern: string, image: string, matches: boolean][] = [
    ['nginx', 'nginx:1.25', true],
    ['nginx', 'library/nginx', true],
    ['nginx', 'docker.io/nginx@sha256:' + 'a'.repeat(64), true],
    ['nginx', 'index.docker.io/library/nginx', true],
    ['docker.io/library/nginx', 'nginx', true],
    ['nginx', 'nginx-exporter', false],
    ['nginx', 'quay.io/nginx', false],
    ['bitnami/*', 'bitnami/redis:7', true],
    ['bitnami/*', 'docker.io/bitnami/redis', true],
    ['bitnami/*', 'redis', false],
    ['quay.io/my-org/*', 'quay.io/my-org/api:v1.0.1', true],
    ['quay.io/my-org/*', 'quay.io/my-org/team/api', true],
    ['quay.io/my-org/*', 'quay.io/my-org-2/api', false],
    ['quay.io/my-org/*', 'QUAY.IO/my-org/api', true],
    ['quay.io', 'quay.io/anyone/anything', true],
    ['quay.io', 'ghcr.io/quay.io', false],
    ['localhost:5000', 'localhost:5000/app', true],
    ['localhost', 'localhost/app', true],
    ['docker.io', 'nginx', true],
    ['docker.io/*', 'bitnami/redis', true],
    ['*.dkr.ecr.us-east-1.amazonaws.com', '123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1', true],
    ['*.dkr.ecr.us-east-1.amazonaws.com', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1', false],
    ['ghcr.io/my-org/*-operator', 'ghcr.io/my-org/db-operator', true],
    ['redis*', 'redis-stack', true],
    ['all', 'anything.example/x/y:z', true],
  ];
  it.each(cases)('%s on %s: %s', (pattern, image, matches) => {
    expect(verdictOf({ private: [pattern], public: [] }, image)).toBe(matches ? 'private' : undefined);
  });
});

describe('public and private patterns together', () => {
  it('public wins over private, and says which private pattern it overruled', () => {
    const classify = compileSelection({ private: ['all'], public: ['quay.io/prometheus/*'] });
    const parsed = parseImageReference('quay.io/prometheus/prometheus:v3.13.2');
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(classify(parsed.ref)).toEqual({
      verdict: 'public',
      why: "matches public pattern 'quay.io/prometheus/*' (public patterns win over private 'all')",
      explicit: true,
    });
  });

  it('a private match names its pattern', () => {
    const classify = compileSelection({ private: ['quay.io/my-org/*'], public: [] });
    const parsed = parseImageReference('quay.io/my-org/api:1');
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(classify(parsed.ref)).toEqual({
      verdict: 'private',
      why: "matches private pattern 'quay.io/my-org/*'",
      explicit: true,
    });
  });

  it('no match leaves the decision to the caller', () => {
    expect(verdictOf({ private: ['quay.io/my-org/*'], public: ['grafana/*'] }, 'redis')).toBeUndefined();
  });

  it('compiling an invalid pattern throws its validation message', () => {
    expect(() => compileSelection({ private: ['*'], public: [] })).toThrow(/ambiguous/);
  });
});

describe('validatePattern', () => {
  it.each(['all', 'nginx', 'bitnami/*', 'quay.io', 'quay.io/my-org/*', 'localhost:5000', '[::1]', '[::1]:5000/*', '*.example.com', '*/*'])(
    'accepts %s',
    (pattern) => {
      expect(validatePattern(pattern)).toBeUndefined();
    },
  );

  const refused: [string, string][] = [
    ['', 'empty pattern'],
    ['*', "'*' alone is ambiguous: write 'all' for every image or 'docker.io' for every Docker Hub image"],
    ['nginx:1.25', "pattern 'nginx:1.25' has a tag ':1.25'; patterns name repositories, without tag or digest"],
    ['quay.io/org/app:v1', "pattern 'quay.io/org/app:v1' has a tag ':v1'; patterns name repositories, without tag or digest"],
    ['nginx@sha256:' + 'a'.repeat(64), `pattern 'nginx@sha256:${'a'.repeat(64)}' has a digest; patterns name repositories, without tag or digest`],
    ['quay.io/MyOrg/*', "pattern 'quay.io/MyOrg/*' is not a repository name: uppercase letters in repository path"],
    ['quay.io/org/', "pattern 'quay.io/org/' is not a repository name: empty component in repository path ('//' or a trailing '/')"],
  ];
  it.each(refused)('refuses %s', (pattern, message) => {
    expect(validatePattern(pattern)).toBe(message);
  });
});
