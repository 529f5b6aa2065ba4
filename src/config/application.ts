// The KOTS Application (apiVersion kots.io/v1beta1, kind Application) that ships with a release,
// as a layer of settings: above the defaults and the license, below the functionConfig, the
// config file, the environment and flags. It comes from --application FILE or from the input.
//
//   proxyRegistryDomain        -> proxyDomain
//   replicatedRegistryDomain   -> registryDomain
//   additionalNamespaces       -> additionalNamespaces ("*": every namespace in the input)
//   proxyPublicImages: true    -> private: [all]

import { readFile } from 'node:fs/promises';
import { YamlDocument } from '../kyaml/document';
import { InputError } from '../kyaml/errors';
import { toPlain } from '../kyaml/plain';
import { Resource } from '../kyaml/resource';
import { SETTINGS, type SettingKey, type Settings } from './schema';
import { SettingError, parseSetting } from './values';

export const APPLICATION_API_VERSION = 'kots.io/v1beta1';

const FIELDS: Array<[field: string, key: SettingKey]> = [
  ['proxyRegistryDomain', 'proxyDomain'],
  ['replicatedRegistryDomain', 'registryDomain'],
  ['additionalNamespaces', 'additionalNamespaces'],
];

export function isApplication(meta: { apiVersion: string; kind: string }): boolean {
  return meta.kind === 'Application' && meta.apiVersion === APPLICATION_API_VERSION;
}

export async function settingsFromApplicationFile(path: string): Promise<Partial<Settings>> {
  const source = `application file ${path}`;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { source });
  }
  const doc = new YamlDocument(text, 1);
  try {
    if ((await doc.root()) === null) throw new InputError('the file is empty');
    const resource = new Resource(doc);
    const meta = await resource.meta();
    if (!isApplication(meta)) {
      throw new InputError(`expected apiVersion ${APPLICATION_API_VERSION}, kind Application; found ${meta.apiVersion || '(none)'} ${meta.kind || '(none)'}`, { field: 'kind' });
    }
    return await settingsFromApplication(resource);
  } catch (e) {
    if (e instanceof InputError) e.where = { ...e.where, source };
    throw e;
  }
}

/** The settings an Application resource gives; its fields are checked like the same settings from any front end. */
export async function settingsFromApplication(resource: Resource): Promise<Partial<Settings>> {
  return resource.read((node) => {
    const settings: Record<string, unknown> = {};
    const spec = node.get('spec');
    if (spec?.type !== 'map') return {};
    for (const [field, key] of FIELDS) {
      const value = spec.get(field);
      if (value === undefined || (value.type === 'scalar' && value.value === null)) continue;
      try {
        settings[key] = parseSetting(SETTINGS.find((s) => s.key === key)!, toPlain(value));
      } catch (e) {
        if (e instanceof SettingError) throw new InputError(e.message, { field: `spec.${field}` }, value.start);
        throw e;
      }
    }
    const proxyPublic = spec.get('proxyPublicImages');
    if (proxyPublic?.type === 'scalar' && proxyPublic.value !== null) {
      if (!['true', 'false'].includes(proxyPublic.value)) {
        throw new InputError(`expected true or false, got ${JSON.stringify(proxyPublic.value)}`, { field: 'spec.proxyPublicImages' }, proxyPublic.start);
      }
      if (proxyPublic.value === 'true') settings.private = ['all'];
    }
    return settings as Partial<Settings>;
  });
}
