// KOTS and troubleshoot kinds (kots.io/*, troubleshoot.sh/*): files of a KOTS release that are
// not cluster resources. The Application in the input configures the run (config/application.ts);
// the License and ConfigValues files answer LicenseFieldValue and ConfigOption; with
// --strip-kots-kinds these kinds are dropped from the output.

import { isApplication, settingsFromApplication } from '../config/application';
import type { Settings } from '../config/schema';
import { InputError } from '../kyaml/errors';
import { readKindFile, withSource } from '../kyaml/file';
import type { YNode } from '../kyaml/nodes';
import { toPlain, type PlainValue } from '../kyaml/plain';
import { Resource, type ResourceMeta } from '../kyaml/resource';
import { resourceResult, type Result } from '../kyaml/results';
import type { Classification } from '../image/patterns';
import type { ImageReference } from '../image/reference';
import { kotsFunctions, type ConfigItemValue, type KotsContext, type LicenseFields } from '../template/kots-functions';
import { renderKotsTemplate } from '../template/kots-text';
import { sprigFuncs } from '../template/sprig';
import type { Change } from './changes';
import { chartSource, isHelmChart, renderHelmCharts, type Funcs } from './helmchart-values';
import type { ImagePolicy } from './images';

const KOTS_GROUP_PREFIXES = ['kots.io/', 'troubleshoot.sh/'];

function isKotsKind(meta: Pick<ResourceMeta, 'apiVersion'>): boolean {
  return KOTS_GROUP_PREFIXES.some((prefix) => meta.apiVersion.startsWith(prefix));
}

/** The resources of KOTS and troubleshoot kinds. */
export function kotsResources(resources: readonly Resource[]): Resource[] {
  return resources.filter((resource) => isKotsKind(resource.typeMeta()));
}

/** Settings from the input's Application (the first one, with a warning when there are more). */
export function applicationInInput(kots: readonly Resource[]): { settings?: Partial<Settings>; results: Result[] } {
  const applications: Resource[] = [];
  for (const resource of kots) if (isApplication(resource.meta())) applications.push(resource);
  const [first, ...others] = applications;
  if (!first) return { results: [] };
  const results = others.map((r) =>
    resourceResult(r, 'warning', `ignored: only the first Application in the input (${first.doc.number === r.doc.number ? 'same document' : `document ${first.doc.number}`}) configures the run`),
  );
  return { settings: settingsFromApplication(first), results };
}

/**
 * `*` in additionalNamespaces (an Application's "all namespaces") as far as a renderer can
 * honour it: every namespace the input names (resources' namespaces, Namespace objects, the
 * --namespace), and the release namespace (resources without one). KOTS copies the Secret to
 * namespaces created later too, at run time; a renderer cannot.
 */
export function expandAllNamespaces(settings: Settings, resources: readonly Resource[]): Settings {
  if (!settings.additionalNamespaces.includes('*')) return settings;
  const namespaces = new Set(settings.additionalNamespaces.filter((ns) => ns !== '*'));
  namespaces.add(settings.namespace);
  for (const resource of resources) {
    const meta = resource.meta();
    namespaces.add(meta.namespace);
    if (meta.kind === 'Namespace' && meta.apiVersion === 'v1' && meta.name) namespaces.add(meta.name);
  }
  return { ...settings, additionalNamespaces: [...namespaces].sort() };
}

/** What the KOTS kinds of the input ask for: HelmChart values rendered, or with --strip-kots-kinds, all of them dropped. */
export async function applyKotsKinds(kots: readonly Resource[], s: Settings, policy: ImagePolicy): Promise<{ changes: Change[]; results: Result[] }> {
  if (s.stripKotsKinds) return stripKotsKinds(kots);
  const charts: Resource[] = [];
  for (const resource of kots) if (isHelmChart(resource.meta())) charts.push(resource);
  if (charts.length === 0) return { changes: [], results: [] };
  return renderHelmCharts(charts, await kotsTemplateFunctions(s, policy, kots));
}

/**
 * The template functions of a run: sprig, Go's builtins and the KOTS functions, answering from
 * the settings, the license file, the ConfigValues file and, for items it does not set, the
 * release's Config among `kots` (its items' literal `value` and `default`). LocalImageName asks
 * `policy` which images are private, as the images transform does; with --detect the images it
 * is called with are collected by a first render of the HelmCharts among `kots`, and probed
 * together.
 */
export async function kotsTemplateFunctions(s: Settings, policy: ImagePolicy, kots: readonly Resource[] = []): Promise<Funcs> {
  const charts: Resource[] = [];
  const configs: Resource[] = [];
  for (const resource of kots) {
    const meta = resource.meta();
    if (isHelmChart(meta)) charts.push(resource);
    else if (meta.kind === 'Config' && meta.apiVersion === 'kots.io/v1beta1') configs.push(resource);
  }
  const defaults = Object.assign({}, ...(await Promise.all(configs.map(configItems)))) as Record<string, ConfigItemValue>;
  const given = s.configValues ? await readConfigValues(s.configValues) : {};
  const config: Record<string, ConfigItemValue> = { ...defaults };
  for (const [name, item] of Object.entries(given)) config[name] = { ...defaults[name], ...item };
  const context: Omit<KotsContext, 'classify'> = {
    settings: s,
    ...(s.license ? { license: await readLicenseFields(s.license) } : {}),
    config,
  };
  const notListed: Classification = { verdict: 'public', why: 'not matched by --private' };
  let classify = (ref: ImageReference): Classification => policy.select(ref) ?? notListed;
  if (s.detect && !s.localRegistryHost && charts.length > 0) {
    const asked = new Map<string, ImageReference>();
    const recording = kotsFunctions({ ...context, classify: (ref) => (asked.set(JSON.stringify(ref), ref), notListed) });
    for (const chart of charts) {
      try {
        renderKotsTemplate(chartSource(chart).text, { ...sprigFuncs, ...recording });
      } catch {
        // The real render reports it.
      }
    }
    const rest = await policy.decideRest([...asked.values()].filter((ref) => policy.select(ref) === undefined));
    classify = (ref) => policy.select(ref) ?? rest(ref);
  }
  return { ...sprigFuncs, ...kotsFunctions({ ...context, classify }) };
}

/** --strip-kots-kinds: each KOTS or troubleshoot resource leaves the output; the report lists them. */
export function stripKotsKinds(kots: readonly Resource[]): { changes: Change[]; results: Result[] } {
  const changes: Change[] = [];
  for (const resource of kots) {
    const meta = resource.meta();
    dropResource(resource);
    changes.push({ resource, field: '(resource)', from: `${meta.apiVersion} ${meta.kind}`, to: 'dropped', why: '--strip-kots-kinds: not a cluster resource' });
  }
  return { changes, results: [] };
}

/**
 * Removes a resource from the output: a whole document of a stream (its `---` line included),
 * or an item of a List or ResourceList (its `- ` line, or its JSON text and one comma). Other
 * edits to the same document are dropped with it.
 */
function dropResource(resource: Resource): void {
  const { doc } = resource;
  if (resource.steps.length === 0) {
    doc.edits.length = 0;
    doc.edit(0, doc.text.length, '');
    return;
  }
  const node = resource.read((n) => n);
  for (let i = doc.edits.length - 1; i >= 0; i--) {
    const e = doc.edits[i]!;
    // Edits inside the item go with it; an insertion right after it (a new item) stays.
    if (e.start >= node.start && e.start < node.end && e.end <= node.end) doc.edits.splice(i, 1);
  }
  const { text } = doc;
  if (node.flow) {
    const after = /^\s*,\s*/.exec(text.slice(node.end));
    if (after) return doc.edit(node.start, node.end + after[0].length, '');
    const before = /,\s*$/.exec(text.slice(0, node.start));
    return doc.edit(before ? node.start - before[0].length : node.start, node.end, '');
  }
  // A block item: from the end of the line before its `-` to the end of its text, so that an
  // item added after it (a new Secret) still lands at the end of the sequence.
  const dash = text.lastIndexOf('-', node.start);
  const lineBefore = text.lastIndexOf('\n', dash);
  doc.edit(lineBefore < 0 ? 0 : lineBefore, node.end, '');
}

/** LicenseFieldValue's source: the license file's spec fields and entitlements, as written. */
async function readLicenseFields(path: string): Promise<LicenseFields> {
  const spec = await readKotsFile(path, 'License', `license file ${path}`);
  const fields: Record<string, string> = {};
  const entitlements: Record<string, string> = {};
  for (const [key, value] of Object.entries(spec)) if (typeof value === 'string') fields[key] = value;
  const declared = spec.entitlements;
  if (declared !== null && typeof declared === 'object' && !Array.isArray(declared)) {
    for (const [name, entitlement] of Object.entries(declared)) {
      const value = entitlement !== null && typeof entitlement === 'object' && !Array.isArray(entitlement) ? entitlement.value : undefined;
      if (typeof value === 'string') entitlements[name] = value;
    }
  }
  return { spec: fields, entitlements };
}

/**
 * The items of a Config (`spec.groups[].items[]`) with the `value` and `default` written there. Templated ones are left out: KOTS renders them in an
 * order of their own, with functions (RandomString, TLS...) a renderer should not run.
 */
async function configItems(config: Resource): Promise<Record<string, ConfigItemValue>> {
  const spec = config.read((node) => {
    const value = node.get('spec');
    return value?.type === 'map' ? toPlain(value) : null;
  });
  const items: Record<string, ConfigItemValue> = {};
  const literal = (value: PlainValue | undefined): string | undefined =>
    typeof value === 'string' && !value.includes('{{repl') && !value.includes('repl{{') ? value : undefined;
  const groups = spec !== null && !Array.isArray(spec) && typeof spec === 'object' ? spec.groups : undefined;
  for (const group of Array.isArray(groups) ? groups : []) {
    const list = group !== null && typeof group === 'object' && !Array.isArray(group) ? group.items : undefined;
    for (const item of Array.isArray(list) ? list : []) {
      if (item === null || typeof item !== 'object' || Array.isArray(item) || typeof item.name !== 'string') continue;
      const value = literal(item.value);
      const fallback = literal(item.default);
      items[item.name] = { ...(value !== undefined ? { value } : {}), ...(fallback !== undefined ? { default: fallback } : {}) };
    }
  }
  return items;
}

/** ConfigOption's source: `spec.values.<name>` of a ConfigValues file (value, or valuePlaintext; default; filename). */
async function readConfigValues(path: string): Promise<Record<string, ConfigItemValue>> {
  const spec = await readKotsFile(path, 'ConfigValues', `config values file ${path}`);
  const items: Record<string, ConfigItemValue> = {};
  const values = spec.values;
  if (values === null || values === undefined) return items;
  if (typeof values !== 'object' || Array.isArray(values)) throw new InputError('expected a mapping', { source: `config values file ${path}`, field: 'spec.values' });
  for (const [name, item] of Object.entries(values)) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
    const text = (key: string): string | undefined => (typeof item[key] === 'string' ? (item[key] as string) : undefined);
    const value = text('value') || text('valuePlaintext');
    items[name] = { ...(value !== undefined ? { value } : {}), ...optional('default', text('default')), ...optional('filename', text('filename')) };
  }
  return items;
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/** A kots.io file's `spec` as plain data, after checking its kind. */
async function readKotsFile(path: string, kind: string, source: string): Promise<Record<string, PlainValue>> {
  const resource = await readKindFile(path, source, kind);
  return withSource(source, () =>
    resource.read((node) => {
      const spec: YNode | undefined = node.get('spec');
      if (spec === undefined || (spec.type === 'scalar' && spec.value === null)) return {};
      if (spec.type !== 'map') throw new InputError('expected a mapping', { field: 'spec' }, spec.start);
      return toPlain(spec) as Record<string, PlainValue>;
    }),
  );
}
