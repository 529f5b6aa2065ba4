import { describe, expect, it } from 'vitest';
import {
  formatImageReference,
  normalizedRepository,
  parseImageReference,
  repositoryName,
} from '../../src/image/reference';
import type { ImageReference } from '../../src/image/reference';

const SHA256 = 'sha256:' + 'f26f'.repeat(16);
const SHA512 = 'sha512:' + 'ab'.repeat(64);

describe('parseImageReference accepts references the kubelet accepts, keeping them as written', () => {
  const valid: [string, ImageReference][] = [
    ['nginx', { domain: '', path: 'nginx' }],
    ['redis:latest', { domain: '', path: 'redis', tag: 'latest' }],
    ['library/nginx:1', { domain: '', path: 'library/nginx', tag: '1' }],
    ['docker.io/nginx:1', { domain: 'docker.io', path: 'nginx', tag: '1' }],
    ['my-org/api', { domain: '', path: 'my-org/api' }],
    ['quay.io/my-org/api:v1.0.1', { domain: 'quay.io', path: 'my-org/api', tag: 'v1.0.1' }],
    ['localhost/app', { domain: 'localhost', path: 'app' }],
    ['localhost:5000/app:dev', { domain: 'localhost:5000', path: 'app', tag: 'dev' }],
    ['registry:5000/ns/img:tag', { domain: 'registry:5000', path: 'ns/img', tag: 'tag' }],
    ['10.0.0.1:5000/img', { domain: '10.0.0.1:5000', path: 'img' }],
    ['[::1]/img:1', { domain: '[::1]', path: 'img', tag: '1' }],
    ['[2001:db8::1]:5000/ns/img', { domain: '[2001:db8::1]:5000', path: 'ns/img' }],
    [`nginx@${SHA256}`, { domain: '', path: 'nginx', digest: SHA256 }],
    [`nginx:1@${SHA256}`, { domain: '', path: 'nginx', tag: '1', digest: SHA256 }],
    [`ghcr.io/a/b@${SHA512}`, { domain: 'ghcr.io', path: 'a/b', digest: SHA512 }],
    // An algorithm go-digest does not know, allowed by the OCI grammar.
    ['img@blake3:' + 'a'.repeat(64), { domain: '', path: 'img', digest: 'blake3:' + 'a'.repeat(64) }],
    ['img@multihash+base58:' + 'A'.repeat(32), { domain: '', path: 'img', digest: 'multihash+base58:' + 'A'.repeat(32) }],
    ['a/b.c_d__e---f:V1_x.y-z', { domain: '', path: 'a/b.c_d__e---f', tag: 'V1_x.y-z' }],
    ['Quay.IO/org/app', { domain: 'Quay.IO', path: 'org/app' }],
    // distribution's splitDockerDomain: an uppercase first component is a host, not a path.
    ['MyOrg/app', { domain: 'MyOrg', path: 'app' }],
    // One component is always a Docker Hub name, even when it looks like a host.
    ['localhost:5000', { domain: '', path: 'localhost', tag: '5000' }],
    ['quay.io', { domain: '', path: 'quay.io' }],
    ['img:' + 'a'.repeat(128), { domain: '', path: 'img', tag: 'a'.repeat(128) }],
    ['a/' + 'b'.repeat(253), { domain: '', path: 'a/' + 'b'.repeat(253) }],
  ];
  it.each(valid)('%s', (text, ref) => {
    expect(parseImageReference(text)).toEqual({ ok: true, ref });
  });

  it.each(valid)('formats %s back exactly', (text) => {
    const parsed = parseImageReference(text);
    expect(parsed.ok && formatImageReference(parsed.ref)).toBe(text);
  });
});

describe('parseImageReference refuses what the kubelet would refuse, saying why', () => {
  const invalid: [string, string][] = [
    ['', 'empty'],
    ['{{ .Values.image }}', "contains an unrendered template '{{'"],
    ['repl{{ LocalImageName "nginx" }}', "contains an unrendered template '{{'"],
    ['$(IMAGE)', "contains '$(' variable reference"],
    ['${IMAGE}:1', "contains '${' variable reference"],
    ['nginx ', 'contains whitespace'],
    ['quay.io/My-Org/api', 'uppercase letters in repository path'],
    ['Nginx:1', 'uppercase letters in repository path'],
    ['img:' + 'a'.repeat(129), 'tag longer than 128 characters'],
    ['img:-dev', "invalid tag '-dev'"],
    ['img:', "empty tag after ':'"],
    ['img@', "empty digest after '@'"],
    ['img@sha256:abc', 'sha256 digest must be 64 lowercase hex digits'],
    ['img@sha256:' + 'F'.repeat(64), 'sha256 digest must be 64 lowercase hex digits'],
    ['img@md5:abc', "invalid digest 'md5:abc'"],
    [`img@${SHA256}@${SHA256}`, "more than one '@'"],
    ['a/' + 'b'.repeat(254), 'repository path longer than 255 characters'],
    ['quay.io/', 'no repository path after the registry host'],
    ['quay.io//img', "empty component in repository path ('//' or a trailing '/')"],
    ['org/img/', "empty component in repository path ('//' or a trailing '/')"],
    ['my_-org/img', "invalid repository path component 'my_-org'"],
    ['-img', "invalid repository path component '-img'"],
    ['host:port/img', "invalid registry host 'host:port'"],
    ['bad_host.io/img', "invalid registry host 'bad_host.io'"],
    [':1', 'no repository name'],
    ['a'.repeat(64), 'a 64-digit hex string is an image ID, not a name'],
  ];
  it.each(invalid)('%s', (text, reason) => {
    expect(parseImageReference(text)).toEqual({ ok: false, reason });
  });
});

describe('repository names', () => {
  const names: [string, string, string][] = [
    // written,                       as written,              normalized
    ['nginx:1', 'nginx', 'docker.io/library/nginx'],
    ['library/nginx', 'library/nginx', 'docker.io/library/nginx'],
    ['docker.io/nginx', 'docker.io/nginx', 'docker.io/library/nginx'],
    ['index.docker.io/library/nginx', 'index.docker.io/library/nginx', 'docker.io/library/nginx'],
    ['bitnami/redis:7', 'bitnami/redis', 'docker.io/bitnami/redis'],
    ['Quay.io/org/app@' + SHA256, 'Quay.io/org/app', 'quay.io/org/app'],
    ['localhost:5000/app', 'localhost:5000/app', 'localhost:5000/app'],
    ['quay.io/app', 'quay.io/app', 'quay.io/app'],
  ];
  it.each(names)('%s is %s, normalized %s', (text, written, normalized) => {
    const parsed = parseImageReference(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(repositoryName(parsed.ref)).toBe(written);
    expect(normalizedRepository(parsed.ref)).toBe(normalized);
  });
});
