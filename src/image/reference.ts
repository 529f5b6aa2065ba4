// Image references as Kubernetes writes them: `[host[:port]/]path[:tag][@digest]`.
//
// The grammar is distribution/reference's (regexp.go) with the Docker-style split of the
// first component (normalize.go splitDockerDomain), which is what containerd and the kubelet
// use. A reference is kept exactly as written: parsing never lowercases, never adds
// `docker.io` or `library/`, never drops a tag. Only `normalizedRepository` and
// `registryHost` canonicalise, for comparing names.
//
// Decisions where the sources leave room:
// - A first component with uppercase letters (`MyOrg/app`) is a registry host, as in
//   splitDockerDomain: the kubelet would try to pull from a host named `MyOrg`. It parses;
//   whatever is built from it (a proxy path) is checked again where it is built.
// - go-digest only knows sha256/sha384/sha512 and rejects other algorithms; the OCI grammar
//   allows them, so any algorithm is accepted, but the three known ones must have their
//   exact length in lowercase hex, because the runtime would reject anything else.

export interface ImageReference {
  domain: string;
  path: string;
  tag?: string;
  digest?: string;
}

export type ParsedImage = { ok: true; ref: ImageReference } | { ok: false; reason: string };

const DOCKER_HUB = 'docker.io';
const LEGACY_DOCKER_HUB = 'index.docker.io';
const MAX_PATH_LENGTH = 255;
const MAX_TAG_LENGTH = 128;

const HOST_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = new RegExp(
  `^(?:${HOST_COMPONENT}(?:\\.${HOST_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`,
);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]*$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const IMAGE_ID = /^[a-f0-9]{64}$/;
const KNOWN_DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

export function parseImageReference(text: string): ParsedImage {
  const unusable = findUnusableText(text);
  if (unusable) return invalid(unusable);

  const at = text.indexOf('@');
  const nameAndTag = at < 0 ? text : text.slice(0, at);
  const digest = at < 0 ? undefined : text.slice(at + 1);
  if (digest !== undefined) {
    const digestProblem = checkDigest(digest);
    if (digestProblem) return invalid(digestProblem);
  }

  const colon = nameAndTag.lastIndexOf(':');
  const hasTag = colon > nameAndTag.lastIndexOf('/');
  const name = hasTag ? nameAndTag.slice(0, colon) : nameAndTag;
  const tag = hasTag ? nameAndTag.slice(colon + 1) : undefined;
  if (tag !== undefined) {
    const tagProblem = checkTag(tag);
    if (tagProblem) return invalid(tagProblem);
  }

  if (name === '') return invalid('no repository name');
  const { domain, path } = splitDomain(name);
  if (domain !== '' && !HOST.test(domain)) return invalid(`invalid registry host '${domain}'`);
  const pathProblem = checkPath(path);
  if (pathProblem) return invalid(pathProblem);
  // Like ParseNormalizedNamed: a bare 64-hex string is what `docker images -q` prints.
  if (IMAGE_ID.test(text)) return invalid('a 64-digit hex string is an image ID, not a name');

  const ref: ImageReference = { domain, path };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return { ok: true, ref };
}

export function formatImageReference(ref: ImageReference): string {
  let text = repositoryName(ref);
  if (ref.tag !== undefined) text += `:${ref.tag}`;
  if (ref.digest !== undefined) text += `@${ref.digest}`;
  return text;
}

export function repositoryName(ref: ImageReference): string {
  return ref.domain ? `${ref.domain}/${ref.path}` : ref.path;
}

/** `docker.io/library/nginx` for `nginx`; the form to compare names by. */
export function normalizedRepository(ref: ImageReference): string {
  return `${registryHost(ref)}/${normalizedPath(ref)}`;
}

/** The registry host of an image, in the form canonicalHost gives. */
export function registryHost(ref: ImageReference): string {
  return canonicalHost(ref.domain);
}

/** A host to compare by: lowercased (hosts are case-insensitive), Docker Hub spelled `docker.io`. */
export function canonicalHost(domain: string): string {
  const host = domain.toLowerCase();
  return host === '' || host === LEGACY_DOCKER_HUB ? DOCKER_HUB : host;
}

/** The path on the registry: `library/` added for one-component Docker Hub names. */
export function normalizedPath(ref: ImageReference): string {
  const onDockerHub = registryHost(ref) === DOCKER_HUB;
  return onDockerHub && !ref.path.includes('/') ? `library/${ref.path}` : ref.path;
}

/** True when the first component of a name is a registry host rather than a path. */
export function looksLikeHost(component: string): boolean {
  return (
    component.includes('.') ||
    component.includes(':') ||
    component === 'localhost' ||
    component !== component.toLowerCase()
  );
}

function splitDomain(name: string): { domain: string; path: string } {
  const slash = name.indexOf('/');
  if (slash < 0) return { domain: '', path: name };
  const first = name.slice(0, slash);
  return looksLikeHost(first)
    ? { domain: first, path: name.slice(slash + 1) }
    : { domain: '', path: name };
}

// Text that is not a reference at all, most often an unrendered template or variable that a
// user expects some other tool to fill in; naming it helps more than "invalid format".
function findUnusableText(text: string): string | undefined {
  if (text === '') return 'empty';
  if (text.includes('{{')) return "contains an unrendered template '{{'";
  if (text.includes('$(')) return "contains '$(' variable reference";
  if (text.includes('${')) return "contains '${' variable reference";
  if (/\s/.test(text)) return 'contains whitespace';
  if (text.indexOf('@') !== text.lastIndexOf('@')) return "more than one '@'";
  return undefined;
}

function checkDigest(digest: string): string | undefined {
  if (digest === '') return "empty digest after '@'";
  const [algorithm = '', hex = ''] = digest.split(':', 2);
  const length = KNOWN_DIGEST_HEX_LENGTH[algorithm];
  if (length !== undefined && !new RegExp(`^[a-f0-9]{${length}}$`).test(hex)) {
    return `${algorithm} digest must be ${length} lowercase hex digits`;
  }
  if (!DIGEST.test(digest)) return `invalid digest '${digest}'`;
  return undefined;
}

function checkTag(tag: string): string | undefined {
  if (tag === '') return "empty tag after ':'";
  if (tag.length > MAX_TAG_LENGTH) return `tag longer than ${MAX_TAG_LENGTH} characters`;
  if (!TAG.test(tag)) return `invalid tag '${tag}'`;
  return undefined;
}

function checkPath(path: string): string | undefined {
  if (path === '') return 'no repository path after the registry host';
  if (path.length > MAX_PATH_LENGTH) return `repository path longer than ${MAX_PATH_LENGTH} characters`;
  for (const component of path.split('/')) {
    if (component === '') return "empty component in repository path ('//' or a trailing '/')";
    if (PATH_COMPONENT.test(component)) continue;
    if (PATH_COMPONENT.test(component.toLowerCase())) return 'uppercase letters in repository path';
    return `invalid repository path component '${component}'`;
  }
  return undefined;
}

function invalid(reason: string): ParsedImage {
  return { ok: false, reason };
}
