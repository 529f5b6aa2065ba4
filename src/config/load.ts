// All front ends merged, lowest first: defaults, the license file, the KOTS Application (in the
// input, then --application FILE), the ResourceList functionConfig, the config file,
// PROXY_RENDER_* environment variables, flags. A later source replaces a setting whole (lists
// are not concatenated across sources); a credential and the file that may hold it count as
// one setting. Credentials given as files are read last.

import { accessSync, constants } from 'node:fs';
import { basename } from 'node:path';
import { InputError } from '../kyaml/errors';
import type { Resource } from '../kyaml/resource';
import { settingsFromApplicationFile } from './application';
import { settingsFromEnv } from './env';
import { settingsFromFile, settingsFromResource } from './file';
import type { CommandLine } from './flags';
import { readSecretFile, settingsFromLicense } from './license';
import { SETTINGS, defaults, licenseIdProblem, type Settings } from './schema';

export interface ConfigSources {
  commandLine: CommandLine;
  env: Record<string, string | undefined>;
  functionConfig?: Resource;
  /** Settings from a KOTS Application found in the input. */
  application?: Partial<Settings>;
}

export async function loadSettings({ commandLine, env, functionConfig, application: inInput }: ConfigSources): Promise<Settings> {
  const [positional, ...extra] = commandLine.positional;
  if (extra.length > 0) throw new InputError(`unexpected argument '${extra[0]}': one config file at most`);
  if (positional !== undefined && commandLine.configFile !== undefined) {
    throw new InputError(`both --config ${commandLine.configFile} and '${positional}' given: pass one config file`);
  }
  const configFile = commandLine.configFile ?? positional;
  // kustomize runs legacy exec plugins on a temporary copy of their config; paths in it are
  // meant relative to the kustomization, which it names in KUSTOMIZE_PLUGIN_CONFIG_ROOT.
  const pathsFrom = positional !== undefined ? env.KUSTOMIZE_PLUGIN_CONFIG_ROOT : undefined;
  const copyOf = configFile === undefined ? undefined : kustomizeCopy(configFile, env);
  const layers: Array<[string, Partial<Settings>]> = [
    ['the functionConfig', functionConfig ? settingsFromResource(functionConfig, 'functionConfig') : {}],
    [copyOf ?? `config file ${configFile}`, configFile !== undefined ? await fromConfigFile(configFile, pathsFrom, copyOf) : {}],
    ['the environment', settingsFromEnv(env)],
    ['the command line', commandLine.settings],
  ];
  const { license, application } = merge(layers);
  const fromLicense = license ? await settingsFromLicense(license) : {};
  const fromApplication = { ...inInput, ...(application ? await settingsFromApplicationFile(application) : {}) };
  const settings = readCredentialFiles(merge([['the license', fromLicense], ['the Application', fromApplication], ...layers]));
  checkConsistency(settings);
  return settings;
}

/**
 * kustomize hands a legacy exec plugin a temporary copy of its transformer config, written
 * again without comments and deleted after the run: an error names the transformer, not the copy.
 */
function kustomizeCopy(path: string, env: ConfigSources['env']): string | undefined {
  if (!basename(path).startsWith('kust-plugin-config-')) return undefined;
  return `the transformer config of the kustomization in ${env.KUSTOMIZE_PLUGIN_CONFIG_ROOT ?? '.'}`;
}

async function fromConfigFile(path: string, pathsFrom: string | undefined, copyOf: string | undefined): Promise<Partial<Settings>> {
  try {
    return await settingsFromFile(path, pathsFrom);
  } catch (e) {
    // Lines in kustomize's copy are not the lines of the user's file: the setting's name is what helps.
    if (e instanceof InputError && copyOf !== undefined) e.where = { source: copyOf, ...(e.where.field ? { field: e.where.field } : {}) };
    throw e;
  }
}

/** A credential and the setting that names a file holding it instead. */
const CREDENTIAL_FILES = [
  ['licenseId', 'licenseIdFile'],
  ['localRegistryPassword', 'localRegistryPasswordFile'],
] as const;

/** The layers over the defaults, lowest first. */
function merge(layers: ReadonlyArray<[string, Partial<Settings>]>): Settings {
  const merged = defaults();
  for (const [source, given] of layers) {
    // An empty credential is one not given (`PROXY_RENDER_LICENSE_ID=$UNSET`): it must not
    // clear the license file's ID and leave pods without a pull secret.
    const layer = { ...given };
    for (const [direct, file] of CREDENTIAL_FILES) {
      if (layer[direct] === '') delete layer[direct];
      if (layer[file] === '') delete layer[file];
      if (layer[direct] !== undefined && layer[file] !== undefined) throw new InputError(`${direct} and ${file} both set in ${source}: set one`);
      // Whichever of the two a source gives replaces both from the sources below it.
      if (layer[direct] !== undefined) merged[file] = '';
      if (layer[file] !== undefined) merged[direct] = '';
    }
    Object.assign(merged, layer);
  }
  return merged;
}

function readCredentialFiles(s: Settings): Settings {
  if (s.licenseIdFile) s.licenseId = licenseIdIn(s.licenseIdFile);
  if (s.localRegistryPasswordFile) {
    s.localRegistryPassword = readSecretFile(s.localRegistryPasswordFile, 'localRegistryPasswordFile');
  }
  for (const c of s.registryCredentials) {
    if (c.passwordFile) c.password = readSecretFile(c.passwordFile, `registryCredentials ${c.host} passwordFile`);
    if (c.password === undefined) throw new InputError(`registryCredentials: ${c.host}: needs password or passwordFile`);
  }
  return s;
}

/** Credentials must never reach stderr, a report or a result, whatever path they took there. */
export function redactor(secrets: string[]): (text: string) => string {
  return (text) => secrets.reduce((t, secret) => t.replaceAll(secret, '[redacted]'), text);
}

/** Every credential in the settings, to be redacted from anything printed. */
export function secretsOf(s: Settings): string[] {
  const values = SETTINGS.filter((spec) => spec.secret).map((spec) => s[spec.key] as string);
  return [...values, ...s.registryCredentials.map((c) => c.password ?? '')].filter((v) => v.length >= 4);
}

/**
 * The license ID in a file. An empty file, or one holding more than a single token (the whole
 * license YAML, say), is a mistake to name now rather than a pull secret that fails to pull.
 */
function licenseIdIn(path: string): string {
  const id = readSecretFile(path, 'licenseIdFile').trim();
  const source = `licenseIdFile ${path}`;
  if (id === '') throw new InputError('the file is empty: it should hold the license ID', { source });
  const problem = licenseIdProblem(id);
  if (problem) throw new InputError(`${problem}${id.includes('licenseID:') ? ' (this looks like a license file: pass it with --license)' : ''}`, { source });
  return id;
}

function checkConsistency(s: Settings): void {
  if (s.caFile && !readable(s.caFile)) throw new InputError(`cannot read ${s.caFile}`, { field: 'caFile' });
  if (Boolean(s.localRegistryUsername) !== Boolean(s.localRegistryPassword)) {
    throw new InputError('local registry credentials need both localRegistryUsername and a password (localRegistryPassword or localRegistryPasswordFile)');
  }
  if (s.localRegistryHost === '' && (s.localRegistryNamespace !== '' || s.localRegistryKeepPath)) {
    throw new InputError('localRegistryNamespace and localRegistryKeepPath need localRegistryHost (--local-registry-host)');
  }
  if (s.localRegistryHost === '' && s.private.length > 0 && s.appSlug === '') {
    throw new InputError('an app slug is needed to proxy images: pass --app-slug (or PROXY_RENDER_APP_SLUG, or appSlug in the config)');
  }
}

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
