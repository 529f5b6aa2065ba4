// Which images the user declares private (always proxied) or public (never proxied).
//
// Pattern language:
// - A pattern is matched against the NORMALIZED repository name of an image
//   (`docker.io/library/nginx`, `quay.io/my-org/api`); tag and digest are ignored.
// - The pattern is normalized the same way: `nginx` means `docker.io/library/nginx`,
//   `bitnami/*` means `docker.io/bitnami/*`, `index.docker.io/x/y` means `docker.io/x/y`.
//   Hosts compare case-insensitively.
// - `*` matches any run of characters, '/' included: `quay.io/my-org/*` covers
//   `quay.io/my-org/team/api`, `*.dkr.ecr.us-east-1.amazonaws.com/*` covers every ECR repository
//   of that region. A '*' in the host crosses '/' too: `*.example.com` also matches
//   `other.io/x.example.com/app`, a name nobody writes.
// - A pattern without '/' whose text looks like a host ('.' or ':' or `localhost`) is a whole
//   registry: `quay.io` means `quay.io/*`, `localhost:5000` means `localhost:5000/*`. So is a
//   path that is only `*`: `docker.io/*` is all of Docker Hub, not `docker.io/library/*`.
// - The keyword `all` means every image (the Docker Hub image `all` is `library/all`).
//   A lone `*` is refused as ambiguous (it would read as `docker.io/library/*`).
// - Public patterns always win over private ones, so "proxy all but these" is
//   `private: [all]`, `public: [...]`.
// - Patterns name repositories: `nginx:1.25` (a tag) and `@sha256:...` are refused; `redis:7`
//   cannot be told apart from a host with a port and is read as the registry `redis:7`.

import { looksLikeHost, normalizedRepository, parseImageReference } from './reference';
import type { ImageReference } from './reference';

export type Verdict = 'private' | 'public';

export interface Classification {
  verdict: Verdict;
  why: string;
  // True when a user pattern decided, false or absent for a default or a registry probe.
  // In local-registry mode only an explicit 'public' keeps an image where it is.
  explicit?: boolean;
}

export interface ImageSelection {
  private: string[];
  public: string[];
}

const EVERY_IMAGE = 'all';

/** Throws on a pattern that validatePattern refuses: check user input with it first. */
export function compileSelection(sel: ImageSelection): (ref: ImageReference) => Classification | undefined {
  const publicMatchers = sel.public.map(compilePattern);
  const privateMatchers = sel.private.map(compilePattern);
  return (ref) => {
    const name = normalizedRepository(ref);
    const publicHit = publicMatchers.find((m) => m.test(name));
    const privateHit = privateMatchers.find((m) => m.test(name));
    if (publicHit) {
      const overruled = privateHit ? ` (public patterns win over private '${privateHit.pattern}')` : '';
      return { verdict: 'public', why: `matches public pattern '${publicHit.pattern}'${overruled}`, explicit: true };
    }
    if (privateHit) {
      return { verdict: 'private', why: `matches private pattern '${privateHit.pattern}'`, explicit: true };
    }
    return undefined;
  };
}

export function validatePattern(p: string): string | undefined {
  if (p === EVERY_IMAGE) return undefined;
  if (p === '') return 'empty pattern';
  if (p === '*') return "'*' alone is ambiguous: write 'all' for every image or 'docker.io' for every Docker Hub image";
  if (p.includes('@')) return `pattern '${p}' has a digest; patterns name repositories, without tag or digest`;
  const bareTag = /^[^/]*:([^/\]]*[^0-9/\]][^/\]]*)$/.exec(p);
  if (bareTag) return `pattern '${p}' has a tag ':${bareTag[1]}'; patterns name repositories, without tag or digest`;
  // A stand-in letter for each '*' turns the pattern into a name the reference grammar can check.
  const parsed = parseImageReference(withRegistryWildcard(p).replaceAll('*', 'a'));
  if (!parsed.ok) return `pattern '${p}' is not a repository name: ${parsed.reason}`;
  if (parsed.ref.tag !== undefined) {
    return `pattern '${p}' has a tag ':${parsed.ref.tag}'; patterns name repositories, without tag or digest`;
  }
  return undefined;
}

interface PatternMatcher {
  pattern: string;
  test(normalizedName: string): boolean;
}

function compilePattern(pattern: string): PatternMatcher {
  const problem = validatePattern(pattern);
  if (problem) throw new Error(problem);
  if (pattern === EVERY_IMAGE) return { pattern, test: () => true };
  const regex = new RegExp(`^${normalizePattern(pattern).split('*').map(escapeRegExp).join('.*')}$`);
  return { pattern, test: (name) => regex.test(name) };
}

// The same normalization as normalizedRepository, with '*' kept as written.
function normalizePattern(pattern: string): string {
  const withPath = withRegistryWildcard(pattern);
  const slash = withPath.indexOf('/');
  const first = withPath.slice(0, slash);
  if (slash >= 0 && looksLikeHost(first)) {
    const host = first.toLowerCase();
    const path = withPath.slice(slash + 1);
    if (host !== 'docker.io' && host !== 'index.docker.io') return `${host}/${path}`;
    return `docker.io/${dockerHubPath(path)}`;
  }
  return `docker.io/${dockerHubPath(withPath)}`;
}

function dockerHubPath(path: string): string {
  return path.includes('/') || path === '*' ? path : `library/${path}`;
}

function withRegistryWildcard(pattern: string): string {
  return !pattern.includes('/') && looksLikeHost(pattern) ? `${pattern}/*` : pattern;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
