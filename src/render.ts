// The whole job as one call, Helm post-renderer style: bytes in, bytes out.
// read -> resources -> transforms -> write.

import { loadSettings, redactor, secretsOf, type ConfigSources } from './config/load';
import type { Settings } from './config/schema';
import { InputError } from './kyaml/errors';
import { readPackage, type Package } from './kyaml/read';
import type { Resource } from './kyaml/resource';
import { resourceResult, type Result } from './kyaml/results';
import { writePackage } from './kyaml/write';
import { describeChange, type Change } from './transforms/changes';
import { imagePolicy, type PolicyHooks, type ProbeDecision } from './transforms/image-policy';
import { rewriteImages } from './transforms/images';
import { applicationInInput, applyKotsKinds, expandAllNamespaces, kotsResources } from './transforms/kots-kinds';
import { addPullSecrets } from './transforms/pull-secrets';
import { BUILTIN_IMAGE_PATHS, imageLocator } from './transforms/workloads';

export type Rendered =
  /** `results` are warnings (printed on stderr) and notes (in a ResourceList's results). */
  | { ok: true; output: string; changes: Change[]; results: Result[]; probes: ProbeDecision[]; settings: Settings }
  /** `output` is set in ResourceList mode: the list with an error result, as KRM asks. */
  | { ok: false; error: InputError; output?: string };

export interface RenderOptions extends Omit<ConfigSources, 'functionConfig' | 'commandLine'> {
  /** The parsed command line, or why it could not be parsed. */
  commandLine: ConfigSources['commandLine'] | InputError;
  onProbeProgress?: PolicyHooks['onProbeProgress'];
}

export async function render(input: string, options: RenderOptions): Promise<Rendered> {
  let pkg: Package | undefined;
  // Credentials to keep out of an error, before the settings that know them all are loaded.
  let hidden = givenSecrets(options);
  try {
    const { commandLine } = options;
    if (commandLine instanceof InputError) {
      if (input.trim() !== '') pkg = readPackage(input);
      throw commandLine;
    }
    // Helm 4 refuses an empty answer; an empty document says "no resources" in every form.
    if (input.trim() === '') return { ok: true, output: '---\n', changes: [], results: [], probes: [], settings: await loadSettings({ ...options, commandLine }) };
    pkg = readPackage(input, BUILTIN_IMAGE_PATHS);
    const kots = kotsResources(pkg.resources);
    const application = applicationInInput(kots);
    const loaded = await loadSettings({
      ...options,
      commandLine,
      ...(pkg.functionConfig ? { functionConfig: pkg.functionConfig } : {}),
      ...(application.settings ? { application: application.settings } : {}),
    });
    const settings = expandAllNamespaces(loaded, pkg.resources);
    hidden = secretsOf(settings);
    if (settings.validate) for (const doc of pkg.documents) doc.validate(pkg.json);
    const probes: ProbeDecision[] = [];
    const policy = imagePolicy(settings, { env: options.env, onProbed: (d) => probes.push(...d), ...(options.onProbeProgress ? { onProbeProgress: options.onProbeProgress } : {}) });
    const images = await rewriteImages(pkg.resources, imageLocator(settings.imageFields), policy);
    const secrets = addPullSecrets(pkg, images, settings);
    const kotsKinds = await applyKotsKinds(kots, settings, policy);
    const changes = [...images.changes, ...secrets.changes, ...kotsKinds.changes];
    const results = [...application.results, ...images.results, ...secrets.results, ...kotsKinds.results];
    const done = { ok: true as const, changes, results, probes, settings };
    if (settings.dryRun && pkg.form !== 'resource-list') return { ...done, output: input };
    const redact = redactor(hidden);
    const listResults = pkg.form === 'resource-list' ? [...results, ...changeResults(changes, settings.dryRun)].map((r) => ({ ...r, message: redact(r.message) })) : [];
    // A dry run of a KRM function still answers with its results, on the items as they came.
    if (settings.dryRun) for (const doc of pkg.documents) doc.edits.length = 0;
    return { ...done, output: writePackage(pkg, listResults) };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    redactError(e, hidden);
    if (pkg?.form !== 'resource-list') return { ok: false, error: e };
    for (const doc of pkg.documents) doc.edits.length = 0;
    return { ok: false, error: e, output: writePackage(pkg, [errorResult(e, pkg.resources)]) };
  }
}

/** The credentials given on the command line or in the environment. */
function givenSecrets({ commandLine, env }: RenderOptions): string[] {
  const flags = commandLine instanceof InputError ? {} : commandLine.settings;
  return [flags.licenseId, flags.localRegistryPassword, env.PROXY_RENDER_LICENSE_ID, env.PROXY_RENDER_LOCAL_REGISTRY_PASSWORD].filter((v): v is string => v !== undefined && v.length >= 4);
}

/** An error can quote a value that holds a credential (a template printing the license ID): redacted as any output. */
function redactError(e: InputError, secrets: string[]): void {
  const redact = redactor(secrets);
  e.message = redact(e.message);
  if (e.where.source !== undefined) e.where.source = redact(e.where.source);
}

/** An error as a KRM result, naming the item it is about when that item can still be read. */
function errorResult(e: InputError, items: readonly Resource[]): Result {
  const plain: Result = { message: e.describe(), severity: 'error' };
  // The functionConfig is no item: its errors are about the run.
  if (!e.origin || !items.includes(e.origin)) return plain;
  try {
    return resourceResult(e.origin, 'error', plain.message, e.where.field);
  } catch (again) {
    if (again instanceof InputError) return plain;
    throw again;
  }
}

function changeResults(changes: readonly Change[], dryRun: boolean): Result[] {
  return changes.map((c) => resourceResult(c.resource, 'info', `${dryRun ? 'would change: ' : ''}${describeChange(c)} (${c.why})`, c.field));
}
