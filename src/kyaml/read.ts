// Input: a multi-document YAML stream, or a KRM ResourceList (YAML or JSON), detected from the
// bytes. Resources are the documents' root mappings, the items of a ResourceList, and the items
// of any `kind: *List` document. Nothing is parsed here beyond what finding them needs.

import { YamlDocument } from './document';
import { InputError } from './errors';
import { LineIndex } from './lines';
import { NeedsFullParse, describeNode } from './nodes';
import type { FieldPath } from './path';
import { Prefetch, Resource } from './resource';
import { splitStream, type Piece } from './split';

export type Form = 'stream' | 'resource-list';

export interface Package {
  form: Form;
  /** The input was JSON; output stays JSON. */
  json: boolean;
  documents: YamlDocument[];
  resources: Resource[];
  /** The ResourceList's functionConfig, when one was given. */
  functionConfig?: Resource;
  /** The document holding the ResourceList (resource-list form only). */
  listDocument?: YamlDocument;
}

const RESOURCE_LIST_VERSIONS = ['config.kubernetes.io/v1', 'config.kubernetes.io/v1beta1'];

/** `fields`: what every resource will be asked for, read on the walk that identifies it. */
export function readPackage(input: string, fields: readonly FieldPath[] = []): Package {
  // JSON documents separated by `---` lines are a YAML stream (JSON has no line starting `---`).
  const json = /^\s*[{[]/.test(input) && !input.includes('\n---');
  let documents: YamlDocument[];
  if (json) {
    documents = [new YamlDocument(input, 1)];
    documents[0]!.readJson();
  } else {
    const lines = new LineIndex(input);
    const pieces = splitStream(lines);
    documents = pieces.map((piece, i) => new YamlDocument(piece.text, i + 1, input, piece));
    refuseOtherBreaks(input, lines, pieces, documents);
  }

  const prefetch = new Prefetch(fields);
  const wholes: Resource[] = [];
  for (const doc of documents) {
    const whole = Resource.ofDocument(doc, prefetch);
    if (!whole) continue;
    // Finding apiVersion and kind checks that every line at column 0 is a key: malformed
    // YAML there is reported now, with its position, rather than passed through.
    whole.typeMeta();
    wholes.push(whole);
  }

  const first = wholes[0];
  if (first?.typeMeta().kind === 'ResourceList') {
    if (wholes.length > 1) throw new InputError('a ResourceList must be the only document in the input', { document: wholes[1]!.doc.number });
    return { ...readResourceList(first.doc, prefetch), json, documents, listDocument: first.doc };
  }

  return { form: 'stream', json, documents, resources: wholes.flatMap((whole) => flattened(whole, prefetch)) };
}

const OTHER_BREAK_NAMES: Record<string, string> = {
  '\r': 'a carriage return (CR) without a line feed',
  '\u0085': 'a next line character (U+0085)',
  '\u2028': 'a line separator (U+2028)',
  '\u2029': 'a paragraph separator (U+2029)',
};

// One of them followed by what reads as a key (`  namespace: prod`, `- name: a`) on the same line.
const BREAK_BEFORE_KEY = /(?:[\u0085\u2028\u2029]|\r(?!\n))[ \t]*(?:-[ \t]+)?[^\s#"'{}[\],:][^\s"'{}[\],:]*:(?:[ \t]|\r?\n|$)/;

/**
 * kubectl (go-yaml, YAML 1.1) reads these as line breaks; YAML 1.2 reads NEL, LS and PS as
 * text, and this tool's readers break lines at line feeds only. Where a key follows one, the
 * two would see other fields (`name: p # note<LS>  namespace: prod` has a namespace for kubectl
 * only), so it is an error rather than a guess. Elsewhere (text in a ConfigMap) it is left as is.
 */
function refuseOtherBreaks(input: string, lines: LineIndex, pieces: readonly Piece[], documents: readonly YamlDocument[]): void {
  if (!lines.strayCR && input.indexOf('\u0085') < 0 && input.indexOf('\u2028') < 0 && input.indexOf('\u2029') < 0) return;
  const at = input.search(BREAK_BEFORE_KEY);
  if (at < 0) return;
  const i = pieces.findIndex((p) => p.offset <= at && at < p.offset + p.length);
  const what = OTHER_BREAK_NAMES[input[at]!]!;
  throw new InputError(`${what}: kubectl reads it as a line break and proxy-render does not, so the two would read other fields; use line feeds (or CRLF)`, documents[i]!.where(at - pieces[i]!.offset));
}

/** A resource, or the items of a `*List`, and theirs in turn: kubectl and kustomize read a List in a List too. */
function flattened(resource: Resource, prefetch: Prefetch): Resource[] {
  const items = resource.typeMeta().kind.endsWith('List') ? listItems(resource, prefetch) : undefined;
  return items ? items.flatMap((item) => flattened(item, prefetch)) : [resource];
}

function readResourceList(doc: YamlDocument, prefetch: Prefetch): Omit<Package, 'json' | 'documents' | 'listDocument'> {
  const list = new Resource(doc);
  const { apiVersion } = list.meta();
  doc.read((root) => {
    if (!RESOURCE_LIST_VERSIONS.includes(apiVersion)) {
      const problem = `unsupported ResourceList apiVersion '${apiVersion}': expected ${RESOURCE_LIST_VERSIONS.join(' or ')}`;
      throw new InputError(problem, { field: 'apiVersion' }, root.get('apiVersion')?.start ?? root.start);
    }
    const items = root.get('items');
    if (items?.type === 'opaque') throw new NeedsFullParse(items.what);
    if (items === undefined) throw new InputError('the ResourceList has no items', { field: 'items' }, root.start);
    if (items.type !== 'seq' && !(items.type === 'scalar' && items.value === null)) {
      throw new InputError(`expected a sequence of resources, found ${describeNode(items)}`, { field: 'items' }, items.start);
    }
  });
  const items = listItems(list, prefetch)!;
  const hasConfig = doc.read((root) => {
    const config = root.get('functionConfig');
    if (config?.type === 'opaque') throw new NeedsFullParse(config.what);
    return config?.type === 'map';
  });
  return {
    form: 'resource-list',
    resources: items,
    ...(hasConfig ? { functionConfig: new Resource(doc, ['functionConfig']) } : {}),
  };
}

/** The items of a list-shaped resource, or undefined when it has no `items` sequence. */
function listItems(list: Resource, prefetch: Prefetch): Resource[] | undefined {
  const nodes = list.read((node) => {
    const items = node.get('items');
    if (items?.type === 'opaque') throw new NeedsFullParse(items.what);
    if (items?.type === 'scalar' && items.value === null) return [];
    if (items?.type !== 'seq') return undefined;
    return items.items().map((item, i) => {
      if (item.type === 'opaque') throw new NeedsFullParse(item.what);
      if (item.type !== 'map') {
        throw new InputError(`expected a mapping (a Kubernetes resource), found ${describeNode(item)}`, { field: `items[${i}]` }, item.start);
      }
      return item;
    });
  });
  return nodes?.map((node, i) => Resource.ofItem(list.doc, [...list.steps, 'items', i], node, prefetch));
}
