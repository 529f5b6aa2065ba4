// Where pod specs and images live, as field paths. Kinds are matched by name the way KOTS
// does it: Pod and CronJob have their own paths, PodTemplate its `template`, and every
// other kind (Deployment, StatefulSet, Job, Argo Rollout, Knative Service...) keeps its pod
// spec at spec.template.spec.

import { pathTrie, type PathTrie } from '../kyaml/find';
import { joinFieldPaths, parseFieldPath, type FieldPath } from '../kyaml/path';
import type { TypeMeta } from '../kyaml/resource';
import type { ImageFieldSpec } from '../config/schema';

const POD_SPEC_BY_KIND: Record<string, FieldPath> = {
  Pod: parseFieldPath('spec'),
  CronJob: parseFieldPath('spec/jobTemplate/spec/template/spec'),
  PodTemplate: parseFieldPath('template/spec'),
};
const POD_SPEC = parseFieldPath('spec/template/spec');

const IMAGES_IN_POD_SPEC = [
  'containers[]/image',
  'initContainers[]/image',
  'ephemeralContainers[]/image',
  'volumes[]/image/reference',
].map(parseFieldPath);

interface BuiltinFieldSpec extends ImageFieldSpec {
  /** Where the resource lists its image pull secrets. */
  pullSecretsIn: string;
}

/** Custom resources that carry images outside a pod spec, found in common operators' kinds. */
const BUILTIN_IMAGE_FIELDS: BuiltinFieldSpec[] = ['Prometheus', 'PrometheusAgent', 'Alertmanager', 'ThanosRuler'].flatMap((kind) =>
  ['spec/image', 'spec/containers[]/image', 'spec/initContainers[]/image'].map((path) => ({ group: 'monitoring.coreos.com', kind, path, pullSecretsIn: 'spec' })),
);
BUILTIN_IMAGE_FIELDS.push({ group: 'monitoring.coreos.com', kind: 'Prometheus', path: 'spec/thanos/image', pullSecretsIn: 'spec' });

/** Every built-in image path of any kind: what readPackage can read on its first walk. */
export const BUILTIN_IMAGE_PATHS: readonly FieldPath[] = [
  ...[...Object.values(POD_SPEC_BY_KIND), POD_SPEC].flatMap((podSpec) => IMAGES_IN_POD_SPEC.map((inPod) => joinFieldPaths(podSpec, inPod))),
  ...BUILTIN_IMAGE_FIELDS.map((spec) => parseFieldPath(spec.path)),
];

/** Kinds whose contents are never images, whatever their fields are called. */
const NEVER_IMAGES = new Set(['CustomResourceDefinition', 'ConfigMap', 'Secret']);

function podSpecPath(kind: string): FieldPath {
  return POD_SPEC_BY_KIND[kind] ?? POD_SPEC;
}

export interface ImageFieldPath {
  path: FieldPath;
  /** The mapping whose `imagePullSecrets` covers this image: the pod spec, or a custom resource's spec. */
  pullSecretsIn?: FieldPath;
}

/** The image fields of one type of resource, and the same paths as a trie to read them with. */
export interface ImageFields {
  fields: ImageFieldPath[];
  trie: PathTrie;
}

export interface ImageLocator {
  fieldsOf(type: TypeMeta): ImageFields;
}

export function imageLocator(userFields: readonly ImageFieldSpec[]): ImageLocator {
  const specs = [...BUILTIN_IMAGE_FIELDS, ...userFields].map((spec: ImageFieldSpec & { pullSecretsIn?: string }) => ({
    ...spec,
    fieldPath: parseFieldPath(spec.path),
    holder: spec.pullSecretsIn === undefined ? undefined : parseFieldPath(spec.pullSecretsIn),
  }));
  // By apiVersion, then kind: asked once per resource, so no key is built for the asking.
  const byType = new Map<string, Map<string, ImageFields>>();
  return {
    fieldsOf(type) {
      let byKind = byType.get(type.apiVersion);
      if (!byKind) byType.set(type.apiVersion, (byKind = new Map()));
      let found = byKind.get(type.kind);
      if (!found) {
        const fields = fieldsOfType(type);
        byKind.set(type.kind, (found = { fields, trie: pathTrie(fields.map((f) => f.path)) }));
      }
      return found;
    },
  };

  function fieldsOfType(type: TypeMeta): ImageFieldPath[] {
    if (NEVER_IMAGES.has(type.kind)) return [];
    const podSpec = podSpecPath(type.kind);
    const fields: ImageFieldPath[] = IMAGES_IN_POD_SPEC.map((inPod) => ({ path: joinFieldPaths(podSpec, inPod), pullSecretsIn: podSpec }));
    const [group, version] = splitApiVersion(type.apiVersion);
    for (const spec of specs) {
      if (spec.kind !== undefined && spec.kind !== type.kind) continue;
      if (spec.group !== undefined && spec.group !== group) continue;
      if (spec.version !== undefined && spec.version !== version) continue;
      fields.push({ path: spec.fieldPath, ...(spec.holder ? { pullSecretsIn: spec.holder } : {}) });
    }
    return fields;
  }
}

function splitApiVersion(apiVersion: string): [string, string] {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}
