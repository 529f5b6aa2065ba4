// User errors carry where they happened; the CLI turns them into one line on stderr
// (or an error result in a ResourceList). Anything else that escapes is a bug.

import type { Resource } from './resource';

export interface Where {
  /** What the input was when it is not the manifest stream, e.g. `config file x.yaml`. */
  source?: string;
  /** 1-based index of the document in the stream. */
  document?: number;
  /** Where a list item is in its document (`items[2]`): in a ResourceList every item is document 1. */
  item?: string;
  /** `Kind namespace/name` of the resource, when known. */
  resource?: string;
  line?: number;
  column?: number;
  field?: string;
}

export class InputError extends Error {
  /** The resource being read when it happened (`where.resource` is its label): a ResourceList's error result names it. */
  origin?: Resource;

  constructor(
    message: string,
    public where: Where = {},
    /** Offset in the document text, resolved to line and column by the document. */
    readonly offset?: number,
  ) {
    super(message);
  }

  /** The message with its location, e.g. `document 3 (Deployment api), line 12, column 7, spec.x: ...` or `document 1 items[4] (Pod p), ...`. */
  describe(): string {
    const { source, document, item, resource, line, column, field } = this.where;
    const parts: string[] = [];
    if (source !== undefined) parts.push(source);
    else if (document !== undefined) parts.push(`document ${document}${item ? ` ${item}` : ''}${resource ? ` (${resource})` : ''}`);
    else if (resource) parts.push(resource);
    if (line !== undefined) parts.push(`line ${line}${column !== undefined ? `, column ${column}` : ''}`);
    if (field) parts.push(field);
    return parts.length ? `${parts.join(', ')}: ${this.message}` : this.message;
  }
}
