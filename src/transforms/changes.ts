// What a transform did, for --report, --report-json and KRM results.

import type { Resource } from '../kyaml/resource';

export interface Change {
  resource: Resource;
  /** kyaml-style field path, e.g. spec.template.spec.containers[0].image. */
  field: string;
  from: string;
  to: string;
  why: string;
}
