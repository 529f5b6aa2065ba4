// Writing a new value into an existing scalar keeps the scalar's quoting style, so the line
// changes only where the value does.

import { addEntry } from './insert';
import type { ScalarNode, Span } from './nodes';
import type { YamlDocument } from './document';

const SAFE_PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./:@+=-]*$/;
const NOT_A_STRING = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9][0-9_.eE+-]*|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.nan)$/;

export function setScalar(doc: YamlDocument, node: ScalarNode, value: string): void {
  // A merged value lives in another mapping, which other fields may read: this one gets its own key.
  if (node.mergedInto) return addEntry(doc, node.mergedInto.map(), node.mergedInto.key, value);
  if (node.aliases) keepAliases(doc, node, node.aliases);
  doc.edit(node.start, node.end, scalarSource(node.style, value));
}

/** The anchor's aliases keep the old value, written out where they are, unless a new one is written there too. */
function keepAliases(doc: YamlDocument, node: ScalarNode, aliases: readonly Span[]): void {
  const source = doc.text.slice(node.start, node.end);
  const kept = source.includes('\n') || (node.style === 'plain' && !SAFE_PLAIN.test(source)) ? JSON.stringify(node.value) : source;
  for (const alias of aliases) doc.edit(alias.start, alias.end, kept, 'weak');
}

function scalarSource(style: ScalarNode['style'], value: string): string {
  if (style === 'single' && !value.includes('\n')) return `'${value.replaceAll("'", "''")}'`;
  // SAFE_PLAIN allows no blank, so `: ` cannot occur; a final `:` still makes a mapping key.
  if (style === 'plain' && SAFE_PLAIN.test(value) && !NOT_A_STRING.test(value) && !value.endsWith(':')) return value;
  return JSON.stringify(value);
}
