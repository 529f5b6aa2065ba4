// A Kubernetes resource inside the input: a document's root mapping, or an item of a List or
// ResourceList, located by the steps from the document root. Its identity (kind, name,
// annotations) is read on demand and cached.

import type { YamlDocument } from './document';
import { InputError } from './errors';
import { pathTrie, type FoundScalar, type PathTrie } from './find';
import { NeedsFullParse, describeNode, type MapNode, type ScalarNode, type YNode } from './nodes';
import { lookup, parseFieldPath } from './path';

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
    let apiVersion = '';
    let kind = '';
    let name = '';
    let namespace = '';
    let annotated = false;
    // Paths by their index in IDENTITY.
    for (const f of found) {
      const value = f.node?.value ?? '';
      if (f.path === 0) apiVersion = value;
      else if (f.path === 1) kind = value;
      else if (f.path === 2) name = value;
      else if (f.path === 3) namespace = value;
      else annotated = true;
    }
    this.cachedType = { apiVersion, kind };
    if (!annotated) this.cachedMeta = { apiVersion, kind, name, namespace, annotations: {} };
  }

  /**
   * The scalars at the trie's paths, path by path (in document order within one), as lookup()
   * finds them: straight from the text where it allows, else from the tree. A field that is
   * not a scalar is an error; a null one is there with a null value.
   */
  scalars(trie: PathTrie): Array<{ path: number; node: ScalarNode; field: string }> {
    const quick = this.steps.length === 0 ? this.doc.find(trie) : undefined;
    if (quick) return quick.filter((f): f is FoundScalar & { node: ScalarNode } => f.node !== null).sort((a, b) => a.path - b.path);
    return this.read((node) =>
      trie.paths.flatMap((path, i) =>
        lookup(node, path).map((m) => ({ path: i, node: expectScalar(m.node, m.path), field: m.path })),
      ),
    );
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
  return node === undefined ? undefined : (expectScalar(node, field).value ?? undefined);
}

/** The node as a scalar: an opaque one needs the full parser, any other kind is an error. */
function expectScalar(node: YNode, field: string): ScalarNode {
  if (node.type === 'scalar') return node;
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
