// A Kubernetes resource inside the input: a document's root mapping, or an item of a List or
// ResourceList, located by the steps from the document root. Its identity (kind, name,
// annotations) is read on demand and cached.

import type { YamlDocument } from './document';
import { InputError } from './errors';
import { pathTrie, type FoundScalar, type PathTrie } from './find';
import { NeedsFullParse, describeNode, type MapNode, type ScalarNode, type YNode } from './nodes';
import { lookup, parseFieldPath, type FieldPath } from './path';

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
const IDENTITY = ['apiVersion', 'kind', 'metadata/name', 'metadata/namespace', 'metadata/annotations'].map(parseFieldPath);
const ANNOTATIONS = 4;

/**
 * Fields read from every resource on the same walk that identifies it: the ones the
 * transforms will ask every resource for. One walk per document instead of two, and V8 sees
 * both kinds of use before it optimizes the walk.
 */
export class Prefetch {
  readonly trie: PathTrie;
  /** Per trie asked for: where each prefetched path is in it (-1: not asked), or null when it asks for more. */
  private readonly positions = new Map<PathTrie, Int32Array | null>();

  constructor(fields: readonly FieldPath[] = []) {
    const texts = new Set(IDENTITY.map((p) => p.text));
    const extra = fields.filter((f) => !texts.has(f.text) && texts.add(f.text));
    this.trie = pathTrie([...IDENTITY, ...extra], new Set([ANNOTATIONS]));
  }

  positionsIn(trie: PathTrie): Int32Array | null {
    let positions = this.positions.get(trie);
    if (positions === undefined) {
      // Only the fields beyond the identity are kept (see Resource.ofDocument).
      const index = new Map(this.trie.paths.flatMap((p, i) => (i < IDENTITY.length ? [] : [[p.text, i] as const])));
      const mapped = new Int32Array(this.trie.paths.length).fill(-1);
      const covered = trie.paths.every((p, i) => {
        const at = index.get(p.text);
        if (at === undefined || mapped[at] !== -1) return false;
        mapped[at] = i;
        return true;
      });
      this.positions.set(trie, (positions = covered ? mapped : null));
    }
    return positions;
  }
}

const IDENTITY_ONLY = new Prefetch();
const NO_ANNOTATIONS: Readonly<Record<string, string>> = Object.freeze({});
const NOTHING: readonly FoundScalar[] = [];

export class Resource {
  private cachedMeta: ResourceMeta | undefined;
  private cachedType: TypeMeta | undefined;
  /** What the identifying walk found, when it could read the document. */
  private prefetch: Prefetch | undefined;
  private prefetched: readonly FoundScalar[] = NOTHING;
  /** Reading the identity for an error message: an error there gets no name. */
  private naming = false;

  constructor(
    readonly doc: YamlDocument,
    readonly steps: readonly Step[] = [],
  ) {}

  /** The resource that is `doc`'s root mapping; undefined for a document with no content. */
  static ofDocument(doc: YamlDocument, prefetch: Prefetch = IDENTITY_ONLY): Resource | undefined {
    let found = doc.find(prefetch.trie);
    // A prefetched field the walk cannot read must not cost the identity its fast path.
    if (found === undefined && prefetch !== IDENTITY_ONLY) found = doc.find((prefetch = IDENTITY_ONLY).trie);
    if (found === null || (found === undefined && doc.root() === null)) return undefined;
    const resource = new Resource(doc);
    if (found) resource.prefetched = resource.adopt(found, prefetch);
    return resource;
  }

  /** The item at `steps` of a List, whose mapping is `node`: read by the same walk as a document where the text allows. */
  static ofItem(doc: YamlDocument, steps: readonly Step[], node: MapNode, prefetch: Prefetch = IDENTITY_ONLY): Resource {
    const resource = new Resource(doc, steps);
    let found = doc.findIn(node, prefetch.trie);
    if (found === undefined && prefetch !== IDENTITY_ONLY) found = doc.findIn(node, (prefetch = IDENTITY_ONLY).trie);
    if (found) resource.prefetched = resource.adopt(found, prefetch);
    return resource;
  }

  /** Takes the identity from what the walk found; returns the other fields it found. */
  private adopt(found: readonly FoundScalar[], prefetch: Prefetch): readonly FoundScalar[] {
    this.identify(found);
    this.prefetch = prefetch;
    // Identity fields are done with: not keeping them leaves the garbage collector less to move.
    const fields = found.filter((f) => f.path >= IDENTITY.length);
    return fields.length > 0 ? fields : NOTHING;
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
      else if (f.path === ANNOTATIONS) annotated = true;
    }
    if (annotated) {
      this.cachedType = { apiVersion, kind };
      return;
    }
    const meta: ResourceMeta = { apiVersion, kind, name, namespace, annotations: NO_ANNOTATIONS };
    this.cachedType = this.cachedMeta = meta;
  }

  /**
   * The scalars at the trie's paths, path by path (in document order within one), as lookup()
   * finds them: straight from the text where it allows, else from the tree. A field that is
   * not a scalar is an error; a null one is there with a null value.
   */
  scalars(trie: PathTrie): Array<{ path: number; node: ScalarNode; field: string }> {
    const quick = this.find(trie);
    if (quick) {
      const scalars = quick.filter((f): f is FoundScalar & { node: ScalarNode } => f.node !== null);
      return scalars.sort((a, b) => a.path - b.path);
    }
    return this.read((node) =>
      trie.paths.flatMap((path, i) =>
        lookup(node, path).map((m) => ({ path: i, node: expectScalar(m.node, m.path), field: m.path })),
      ),
    );
  }

  /** The walk's answer for `trie`: from what was prefetched when that covers it. */
  private find(trie: PathTrie): FoundScalar[] | null | undefined {
    const positions = this.prefetch?.positionsIn(trie);
    if (!positions) return this.steps.length === 0 ? this.doc.find(trie) : undefined;
    const found: FoundScalar[] = [];
    for (const f of this.prefetched) {
      const path = positions[f.path]!;
      if (path >= 0) found.push({ path, node: f.node, field: f.field });
    }
    return found;
  }

  read<T>(read: (node: MapNode) => T): T {
    try {
      return this.doc.read((root) => read(follow(root, this.steps)));
    } catch (e) {
      if (e instanceof InputError && e.origin === undefined) {
        e.origin = this;
        if (this.steps[0] === 'items') e.where.item ??= itemPath(this.steps);
        if (e.where.resource === undefined) e.where.resource = this.labelIfReadable();
      }
      throw e;
    }
  }

  /** label(), or undefined when the identity cannot be read (the error at hand may be in it). */
  private labelIfReadable(): string | undefined {
    if (this.naming) return undefined;
    this.naming = true;
    try {
      return this.label();
    } catch (e) {
      if (e instanceof InputError) return undefined;
      throw e;
    } finally {
      this.naming = false;
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

/** `items[2]`, or `items[0].items[1]` for a List in a List. */
function itemPath(steps: readonly Step[]): string {
  return steps.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('').slice(1);
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
