// A YAML file that holds one resource: a config file, a license, an Application, a
// ConfigValues file. Every error names the file as its source.

import { readFileSync } from 'node:fs';
import { YamlDocument } from './document';
import { InputError } from './errors';
import { Resource } from './resource';
import { LineIndex } from './lines';
import { splitStream } from './split';

/** The file's one resource, or null for a file with no content. */
export async function readResourceFile(path: string, source: string): Promise<Resource | null> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { source });
  }
  return withSource(source, async () => {
    const contentful: YamlDocument[] = [];
    for (const piece of splitStream(new LineIndex(text))) {
      const doc = new YamlDocument(piece.text, contentful.length + 1, text, piece);
      if (doc.root() !== null) contentful.push(doc);
    }
    if (contentful.length > 1) {
      throw new InputError(`holds ${contentful.length} documents: this file takes one document`, { line: contentful[1]!.where(0).line, column: 1 });
    }
    return contentful[0] ? new Resource(contentful[0]) : null;
  });
}

/** Runs `read`, naming `source` in any input error it raises. */
export async function withSource<T>(source: string, read: () => T | Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof InputError) e.where = { ...e.where, source, document: undefined, resource: undefined };
    throw e;
  }
}

/** The file's one resource, which must be of `kind` (and `apiVersion`, when given). */
export async function readKindFile(path: string, source: string, kind: string, apiVersion?: string): Promise<Resource> {
  const resource = await readResourceFile(path, source);
  if (resource === null) throw new InputError('the file is empty', { source });
  const meta = await withSource(source, () => resource.meta());
  if (meta.kind !== kind || (apiVersion !== undefined && meta.apiVersion !== apiVersion)) {
    const expected = apiVersion ? `apiVersion ${apiVersion}, kind ${kind}` : `kind ${kind}`;
    const found = apiVersion ? `${meta.apiVersion || '(none)'} ${meta.kind || '(none)'}` : `'${meta.kind || '(none)'}'`;
    const offset = resource.read((node) => node.get('kind')?.start ?? node.start);
    throw new InputError(`expected ${expected}, found ${found}`, { ...resource.doc.where(offset), source, document: undefined, field: 'kind' });
  }
  return resource;
}
