// Literals in an action read as Go reads them (strconv.Unquote, strconv.ParseInt/ParseFloat).

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
};

/**
 * A double-quoted Go string literal, quotes included. `\x` and octal escapes give single
 * bytes, so the result is assembled as UTF-8 bytes and decoded at the end.
 */
export function unquoteInterpreted(literal: string): string {
  const bytes: number[] = [];
  const body = literal.slice(1, -1);
  const invalid = () => new Error('invalid syntax');
  for (let at = 0; at < body.length; ) {
    const char = String.fromCodePoint(body.codePointAt(at)!);
    at += char.length;
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'));
      continue;
    }
    const kind = body[at++] ?? '';
    const take = (count: number, pattern: RegExp) => {
      const digits = body.slice(at, at + count);
      if (digits.length !== count || !pattern.test(digits)) throw invalid();
      at += count;
      return digits;
    };
    if (SIMPLE_ESCAPES[kind]) bytes.push(SIMPLE_ESCAPES[kind].charCodeAt(0));
    else if (kind === 'x') bytes.push(parseInt(take(2, /^[0-9a-fA-F]+$/), 16));
    else if (kind >= '0' && kind <= '7') {
      at--;
      const value = parseInt(take(3, /^[0-7]+$/), 8);
      if (value > 255) throw invalid();
      bytes.push(value);
    } else if (kind === 'u' || kind === 'U') {
      const code = parseInt(take(kind === 'u' ? 4 : 8, /^[0-9a-fA-F]+$/), 16);
      if (code > 0x10ffff || (code >= 0xd800 && code < 0xe000)) throw invalid();
      bytes.push(...Buffer.from(String.fromCodePoint(code), 'utf8'));
    } else throw invalid();
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A back-quoted Go string: no escapes, and Go drops carriage returns from it. */
export function unquoteRaw(literal: string): string {
  return literal.slice(1, -1).replaceAll('\r', '');
}

// Go integer syntax (strconv.ParseInt with base 0): prefixes, legacy octal, `_` between digits.
const GO_INT = /^[+-]?(?:0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0(?:_?[0-7])*|[1-9](?:_?\d)*)$/;
const GO_DECIMAL_FLOAT = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const INT64_LIMIT = 2n ** 63n;

/** The value of a number constant, or Go's parse error for it. */
export function parseGoNumber(text: string): number {
  if (text.endsWith('i')) throw new Error(`complex constants are not supported: ${JSON.stringify(text)}`);
  const int = parseGoInt(text);
  if (int !== undefined) {
    if (int >= INT64_LIMIT || int < -INT64_LIMIT) throw new Error(`integer overflow: ${JSON.stringify(text)}`);
    return Number(int);
  }
  if (GO_DECIMAL_FLOAT.test(text)) {
    // Digits only, yet not an int: Go calls that a huge integer ("089" lands here too).
    if (!/[.eE]/.test(text)) throw new Error(`integer overflow: ${JSON.stringify(text)}`);
    return Number(text.replaceAll('_', ''));
  }
  throw new Error(`illegal number syntax: ${JSON.stringify(text)}`);
}

/** An integer in Go's syntax, of any size; undefined for text that is not one. */
export function parseGoInt(text: string): bigint | undefined {
  if (!GO_INT.test(text)) return undefined;
  const negative = text.startsWith('-');
  const unsigned = text.replace(/^[+-]/, '').replaceAll('_', '');
  const legacyOctal = /^0[0-7]+$/.test(unsigned);
  const magnitude = BigInt(legacyOctal ? `0o${unsigned.slice(1)}` : unsigned.toLowerCase());
  return negative ? -magnitude : magnitude;
}
