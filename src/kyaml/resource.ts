// A Kubernetes resource inside the input: a document's root mapping, or an item of a List or
// ResourceList, located by the steps from the document root. Its identity (kind, name,
// annotations) is read on demand and cached.

import type { YamlDocument } from './document';
import { InputError } from './errors';
import { pathTrie, type FoundScalar } from './find';
import { NeedsFullParse, describeNode, type MapNode, type YNode } from './nodes';
import { parseFieldPath } from './path';

export type Step = string | number;

export interface TypeMeta {
  apiVersion: string;
  kind: string;
}

export interface ResourceMeta extends TypeMeta {
  name: string;
  namespace: string;
  annotations: Readonly<Record<string, string>>;
}

// What identifies a resource, read without a tree where the text allows; annotations are only
// noted as present, and then read from the tree.
const IDENTITY = pathTrie(['apiVersion', 'kind', 'metadata/name', 'metadata/namespace', 'metadata/annotations'].map(parseFieldPath), new Set([4]));

export class Resource {
  private cachedMeta: ResourceMeta | undefined;
  private cachedType: TypeMeta | undefined;

  constructor(
    readonly doc: YamlDocument,
    readonly steps: readonly Step[] = [],
  ) {}

  /** The resource that is `doc`'s root mapping; undefined for a document with no content. */
  static ofDocument(doc: YamlDocument): Resource | undefined {
    const found = doc.find(IDENTITY);
    if (found === null || (found === undefined && doc.root() === null)) return undefined;
    const resource = new Resource(doc);
    if (found) resource.identify(found);
    return resource;
  }

  private identify(found: readonly FoundScalar[]): void {
    const values = ['', '', '', ''];
    let annotated = false;
    for (const f of found) {
      if (f.path === 4) annotated = true;
      else values[f.path] = f.node!.value ?? '';
    }
    const [apiVersion, kind, name, namespace] = values as [string, string, string, string];
    this.cachedType = { apiVersion, kind };
    if (!annotated) this.cachedMeta = { apiVersion, kind, name, namespace, annotations: {} };
  }

  read<T>(read: (node: MapNode) => T): T {
    try {
      return this.doc.read((root) => read(follow(root, this.steps)));
    } catch (e) {
      // Name the resource in messages once its identity is known.
      if (e instanceof InputError && this.cachedMeta && e.where.resource === undefined) e.where.resource = this.label();
      throw e;
    }
  }

  meta(): ResourceMeta {
    if (this.cachedMeta === undefined) {
      const type = this.typeMeta();
      this.cachedMeta = this.read((node) => readMeta(node, type));
    }
    return this.cachedMeta;
  }

  /** apiVersion and kind only: cheaper than meta(), which also reads metadata. */
  typeMeta(): TypeMeta {
    this.cachedType ??= this.cachedMeta ?? this.read(readTypeMeta);
    return this.cachedType;
  }

  /** `Kind namespace/name`, for messages. */
  label(): string {
    const m = this.meta();
    const name = m.namespace ? `${m.namespace}/${m.name}` : m.name;
    return `${m.kind || 'resource'}${name ? ` ${name}` : ''}`;
  }
}

function follow(root: MapNode, steps: readonly Step[]): MapNode {
  let node: YNode = root;
  for (const step of steps) {
    const next: YNode | undefined =
      typeof step === 'number' ? (node.type === 'seq' ? node.items()[step] : undefined) : node.type === 'map' ? node.get(step) : undefined;
    if (next === undefined) throw new Error(`resource moved: no ${String(step)}`);
    node = next;
  }
  if (node.type !== 'map') throw new Error('resource is not a mapping');
  return node;
}

/** The string in a scalar field, undefined when absent or null. */
export function scalarText(node: YNode | undefined, field: string): string | undefined {
  if (node === undefined) return undefined;
  if (node.type === 'scalar') return node.value ?? undefined;
  if (node.type === 'opaque') throw new NeedsFullParse(node.what);
  throw new InputError(`expected a string, found ${describeNode(node)}`, { field }, node.start);
}

function readTypeMeta(node: MapNode): TypeMeta {
  return { apiVersion: scalarText(node.get('apiVersion'), 'apiVersion') ?? '', kind: scalarText(node.get('kind'), 'kind') ?? '' };
}

function readMeta(node: MapNode, type: TypeMeta): ResourceMeta {
  const metadata = node.get('metadata');
  const meta = metadata?.type === 'map' ? metadata : undefined;
  if (metadata?.type === 'opaque') throw new NeedsFullParse(metadata.what);
  const annotations: Record<string, string> = {};
  const annotationsNode = meta?.get('annotations');
  if (annotationsNode?.type === 'opaque') throw new NeedsFullParse(annotationsNode.what);
  if (annotationsNode?.type === 'map') {
    for (const entry of annotationsNode.entries()) {
      const value = scalarText(entry.value, `metadata.annotations.${entry.key}`);
      if (value !== undefined) annotations[entry.key] = value;
    }
  }
  return {
    ...type,
    name: scalarText(meta?.get('name'), 'metadata.name') ?? '',
    namespace: scalarText(meta?.get('namespace'), 'metadata.namespace') ?? '',
    annotations,
  };
}
