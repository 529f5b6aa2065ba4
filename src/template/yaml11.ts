import { parseGoInt } from './literals';
import type { TemplateValue } from './values';

// go-yaml v2's table of YAML 1.1 words, which KOTS reads rendered manifests with
// (sigs.k8s.io/yaml): `yes`, `on` and `y` are true there, unlike in YAML 1.2.
const WORDS = new Map<string, TemplateValue>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((word) => [word, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((word) => [word, false] as const),
  ...['', '~', 'null', 'Null', 'NULL'].map((word) => [word, null] as const),
]);
const NOT_JSON = new Set(['.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF']);
const YAML_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/**
 * What go-yaml v2 makes of an unquoted scalar: a YAML 1.1 bool or null, an int (hex, octal,
 * binary and `_` included), a float, or else the string itself. Timestamps stay strings.
 * Quoted and block scalars are always strings and never come here.
 */
export function resolvePlainScalar(text: string): TemplateValue {
  if (WORDS.has(text)) return WORDS.get(text);
  if (NOT_JSON.has(text)) throw new Error(`${text} reads as a float that JSON cannot hold`);
  if (!/^[-+.0-9]/.test(text)) return text;
  // go-yaml drops every `_` before trying strconv.ParseInt (base 0), then its float pattern.
  const plain = text.startsWith('.') ? text : text.replaceAll('_', '');
  const int = parseGoInt(plain);
  if (int !== undefined) return Number(int);
  if (YAML_FLOAT.test(plain)) return Number(plain);
  return text;
}
