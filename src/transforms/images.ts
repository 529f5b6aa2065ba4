// Rewrite images to the proxy or the local registry. Three steps: find every image field of
// every resource, decide once per distinct image (probing the undecided ones when asked), then
// splice the new values into the documents.

import type { FieldPath } from '../kyaml/path';
import { resourceResult, type Result } from '../kyaml/results';
import type { Resource } from '../kyaml/resource';
import { setScalar } from '../kyaml/scalar';
import type { ScalarNode } from '../kyaml/nodes';
import { InputError } from '../kyaml/errors';
import { resolvePlainScalar } from '../template/yaml11';
import type { Classification } from '../image/patterns';
import type { ImageReference } from '../image/reference';
import { rewriteImage, type ImageDecision, type RewriteRules } from '../image/rewrite';
import type { Change } from './changes';
import type { ImageLocator } from './workloads';

export interface ImageField {
  resource: Resource;
  node: ScalarNode;
  path: string;
  image: string;
  pullSecretsIn?: FieldPath;
}

export interface ImagePolicy {
  rules: RewriteRules;
  /** The user's patterns: a verdict, or undefined when they do not decide. */
  select: (ref: ImageReference) => Classification | undefined;
  /** Verdicts for the images no pattern decides (all at once, so a probe can run them together). */
  decideRest: (refs: ImageReference[]) => Promise<(ref: ImageReference) => Classification>;
}

export interface ImageOutcome {
  changes: Change[];
  results: Result[];
  /** Every image field with its decision; the pull-secret transform needs to know which pods were rewritten. */
  fields: Array<ImageField & { decision: ImageDecision }>;
}

export async function rewriteImages(resources: readonly Resource[], locator: ImageLocator, policy: ImagePolicy): Promise<ImageOutcome> {
  const fields = findImageFields(resources, locator);
  const images = new Set<string>();
  for (const field of fields) images.add(field.image);
  const decide = await decider([...images], policy);
  const outcome: ImageOutcome = { changes: [], results: [], fields: [] };
  // One warning text per image, however many fields hold it.
  const warnings = new Map<string, string>();
  for (const field of fields) {
    const decision = decide(field.image);
    // Spelled out: a spread here was the loop's largest cost.
    outcome.fields.push({ resource: field.resource, node: field.node, path: field.path, image: field.image, pullSecretsIn: field.pullSecretsIn, decision });
    if (decision.kind === 'rewritten') {
      setScalar(field.resource.doc, field.node, decision.to);
      outcome.changes.push({ resource: field.resource, field: field.path, from: decision.from, to: decision.to, why: decision.why });
    } else if (decision.kind === 'invalid') {
      let message = warnings.get(field.image);
      if (message === undefined) warnings.set(field.image, (message = `image ${JSON.stringify(field.image)} left as written: ${decision.why}`));
      outcome.results.push(resourceResult(field.resource, 'warning', message, field.path));
    }
  }
  return outcome;
}

function findImageFields(resources: readonly Resource[], locator: ImageLocator): ImageField[] {
  const found: ImageField[] = [];
  for (const resource of resources) {
    const { fields, trie } = locator.fieldsOf(resource.typeMeta());
    if (fields.length === 0) continue;
    const before = found.length;
    for (const { path, node, field } of resource.scalars(trie)) {
      if (node.value === null) continue;
      if (node.style === 'plain') expectString(resource, node, field);
      found.push({ resource, node, path: field, image: node.value, pullSecretsIn: fields[path]!.pullSecretsIn });
    }
    // Its metadata is checked before any of its fields is edited.
    if (found.length > before) resource.meta();
  }
  return found;
}

/**
 * An unquoted `1.5`, `true` or `yes` is a number or a bool to Kubernetes (go-yaml, YAML 1.1),
 * which refuses it as an image: rewriting it would turn a broken manifest into a working one.
 */
function expectString(resource: Resource, node: ScalarNode, field: string): void {
  let value: unknown;
  try {
    value = resolvePlainScalar(node.value!);
  } catch {
    value = Number.NaN;
  }
  if (typeof value === 'string') return;
  resource.read(() => {
    throw new InputError(`expected a string, found the ${typeof value === 'boolean' ? 'bool' : 'number'} ${node.value} (quote it to make it a string)`, { field }, node.start);
  });
}

/** Decide each distinct image once; images no pattern decides are settled together by policy.decideRest. */
async function decider(images: string[], policy: ImagePolicy): Promise<(image: string) => ImageDecision> {
  const undecided = new Map<string, ImageReference>();
  const placeholder: Classification = { verdict: 'public', why: 'undecided' };
  for (const image of images) {
    rewriteImage(image, policy.rules, (ref) => policy.select(ref) ?? (undecided.set(JSON.stringify(ref), ref), placeholder));
  }
  const rest = await policy.decideRest([...undecided.values()]);
  const decisions = new Map(images.map((image) => [image, rewriteImage(image, policy.rules, (ref) => policy.select(ref) ?? rest(ref))]));
  return (image) => decisions.get(image)!;
}
