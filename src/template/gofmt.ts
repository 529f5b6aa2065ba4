import { compareGoStrings, goKind, type TemplateValue } from './values';

/** Go's `%v`: how an action, `print` and sprig's `toString` show a value. */
export function formatValue(value: TemplateValue): string {
  switch (goKind(value)) {
    case 'nil':
      return '<nil>';
    case 'float':
      return formatGoFloat(value as number);
    case 'slice':
      return `[${(value as TemplateValue[]).map(formatValue).join(' ')}]`;
    case 'map':
      return formatMap(value as Record<string, TemplateValue>, formatValue);
    default:
      return String(value);
  }
}

/** Go prints maps with their keys sorted: `map[a:1 b:2]`. */
export function formatMap(map: Record<string, TemplateValue>, format: (value: TemplateValue) => string): string {
  const keys = Object.keys(map).sort(compareGoStrings);
  return `map[${keys.map((key) => `${format(key)}:${format(map[key])}`).join(' ')}]`;
}

/** fmt.Sprint: a space goes between two operands only when neither is a string. */
export function sprint(args: TemplateValue[]): string {
  return args
    .map((arg, i) => {
      const spaced = i > 0 && typeof arg !== 'string' && typeof args[i - 1] !== 'string';
      return (spaced ? ' ' : '') + formatValue(arg);
    })
    .join('');
}

export function sprintln(args: TemplateValue[]): string {
  return args.map(formatValue).join(' ') + '\n';
}

/**
 * Go's shortest `%g` for a float64, as `%v` prints it: plain digits while the decimal
 * exponent is within [-4, 6), else `d.ddde±XX`. The digits are the shortest that round-trip,
 * which JavaScript's toExponential() also gives.
 */
export function formatGoFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  if (n === 0) return `${sign}0`;
  const [mantissa, expText] = Math.abs(n).toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const digits = mantissa.replace('.', '');
  if (exp < -4 || exp >= 6) {
    const expDigits = String(Math.abs(exp)).padStart(2, '0');
    return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${expDigits}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return sign + digits.padEnd(exp + 1, '0');
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const SHORT_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
};

/** strconv.Quote, behind `%q` and sprig's `quote`: Go escapes, printable Unicode kept. */
export function goQuote(text: string, quote = '"'): string {
  let quoted = quote;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const hex = code.toString(16).padStart(2, '0');
    if (char === quote) quoted += `\\${quote}`;
    else if (SHORT_ESCAPES[char]) quoted += SHORT_ESCAPES[char];
    else if (PRINTABLE.test(char)) quoted += char;
    else if (code < 0x80) quoted += `\\x${hex}`;
    // A lone surrogate cannot come from UTF-8; Go would have read U+FFFD there.
    else if (code >= 0xd800 && code < 0xe000) quoted += '\ufffd';
    else if (code < 0x10000) quoted += `\\u${hex.padStart(4, '0')}`;
    else quoted += `\\U${hex.padStart(8, '0')}`;
  }
  return quoted + quote;
}

/** strconv.QuoteRune, `%q` of an int: `'a'`; a number that is no rune reads as U+FFFD. */
export function goQuoteRune(code: number): string {
  const valid = code >= 0 && code <= 0x10ffff && !(code >= 0xd800 && code < 0xe000);
  return goQuote(String.fromCodePoint(valid ? code : 0xfffd), "'");
}

/**
 * `%.Nf` as Go prints it: from the double's exact decimal value, a tie rounding to even.
 * (toFixed rounds such ties up: Go prints 2.25 as 2.2, toFixed(1) gives 2.3.)
 */
export function formatFixed(n: number, digits: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, n);
  const bits = view.getBigUint64(0);
  const biasedExp = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  const mantissa = biasedExp === 0 ? fraction : fraction | (1n << 52n);
  const exp = (biasedExp === 0 ? 1 : biasedExp) - 1075;
  // value = mantissa × 2^exp = scaled / 10^places, exactly.
  const places = Math.max(0, -exp);
  const scaled = exp >= 0 ? mantissa << BigInt(exp) : mantissa * 5n ** BigInt(places);
  let kept = scaled * 10n ** BigInt(Math.max(0, digits - places));
  if (places > digits) {
    const unit = 10n ** BigInt(places - digits);
    const remainder = scaled % unit;
    kept = scaled / unit;
    if (remainder * 2n > unit || (remainder * 2n === unit && kept % 2n === 1n)) kept += 1n;
  }
  const text = kept.toString().padStart(digits + 1, '0');
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  return digits === 0 ? sign + text : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
