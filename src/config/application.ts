// The KOTS Application (apiVersion kots.io/v1beta1, kind Application) that ships with a release,
// as a layer of settings: above the defaults and the license, below the functionConfig, the
// config file, the environment and flags. It comes from --application FILE or from the input.
//
//   proxyRegistryDomain        -> proxyDomain
//   replicatedRegistryDomain   -> registryDomain
//   additionalNamespaces       -> additionalNamespaces ("*": every namespace in the input)
//   proxyPublicImages: true    -> private: [all]

import { InputError } from '../kyaml/errors';
import { readKindFile, withSource } from '../kyaml/file';
import { toPlain } from '../kyaml/plain';
import { Resource } from '../kyaml/resource';
import { SETTINGS, type SettingKey, type Settings } from './schema';
import { SettingError, parseSetting } from './values';

const APPLICATION_API_VERSION = 'kots.io/v1beta1';

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
  const resource = await readKindFile(path, source, 'Application', APPLICATION_API_VERSION);
  return withSource(source, () => settingsFromApplication(resource));
}

/** The settings an Application resource gives; its fields are checked like the same settings from any front end. */
export function settingsFromApplication(resource: Resource): Partial<Settings> {
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
