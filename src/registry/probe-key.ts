import type { ProbeTarget } from './types';

/** Tags cannot contain ':', digests always do (`sha256:...`). */
export function isDigest(reference: string): boolean {
  return reference.includes(':');
}

/** The image as a user would write it: `domain/repository:tag` or `domain/repository@digest`. */
export function probeKey(t: ProbeTarget): string {
  return `${t.domain}/${t.repository}${isDigest(t.reference) ? '@' : ':'}${t.reference}`;
}
