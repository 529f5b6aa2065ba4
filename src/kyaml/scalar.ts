// Writing a new value into an existing scalar keeps the scalar's quoting style, so the line
// changes only where the value does.

import type { ScalarNode } from './nodes';
import type { YamlDocument } from './document';

const SAFE_PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./:@+=-]*$/;
const NOT_A_STRING = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9][0-9_.eE+-]*|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.nan)$/;

export function setScalar(doc: YamlDocument, node: ScalarNode, value: string): void {
  doc.edit(node.start, node.end, scalarSource(node.style, value));
}

function scalarSource(style: ScalarNode['style'], value: string): string {
  if (style === 'single' && !value.includes('\n')) return `'${value.replaceAll("'", "''")}'`;
  // SAFE_PLAIN allows no blank, so `: ` cannot occur; a final `:` still makes a mapping key.
  if (style === 'plain' && SAFE_PLAIN.test(value) && !NOT_A_STRING.test(value) && !value.endsWith(':')) return value;
  return JSON.stringify(value);
}
