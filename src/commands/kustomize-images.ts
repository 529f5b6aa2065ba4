// `proxy-render kustomize-images [settings] < stream.yaml`: the `images:` list KOTS writes in
// midstream/kustomization.yaml (DOMAIN.md 6), for teams that run plain kustomize. Decisions are
// the main run's (same settings, patterns, probes); an entry has only `name` (the image as
// written, without tag or digest) and `newName`, so every tag and digest keeps working. Docker
// Hub names get KOTS's alternate spellings, because kustomize compares names as text.
//
// Order matters, since kustomize applies every entry in turn to the result of the ones before:
// the user's own `images` overrides first (proxy-render applies them first too), then one entry
// per spelling found in the input, mapped as proxy-render maps it, then the alternate spellings
// not found, mapped like the first spelling of their repository.
//
// `--out DIR` writes a kustomization directory instead: kustomization.yaml (the list above),
// manifests.yaml (the input) and, with `--with-secret`, pull-secret.yaml (the Secret proxy-render
// creates) and JSON patches that add imagePullSecrets where proxy-render adds them.

import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommandLine } from '../config/flags';
import type { Settings } from '../config/schema';
import { applyOverrides, type ImageOverride } from '../image/overrides';
import { normalizedPath, parseImageReference, registryHost, repositoryName } from '../image/reference';
import { toBlockYaml, type Plain } from '../kyaml/emit';
import { InputError } from '../kyaml/errors';
import type { YNode } from '../kyaml/nodes';
import { readPackage, type Package } from '../kyaml/read';
import { resourceResult, type Result } from '../kyaml/results';
import { helpText } from '../help';
import type { Change } from '../transforms/changes';
import { imagePolicy } from '../transforms/image-policy';
import { rewriteImages, type ImageOutcome } from '../transforms/images';
import { addPullSecrets } from '../transforms/pull-secrets';
import { BUILTIN_IMAGE_PATHS, imageLocator } from '../transforms/workloads';
import { commandFlags, settingsFor, type Command } from './common';

export interface KustomizeImage {
  name: string;
  newName: string;
}

// kustomize's images transformer reaches `image` in any containers or initContainers list, and
// nothing else (kubectl kustomize v5.5: not ephemeralContainers, image volumes, CR fields).
const SECRET_FILE = 'pull-secret.yaml';
const REACHED_BY_KUSTOMIZE = /(?:^|\.)(?:containers|initContainers)\[\d+\]\.image$/;

export const kustomizeImagesCommand: Command = async (args, env, readInput) => {
  const { flags, rest } = commandFlags(args, { out: 'value', withSecret: 'boolean' });
  const commandLine = parseCommandLine(rest);
  if (commandLine.help) return { output: helpText(), results: [] };
  if (commandLine.positional.length > 0) throw new InputError(`kustomize-images: unexpected argument '${commandLine.positional[0]}': the manifests come on stdin`);
  if (flags.withSecret && flags.out === undefined) throw new InputError('kustomize-images: --with-secret writes a kustomization directory: pass --out DIR');
  const input = await readInput();
  const pkg = readPackage(input, BUILTIN_IMAGE_PATHS);
  const { settings, results } = await settingsFor(pkg, commandLine, env);
  const images = await rewriteImages(pkg.resources, imageLocator(settings.imageFields), imagePolicy(settings, { env }));
  results.push(...images.results, ...unreachable(images));
  const list = [...settings.images, ...kotsImageEntries(images, settings.images)];
  if (flags.out === undefined) return { output: toBlockYaml({ images: list as unknown as Plain }), results, settings };

  if (pkg.form !== 'stream') throw new InputError('kustomize-images --out: expected a YAML stream on stdin, not a ResourceList');
  const files: Record<string, string> = { 'manifests.yaml': input };
  const kustomization: Record<string, Plain> = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: ['manifests.yaml'],
    images: list as unknown as Plain,
  };
  if (flags.withSecret) {
    const secret = pullSecretFiles(pkg, images, settings);
    results.push(...secret.results);
    if (secret.text) {
      files[SECRET_FILE] = secret.text;
      (kustomization.resources as string[]).push(SECRET_FILE);
    }
    if (secret.patches.length > 0) kustomization.patches = secret.patches;
  }
  const dir = flags.out;
  writeFiles(dir, { 'kustomization.yaml': toBlockYaml(kustomization), ...files });
  results.push({ message: `wrote ${dir}: ${['kustomization.yaml', ...Object.keys(files)].join(', ')}`, severity: 'info' });
  return { output: '', results, settings };
};

/**
 * The KOTS-style entries for the images proxy-render rewrites: the name as written (after the
 * user's overrides) and the new name without tag or digest; then Docker Hub's other spellings.
 */
function kotsImageEntries(images: Pick<ImageOutcome, 'fields'>, overrides: readonly ImageOverride[]): KustomizeImage[] {
  const entries = new Map<string, KustomizeImage>();
  const firstOfRepository = new Map<string, string>();
  for (const field of images.fields) {
    if (field.decision.kind !== 'rewritten') continue;
    const from = parseImageReference(applyOverrides(field.image, [...overrides]).image);
    const to = parseImageReference(field.decision.to);
    if (!from.ok || !to.ok) continue;
    const name = repositoryName(from.ref);
    const newName = repositoryName(to.ref);
    if (name === newName || entries.has(name)) continue;
    entries.set(name, { name, newName });
    const repository = `${registryHost(from.ref)}/${normalizedPath(from.ref)}`;
    if (!firstOfRepository.has(repository)) firstOfRepository.set(repository, newName);
  }
  for (const [repository, newName] of firstOfRepository) {
    for (const name of dockerHubSpellings(repository)) if (!entries.has(name)) entries.set(name, { name, newName });
  }
  return [...entries.values()];
}

/** KOTS BuildImageAltNames: `nginx`, `library/nginx`, `docker.io/nginx`, `docker.io/library/nginx`. */
function dockerHubSpellings(repository: string): string[] {
  if (!repository.startsWith('docker.io/')) return [];
  const path = repository.slice('docker.io/'.length);
  if (!path.startsWith('library/')) return [path, `docker.io/${path}`];
  const short = path.slice('library/'.length);
  return [short, path, `docker.io/${short}`, `docker.io/${path}`];
}

/** Images proxy-render rewrites in fields that kustomize's images: never visits. */
function unreachable(images: ImageOutcome): Result[] {
  const results: Result[] = [];
  for (const field of images.fields) {
    if (field.decision.kind !== 'rewritten' || REACHED_BY_KUSTOMIZE.test(field.path)) continue;
    results.push(resourceResult(field.resource, 'warning', `kustomize images: does not reach this field: ${field.image} stays as written there (proxy-render itself rewrites it)`, field.path));
  }
  return results;
}

interface SecretFiles {
  /** The generated Secret documents, or '' when none was created. */
  text: string;
  patches: Plain[];
  results: Result[];
}

/** The Secret and imagePullSecrets additions proxy-render would make, as files and JSON patches. */
function pullSecretFiles(pkg: Package, images: ImageOutcome, settings: Settings): SecretFiles {
  const before = new Set(pkg.documents);
  const outcome = addPullSecrets(pkg, images, settings);
  const text = pkg.documents
    .filter((d) => !before.has(d))
    .map((d) => d.output())
    .join('');
  const patches: Plain[] = [];
  const results = [...outcome.results.filter((r) => r.severity !== 'info')];
  for (const change of outcome.changes) {
    if (change.field.endsWith('imagePullSecrets') && change.from === '') patches.push(pullSecretPatch(change));
    else if (change.field.startsWith('data')) {
      results.push(resourceResult(change.resource, 'warning', 'this Secret in the input is not updated by the kustomization: give it the credentials yourself, or remove it', change.field));
    }
  }
  return { text, patches, results };
}

/** A JSON patch adding `{name}` to the imagePullSecrets at the change's field, targeted at its resource. */
function pullSecretPatch(change: Change): Plain {
  const { resource } = change;
  const meta = resource.meta();
  const keys = change.field.split('.');
  const exists = resource.read((root) => {
    let node: YNode | undefined = root;
    for (const key of keys) node = node?.type === 'map' ? node.get(key) : undefined;
    return node?.type === 'seq';
  });
  const path = `/${keys.join('/')}`;
  const operation = exists ? { op: 'add', path: `${path}/-`, value: { name: change.to } } : { op: 'add', path, value: [{ name: change.to }] };
  const slash = meta.apiVersion.indexOf('/');
  const target: Record<string, string> = {
    ...(slash > 0 ? { group: meta.apiVersion.slice(0, slash) } : {}),
    version: meta.apiVersion.slice(slash + 1),
    kind: meta.kind,
    name: meta.name,
    ...(meta.namespace ? { namespace: meta.namespace } : {}),
  };
  return { target, patch: JSON.stringify([operation]) };
}

function writeFiles(dir: string, files: Record<string, string>): void {
  try {
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) {
      const path = join(dir, name);
      // The pull Secret holds the license ID: readable by its owner only, from its first byte,
      // also when the file was there before (a mode given to writeFileSync only applies to a new file).
      if (name === SECRET_FILE) {
        if (existsSync(path)) chmodSync(path, 0o600);
        writeFileSync(path, text, { mode: 0o600 });
      } else writeFileSync(path, text);
    }
  } catch (e) {
    throw new InputError(`cannot write: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { source: `--out ${dir}` });
  }
}
