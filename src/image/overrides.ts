// kustomize `images:` entries, with kustomize's semantics (api/internal/image/image.go,
// api/filters/imagetag/updater.go, api/internal/target/kusttarget_configplugin.go):
//
// - `name` is an unescaped Go regular expression (go-regexp.ts), anchored at the start, that
//   must cover the whole name: the image matches `^<name>(:tag)?(@sha256:digest)?$` (kustomize
//   v5.5 matches no other digest algorithm). No docker.io
//   normalisation: `nginx` does not match `docker.io/nginx`; `.` in `quay.io` matches any
//   character; `*` matches every image (Go reads `^*` as "`^` any number of times"). A name
//   that is not a regular expression is a configuration error (kustomize panics on it).
// - The image is split into name, tag and digest as text (a ':' or '@' before the first '/'
//   is part of the host). `newName` replaces the name; then, first rule that applies:
//   newTag and digest -> `name:newTag@digest`; newTag -> `name:newTag` (digest dropped);
//   digest -> `name@digest` (tag dropped); tagSuffix -> `name:<tag><suffix>` (digest
//   dropped; an image without tag gets `name:<suffix>`).
// - Every entry is its own transformer, run in the order written, each on the result of the
//   ones before: several entries can apply to one image, a later one seeing the earlier's
//   output (`nginx` -> newName `quay.io/x/nginx`, then `quay.io/x/nginx` -> newTag `2`).
//
// One difference: kustomize runs each entry twice over fields that both its legacy pass and
// its field-spec pass visit (a Deployment's containers), so kubectl kustomize v5.5 turns
// `redis:6.2.6` with tagSuffix `-alpine` into `redis:6.2.6-alpine-alpine`. An entry is applied
// here once, which is what the entry says.

import { goRegExp } from './go-regexp';

export interface ImageOverride {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
  tagSuffix?: string;
}

/** `override` is the first entry that changed the image; later entries may have changed it too. */
export function applyOverrides(image: string, overrides: ImageOverride[]): { image: string; override?: ImageOverride } {
  let current = image;
  let first: ImageOverride | undefined;
  for (const entry of overrides) {
    if (!matchesName(current, entry.name)) continue;
    const next = applyOverride(current, entry);
    if (next !== current) first ??= entry;
    current = next;
  }
  return first ? { image: current, override: first } : { image: current };
}

// kustomize v5.5 (kubectl 1.32) matches a digest only as `@sha256:`: other algorithms are not matched.
const TAG_AND_DIGEST = '(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$';
const patterns = new Map<string, RegExp>();

/** What `name` matches, compiled once: configuration checks it (imageNameProblem) before any image does. */
function namePattern(name: string): RegExp {
  let pattern = patterns.get(name);
  if (pattern === undefined) patterns.set(name, (pattern = goRegExp(name, TAG_AND_DIGEST)));
  return pattern;
}

function matchesName(image: string, name: string): boolean {
  return namePattern(name).test(image);
}

/** Why kustomize and this tool could not agree on what `name` matches, if they could not. */
export function imageNameProblem(name: string): string | undefined {
  try {
    namePattern(name);
    return undefined;
  } catch (e) {
    return `name: '${name}' is read as a regular expression, as kustomize does: ${(e as Error).message}`;
  }
}

function applyOverride(image: string, entry: ImageOverride): string {
  const split = splitImage(image);
  const name = entry.newName || split.name;
  let { tag, digest } = split;
  if (entry.newTag && entry.digest) {
    tag = entry.newTag;
    digest = entry.digest;
  } else if (entry.newTag) {
    tag = entry.newTag;
    digest = '';
  } else if (entry.digest) {
    tag = '';
    digest = entry.digest;
  } else if (entry.tagSuffix) {
    tag += entry.tagSuffix;
    digest = '';
  }
  return name + (tag ? `:${tag}` : '') + (digest ? `@${digest}` : '');
}

// kustomize's image.Split: the first ':' or '@' after the first '/' ends the name.
function splitImage(image: string): { name: string; tag: string; digest: string } {
  const slash = image.indexOf('/');
  const from = slash > 0 ? slash : 0;
  const at = image.indexOf('@', from);
  const colon = image.indexOf(':', from);
  if (at < 0 && colon < 0) return { name: image, tag: '', digest: '' };
  if (at >= 0 && (colon < 0 || at < colon)) {
    return { name: image.slice(0, at), tag: '', digest: image.slice(at + 1) };
  }
  if (at >= 0) return { name: image.slice(0, colon), tag: image.slice(colon + 1, at), digest: image.slice(at + 1) };
  return { name: image.slice(0, colon), tag: image.slice(colon + 1), digest: '' };
}
