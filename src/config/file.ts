// Settings from YAML: a config file (--config, or argv[1] for kustomize's legacy exec plugins)
// or the ResourceList's functionConfig. Accepted shapes: `kind: ProxyRender` with settings as
// top-level fields, a ConfigMap whose `data` holds them as strings (imperative `kpt fn eval`
// runs), and, in files only, a bare mapping of settings.

import { dirname, resolve } from 'node:path';
import { InputError } from '../kyaml/errors';
import { readResourceFile, withSource } from '../kyaml/file';
import { toPlain, type PlainValue } from '../kyaml/plain';
import { Resource } from '../kyaml/resource';
import { NeedsFullParse, type MapNode } from '../kyaml/nodes';
import { SETTINGS, type Settings } from './schema';
import { SettingError, parseSetting } from './values';

export const CONFIG_API_VERSION = 'proxy-render.dev/v1alpha1';
export const CONFIG_KIND = 'ProxyRender';
const RESOURCE_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/** Settings from a config file; relative paths in it resolve against `pathsFrom` (default: its folder). */
export async function settingsFromFile(path: string, pathsFrom = dirname(path)): Promise<Partial<Settings>> {
  const source = `config file ${path}`;
  const resource = await readResourceFile(path, source);
  if (resource === null) return {};
  return relativeTo(pathsFrom, await withSource(source, () => settingsFromResource(resource, source, true)));
}

export function settingsFromResource(resource: Resource, source: string, bareAllowed = false): Partial<Settings> {
  const { apiVersion, kind } = resource.meta();
  try {
    return resource.read((node) => {
      const at = (field: string): number => node.get(field)?.start ?? node.start;
      if (kind === 'ConfigMap') {
        const data = node.get('data');
        if (data?.type === 'opaque') throw new NeedsFullParse(data.what);
        return data?.type === 'map' ? fromMap(data, true) : {};
      }
      if (kind === CONFIG_KIND && apiVersion !== CONFIG_API_VERSION) {
        throw new InputError(`apiVersion '${apiVersion}' is not supported: use ${CONFIG_API_VERSION}`, { field: 'apiVersion' }, at('apiVersion'));
      }
      if (kind === CONFIG_KIND || (bareAllowed && kind === '' && apiVersion === '')) return fromMap(node, false);
      const problem = `kind '${kind || '(none)'}' is not a proxy-render configuration: use apiVersion ${CONFIG_API_VERSION}, kind ${CONFIG_KIND}, or a ConfigMap`;
      throw new InputError(problem, { field: 'kind' }, at('kind'));
    });
  } catch (e) {
    if (e instanceof InputError && e.where.source === undefined) e.where = { ...e.where, source, document: undefined, resource: undefined };
    throw e;
  }
}

/** Paths in a config file are relative to the file, as in a kustomization. */
function relativeTo(dir: string, settings: Partial<Settings>): Partial<Settings> {
  const out: Record<string, unknown> = { ...settings };
  for (const spec of SETTINGS) {
    const value = out[spec.key];
    if (spec.path && typeof value === 'string' && value !== '') out[spec.key] = resolve(dir, value);
  }
  if (settings.registryCredentials) {
    out.registryCredentials = settings.registryCredentials.map((c) => (c.passwordFile ? { ...c, passwordFile: resolve(dir, c.passwordFile) } : c));
  }
  return out as Partial<Settings>;
}

function fromMap(map: MapNode, stringsOnly: boolean): Partial<Settings> {
  const settings: Record<string, unknown> = {};
  for (const entry of map.entries()) {
    if (!stringsOnly && RESOURCE_FIELDS.has(entry.key)) continue;
    const spec = SETTINGS.find((s) => s.key === entry.key);
    if (!spec) {
      throw new InputError(`unknown setting '${entry.key}' (known: ${SETTINGS.map((s) => s.key).join(', ')})`, { field: entry.key }, entry.keyStart);
    }
    const raw = toPlain(entry.value);
    try {
      const value = stringsOnly && spec.type === 'objects' && typeof raw === 'string' ? (parseJsonList(raw, spec.key) as PlainValue) : raw;
      settings[spec.key] = parseSetting(spec, value);
    } catch (e) {
      if (e instanceof SettingError) {
        const item = e.item !== undefined && entry.value.type === 'seq' ? entry.value.items()[e.item] : undefined;
        throw new InputError(e.message, { field: e.item !== undefined ? `${e.key}[${e.item}]` : e.key }, (item ?? entry.value).start);
      }
      throw e;
    }
  }
  return settings as Partial<Settings>;
}

/** Structured settings in ConfigMap data are JSON strings (`images: '[{"name": "nginx", "newTag": "1"}]'`). */
function parseJsonList(raw: string, key: string): unknown[] {
  try {
    const value: unknown = JSON.parse(raw);
    if (Array.isArray(value)) return value;
  } catch {
    // reported below
  }
  throw new SettingError(key, 'expected a JSON list in ConfigMap data');
}
