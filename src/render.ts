// The whole job as one call, Helm post-renderer style: bytes in, bytes out.
// read -> resources -> transforms -> write.

import { loadSettings, type ConfigSources } from './config/load';
import type { Settings } from './config/schema';
import { compileSelection } from './image/patterns';
import type { RewriteRules } from './image/rewrite';
import { InputError } from './kyaml/errors';
import { readPackage, type Package } from './kyaml/read';
import { resourceResult, type Result } from './kyaml/results';
import { writePackage } from './kyaml/write';
import type { Change } from './transforms/changes';
import { rewriteImages, type ImagePolicy } from './transforms/images';
import { imageLocator } from './transforms/workloads';

export type Rendered =
  | { ok: true; output: string; changes: Change[]; warnings: Result[]; settings: Settings }
  /** `output` is set in ResourceList mode: the list with an error result, as KRM asks. */
  | { ok: false; error: InputError; output?: string };

export async function render(input: string, sources: Omit<ConfigSources, 'functionConfig'>): Promise<Rendered> {
  let pkg: Package | undefined;
  try {
    pkg = await readPackage(input);
    const settings = await loadSettings({ ...sources, ...(pkg.functionConfig ? { functionConfig: pkg.functionConfig } : {}) });
    const images = await rewriteImages(pkg.resources, imageLocator(settings.imageFields), imagePolicy(settings));
    const warnings = images.results;
    if (settings.dryRun) return { ok: true, output: input, changes: images.changes, warnings, settings };
    const results = pkg.form === 'resource-list' ? [...warnings, ...(await changeResults(images.changes))] : [];
    return { ok: true, output: await writePackage(pkg, results), changes: images.changes, warnings, settings };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    if (pkg?.form !== 'resource-list') return { ok: false, error: e };
    for (const doc of pkg.documents) doc.edits.length = 0;
    return { ok: false, error: e, output: await writePackage(pkg, [{ message: e.describe(), severity: 'error' }]) };
  }
}

function imagePolicy(s: Settings): ImagePolicy {
  const rules: RewriteRules = {
    appSlug: s.appSlug,
    proxyDomain: s.proxyDomain,
    knownProxyDomains: s.knownProxyDomains,
    registryDomain: s.registryDomain,
    overrides: s.images,
    ...(s.localRegistryHost ? { localRegistry: { host: s.localRegistryHost, namespace: s.localRegistryNamespace, keepPath: s.localRegistryKeepPath } } : {}),
  };
  return {
    rules,
    select: compileSelection({ private: s.private, public: s.public }),
    decideRest: async () => () => ({ verdict: 'public', why: 'not matched by --private' }),
  };
}

function changeResults(changes: readonly Change[]): Promise<Result[]> {
  return Promise.all(changes.map((c) => resourceResult(c.resource, 'info', `image ${c.from} -> ${c.to} (${c.why})`, c.field)));
}
