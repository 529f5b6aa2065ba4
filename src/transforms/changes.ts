// What a transform did, for --report, --report-json and KRM results.

import type { Resource } from '../kyaml/resource';

export interface Change {
  resource: Resource;
  /** kyaml-style field path, e.g. spec.template.spec.containers[0].image. */
  field: string;
  /** Empty when something was added rather than changed. */
  from: string;
  to: string;
  why: string;
}

/** `old -> new`, or `+ new` for an addition. */
export function describeChange(c: { from: string; to: string }): string {
  return c.from === '' ? `+ ${c.to}` : `${c.from} -> ${c.to}`;
}
