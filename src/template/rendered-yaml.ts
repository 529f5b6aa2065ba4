import { isMap, isScalar, isSeq, parseDocument, type ParsedNode } from 'yaml';
import { resolvePlainScalar } from './yaml11';
import type { TemplateValue } from './values';

/**
 * Reads rendered text the way KOTS reads a manifest after rendering it: as YAML, with
 * go-yaml v2's YAML 1.1 scalars. So `true` is a bool, `8080` a number, `'8080'` a string,
 * and `{"a":1}` (from toJson) or an nindent-ed block a map.
 */
export function readRenderedYaml(text: string): TemplateValue {
  const document = parseDocument(text, { schema: 'failsafe' });
  const [error] = document.errors;
  if (error) throw new Error(`rendered value is not valid YAML: ${error.message}`);
  return toValue(document.contents);
}

function toValue(node: ParsedNode | null): TemplateValue {
  if (node === null) return null;
  if (isScalar(node)) return node.type === 'PLAIN' ? resolvePlainScalar(String(node.value)) : String(node.value);
  if (isSeq(node)) return node.items.map((item) => toValue(item as ParsedNode | null));
  if (isMap(node)) {
    return Object.fromEntries(node.items.map((pair) => [String(toValue(pair.key as ParsedNode | null)), toValue(pair.value as ParsedNode | null)]));
  }
  throw new Error('rendered value uses a YAML alias, which is not supported');
}
