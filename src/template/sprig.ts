import { goBuiltins } from './builtins';
import { formatValue, goQuote } from './gofmt';
import { expectBool, expectInt, expectString, variadic } from './signature';
import { base64Decode, base64Encode, toJson } from './sprig-encoding';
import { isNil, isTrue, type TemplateFunc, type TemplateValue } from './values';

/** sprig's strval: strings as they are, anything else as `%v` prints it. */
function strval(value: TemplateValue): string {
  return typeof value === 'string' ? value : formatValue(value);
}

/** sprig's strslice: a list's non-nil items as strings; nil is no item; a scalar is one. */
function strslice(value: TemplateValue): string[] {
  if (Array.isArray(value)) return value.filter((item) => !isNil(item)).map(strval);
  return isNil(value) ? [] : [strval(value)];
}

// Go maps case rune by rune with Unicode's simple mappings. JavaScript applies the full ones,
// which can turn one rune into two (ß → SS); Go keeps such a rune, and lowers İ to i.
const SIMPLE_LOWER: Record<string, string> = { İ: 'i' };

function mapRunes(text: string, map: (char: string) => string): string {
  return [...text]
    .map((char) => {
      const mapped = map(char);
      return [...mapped].length === 1 ? mapped : char;
    })
    .join('');
}

function indent(spaces: TemplateValue, text: TemplateValue): string {
  const width = expectInt(spaces);
  const lines = expectString(text);
  if (width < 0) throw new Error('strings: negative Repeat count');
  const pad = ' '.repeat(width);
  return pad + lines.replaceAll('\n', `\n${pad}`);
}

// strings.Replace with an empty `old` puts `new` around every rune.
function replaceAll(old: string, replacement: string, src: string): string {
  return old === '' ? ['', ...src, ''].join(replacement) : src.split(old).join(replacement);
}

/**
 * The sprig functions KOTS values use, with sprig's argument order: the value a pipeline
 * hands on comes last, so `"a-b" | replace "-" "_"` is `replace "-" "_" "a-b"`.
 */
const sprigOwn: Record<string, TemplateFunc> = {
  ternary: (whenTrue, whenFalse, condition) => (expectBool(condition) ? whenTrue : whenFalse),
  default: variadic(1, (fallback, ...given) => (isTrue(given[0]) ? given[0] : fallback)),
  // sprig's empty is Go's template truth, negated.
  empty: (value) => !isTrue(value),
  quote: variadic(0, (...values) => values.filter((value) => !isNil(value)).map((value) => goQuote(strval(value))).join(' ')),
  squote: variadic(0, (...values) => values.filter((value) => !isNil(value)).map((value) => `'${formatValue(value)}'`).join(' ')),
  upper: (text) => mapRunes(expectString(text), (char) => char.toUpperCase()),
  lower: (text) => mapRunes(expectString(text), (char) => SIMPLE_LOWER[char] ?? char.toLowerCase()),
  trim: (text) => expectString(text).replace(/^\p{White_Space}+|\p{White_Space}+$/gu, ''),
  replace: (old, replacement, src) => replaceAll(expectString(old), expectString(replacement), expectString(src)),
  trimPrefix: (prefix, text) => {
    const [start, whole] = [expectString(prefix), expectString(text)];
    return whole.startsWith(start) ? whole.slice(start.length) : whole;
  },
  trimSuffix: (suffix, text) => {
    const [end, whole] = [expectString(suffix), expectString(text)];
    return whole.endsWith(end) ? whole.slice(0, whole.length - end.length) : whole;
  },
  contains: (substr, text) => expectString(text).includes(expectString(substr)),
  hasPrefix: (prefix, text) => expectString(text).startsWith(expectString(prefix)),
  hasSuffix: (suffix, text) => expectString(text).endsWith(expectString(suffix)),
  b64enc: (text) => base64Encode(expectString(text)),
  b64dec: (text) => base64Decode(expectString(text)),
  toJson: (value) => toJson(value),
  indent: (spaces, text) => indent(spaces, text),
  nindent: (spaces, text) => '\n' + indent(spaces, text),
  toString: (value: TemplateValue) => strval(value),
  join: (separator, list) => strslice(list).join(expectString(separator)),
};

/** Go's template builtins and the sprig functions above, as KOTS offers them together. */
export const sprigFuncs: Record<string, TemplateFunc> = { ...goBuiltins, ...sprigOwn };
