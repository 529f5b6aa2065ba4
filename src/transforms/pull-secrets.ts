// Pods that pull through the proxy (or the local registry) need credentials: one
// kubernetes.io/dockerconfigjson Secret per namespace where such a pod runs, and
// `imagePullSecrets` naming it in every such pod spec.

import type { Settings } from '../config/schema';
import { parseImageReference, registryHost, canonicalHost } from '../image/reference';
import type { Plain } from '../kyaml/emit';
import { InputError } from '../kyaml/errors';
import { addEntry, addResources, appendItem, replaceNull } from '../kyaml/insert';
import { NeedsFullParse, describeNode, type MapNode } from '../kyaml/nodes';
import type { YamlDocument } from '../kyaml/document';
import { lookup, type FieldPath } from '../kyaml/path';
import type { Package } from '../kyaml/read';
import { scalarText, type Resource } from '../kyaml/resource';
import { resourceResult, type Result } from '../kyaml/results';
import { setScalar } from '../kyaml/scalar';
import type { Change } from './changes';
import type { ImageOutcome } from './images';
import { dockerConfigJson, pullSecretAuths, pullSecretName } from './registry-auth';

const SECRET_TYPE = 'kubernetes.io/dockerconfigjson';
const HOOK = 'helm.sh/hook';
const HELM4_FILENAME = 'postrenderer.helm.sh/postrender-filename';
const GENERATED_SOURCE = 'proxy-render/pull-secret.yaml';

export interface PullSecretOutcome {
  changes: Change[];
  results: Result[];
}

interface Holder {
  resource: Resource;
  /** The pod spec (or custom resource spec) that lists the secret. */
  at: FieldPath;
  /** The image that makes this pod spec need the secret, for the report. */
  because: string;
  /** Whether it pulls from a host the secret covers (`--inject-pull-secret all` also lists it where none does). */
  pulls: boolean;
}

const ROOT: FieldPath = { text: '', segments: [] };

export function addPullSecrets(pkg: Package, images: ImageOutcome, s: Settings): PullSecretOutcome {
  const outcome: PullSecretOutcome = { changes: [], results: [] };
  const name = pullSecretName(s);
  const auths = pullSecretAuths(s);
  const injectOnly = auths.length === 0 && s.pullSecretName !== '';
  const covered = new Set((injectOnly ? [s.proxyDomain, s.registryDomain, s.localRegistryHost] : auths.map((a) => a.host)).filter(Boolean).map(canonicalHost));

  if (auths.length === 0 && !injectOnly) {
    const local = s.localRegistryHost !== '';
    const target = canonicalHost(local ? s.localRegistryHost : s.proxyDomain);
    if (images.fields.some((f) => f.decision.kind === 'rewritten' && hostOf(f.decision.to) === target)) {
      const how = local ? 'pass --local-registry-username and a password if the registry needs a login' : 'pass --license (or --license-id) to create the pull secret';
      const message = `images now pull from ${local ? 'the local registry' : 'the proxy'} but no credentials were given, so no pull secret was made: ${how}, or --pull-secret-name to name one you manage`;
      outcome.results.push({ message, severity: 'info' });
    }
    return outcome;
  }

  // With injection off the Secret is still made where those pods run: the chart names it itself.
  const holders = needingSecret(images, s.injectPullSecret === 'none' ? 'rewritten' : s.injectPullSecret, covered);
  const namespaces = new Map<string, { hook: boolean }>();
  for (const holder of holders.values()) {
    const meta = holder.resource.meta();
    const ns = namespaces.get(releaseRelative(meta.namespace, s)) ?? { hook: false };
    // Only a hook that pulls with the secret needs it before the release's own resources exist.
    ns.hook ||= holder.pulls && meta.annotations[HOOK] !== undefined;
    namespaces.set(releaseRelative(meta.namespace, s), ns);
    if (s.injectPullSecret !== 'none' && addPullSecretRef(holder.resource, holder.at, name)) {
      outcome.changes.push({ resource: holder.resource, field: fieldName(holder.at), from: '', to: name, why: `pulls ${holder.because}` });
    }
  }
  if (injectOnly) return outcome;
  const podNamespaces = new Set(namespaces.keys());
  for (const extra of s.additionalNamespaces) {
    const ns = releaseRelative(extra, s);
    if (!namespaces.has(ns)) namespaces.set(ns, { hook: false });
  }

  if (s.injectServiceAccounts) {
    for (const resource of mentioning(pkg, 'ServiceAccount')) {
      const meta = resource.meta();
      if (meta.kind !== 'ServiceAccount' || !namespaces.has(releaseRelative(meta.namespace, s))) continue;
      if (addPullSecretRef(resource, ROOT, name)) {
        outcome.changes.push({ resource, field: 'imagePullSecrets', from: '', to: name, why: '--inject-service-accounts' });
      }
    }
  }

  const config = Buffer.from(dockerConfigJson(auths)).toString('base64');
  const existing = new Set<string>();
  for (const resource of mentioning(pkg, name)) {
    const meta = resource.meta();
    if (meta.kind !== 'Secret' || meta.name !== name) continue;
    const ns = releaseRelative(meta.namespace, s);
    existing.add(ns);
    if (namespaces.get(ns)?.hook && meta.annotations[HOOK] === undefined) {
      const message = 'hook pods in this namespace pull with this Secret, but it is no hook: Helm runs pre-install and pre-upgrade hooks before it creates or updates it. Make it a pre-install,pre-upgrade hook, or leave it out and proxy-render makes one';
      outcome.results.push(resourceResult(resource, 'warning', message));
    }
    if (updateSecret(resource, config)) {
      outcome.changes.push({ resource, field: 'data..dockerconfigjson', from: 'existing Secret', to: 'credentials replaced', why: 'a Secret of that name was in the input' });
      outcome.results.push(resourceResult(resource, 'info', `already in the input: type and .dockerconfigjson ${s.dryRun ? 'would be replaced' : 'replaced'} by proxy-render`));
    }
  }

  const helm4 = anyHasAnnotation(pkg, HELM4_FILENAME);
  const created = [...namespaces].filter(([ns]) => !existing.has(ns)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  addResources(
    pkg,
    created.map(([ns, { hook }]) => secretResource(name, ns, config, hook, helm4)),
    GENERATED_SOURCE,
  );
  // Secrets (made here, or the chart's own) for pods that name a namespace beside pods that name
  // none: without --namespace, the one namespace may be the other.
  const secrets = new Set([...created.map(([ns]) => ns), ...existing]);
  const named = [...secrets].filter((ns) => ns !== '' && (podNamespaces.has(ns) || existing.has(ns))).sort();
  if (s.namespace === '' && named.length > 0 && secrets.has('')) {
    outcome.results.push({
      message: `Secret ${name} goes to the install namespace (for resources that name none) and to ${named.join(', ')}: installed into ${named.length === 1 ? 'that namespace' : 'one of those'}, two Secrets of one name collide. Pass --namespace with the install namespace to make one`,
      severity: 'warning',
    });
  }
  for (const [ns, { hook }] of created) {
    outcome.results.push({
      message: `${s.dryRun ? 'would be created' : 'created'} (${SECRET_TYPE}${hook ? ', as a pre-install,pre-upgrade hook because hook pods need it' : ''})`,
      severity: 'info',
      resourceRef: { apiVersion: 'v1', kind: 'Secret', name, ...(ns ? { namespace: ns } : {}) },
    });
  }
  return outcome;
}

/**
 * A namespace as where the Secret goes: '' for the install namespace (`--namespace`), where
 * resources without one land, so that it gets one Secret, not one with and one without.
 */
function releaseRelative(namespace: string, s: Settings): string {
  return namespace === s.namespace ? '' : namespace;
}

function fieldName(at: FieldPath): string {
  return [...at.segments.map((seg) => seg.key), 'imagePullSecrets'].join('.');
}

/** Resources whose document text contains `word`: a cheap filter before reading identities. */
function mentioning(pkg: Package, word: string): Resource[] {
  const hits = new Map<YamlDocument, boolean>();
  return pkg.resources.filter((r) => {
    if (!hits.has(r.doc)) hits.set(r.doc, r.doc.text.includes(word));
    return hits.get(r.doc)!;
  });
}

function hostOf(image: string): string | undefined {
  const parsed = parseImageReference(image);
  return parsed.ok ? registryHost(parsed.ref) : undefined;
}

/** Pod specs (by resource and path) that need the secret under the injection mode. */
function needingSecret(images: ImageOutcome, mode: 'rewritten' | 'all', covered: Set<string>): Map<string, Holder> {
  const holders = new Map<string, Holder>();
  const ids = new Map<Resource, number>();
  for (const field of images.fields) {
    if (!field.pullSecretsIn) continue;
    const image = field.decision.kind === 'rewritten' ? field.decision.to : field.image;
    const host = hostOf(image);
    const pulls = host !== undefined && covered.has(host);
    if (mode !== 'all' && !pulls) continue;
    if (!ids.has(field.resource)) ids.set(field.resource, ids.size);
    const key = `${ids.get(field.resource)}:${field.pullSecretsIn.text}`;
    const holder = holders.get(key);
    if (holder === undefined) holders.set(key, { resource: field.resource, at: field.pullSecretsIn, because: host ? `from ${host}` : image, pulls });
    else if (pulls && !holder.pulls) Object.assign(holder, { because: `from ${host}`, pulls });
  }
  return holders;
}

/** Adds `{name}` to the mapping's imagePullSecrets unless it is there; true when it changed. */
function addPullSecretRef(resource: Resource, at: FieldPath, name: string): boolean {
  const { doc } = resource;
  return resource.read((root) => {
    const holder = lookup(root, at)[0]?.node;
    if (holder?.type !== 'map') return false;
    const list = holder.get('imagePullSecrets');
    if (list?.type === 'opaque') throw new NeedsFullParse(list.what);
    if (list === undefined) addEntry(doc, holder, 'imagePullSecrets', [{ name }]);
    else if (list.type === 'scalar' && list.value === null) replaceNull(doc, list, [{ name }]);
    else if (list.type === 'seq') {
      const names = list.items().map((item) => {
        if (item.type === 'opaque') throw new NeedsFullParse(item.what);
        return item.type === 'map' ? scalarText(item.get('name'), `${fieldName(at)}[].name`) : undefined;
      });
      if (names.includes(name)) return false;
      appendItem(doc, list, { name });
    } else {
      throw new InputError(`expected a sequence of {name: ...}, found ${describeNode(list)}`, { field: fieldName(at) }, list.start);
    }
    return true;
  });
}

/** Puts our type and credentials into a Secret of the input; true when that changed it. */
function updateSecret(resource: Resource, config: string): boolean {
  const { doc } = resource;
  return resource.read((root: MapNode) => {
    const type = root.get('type');
    const data = root.get('data');
    const stringData = root.get('stringData');
    for (const node of [type, data, stringData]) if (node?.type === 'opaque') throw new NeedsFullParse(node.what);
    let changed = false;
    // data first: a null `data:` at the end and a new `type:` line would share one offset.
    if (data === undefined) {
      addEntry(doc, root, 'data', { '.dockerconfigjson': config });
      changed = true;
    } else if (data.type === 'scalar' && data.value === null) {
      replaceNull(doc, data, { '.dockerconfigjson': config });
      changed = true;
    } else if (data.type === 'map') {
      const current = data.get('.dockerconfigjson');
      if (current?.type === 'opaque') throw new NeedsFullParse(current.what);
      if (current?.type !== 'scalar' || current.value !== config) {
        if (current?.type === 'scalar') setScalar(doc, current, config);
        else addEntry(doc, data, '.dockerconfigjson', config);
        changed = true;
      }
    } else throw new InputError(`expected a mapping, found ${describeNode(data)}`, { field: 'data' }, data.start);
    // The API server lets stringData override data: an old plain-text config there would win.
    const plain = stringData?.type === 'map' ? stringData.get('.dockerconfigjson') : undefined;
    if (plain?.type === 'opaque') throw new NeedsFullParse(plain.what);
    const decoded = Buffer.from(config, 'base64').toString('utf8');
    if (plain?.type === 'scalar' && plain.value !== decoded) {
      setScalar(doc, plain, decoded);
      changed = true;
    }
    if (type === undefined) {
      addEntry(doc, root, 'type', SECRET_TYPE);
      changed = true;
    } else if (type.type === 'scalar' && type.value !== SECRET_TYPE) {
      setScalar(doc, type, SECRET_TYPE);
      changed = true;
    }
    return changed;
  });
}

function secretResource(name: string, namespace: string, config: string, hook: boolean, helm4: boolean): Plain {
  const annotations: Record<string, string> = {};
  if (hook) {
    annotations[HOOK] = 'pre-install,pre-upgrade';
    annotations['helm.sh/hook-weight'] = '-9999';
    annotations['helm.sh/hook-delete-policy'] = 'before-hook-creation';
  }
  if (helm4) annotations[HELM4_FILENAME] = GENERATED_SOURCE;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      labels: { 'app.kubernetes.io/managed-by': 'proxy-render' },
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    type: SECRET_TYPE,
    data: { '.dockerconfigjson': config },
  };
}

function anyHasAnnotation(pkg: Package, annotation: string): boolean {
  return mentioning(pkg, annotation).some((r) => r.meta().annotations[annotation] !== undefined);
}
