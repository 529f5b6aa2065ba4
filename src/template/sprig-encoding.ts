import { compareGoStrings, goKind, type TemplateValue } from './values';

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CR = 0x0d;
const LF = 0x0a;
const PAD = 0x3d;

export function base64Encode(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * sprig's b64dec: Go's base64.StdEncoding, which wants padding, skips CR and LF, and on bad
 * input sprig returns the error text instead of failing. Node's decoder forgives far more,
 * so this walks the input by quanta of four as Go does to fail where Go fails.
 */
export function base64Decode(text: string): string {
  const src = Buffer.from(text, 'utf8');
  const bytes: number[] = [];
  const corrupt = (offset: number) => `illegal base64 data at input byte ${offset}`;
  const skipNewlines = (at: number) => {
    while (at < src.length && (src[at] === CR || src[at] === LF)) at++;
    return at;
  };
  let si = 0;
  while (si < src.length) {
    const quantum: number[] = [];
    let padded = false;
    while (quantum.length < 4) {
      if (si === src.length) {
        if (quantum.length === 0) return Buffer.from(bytes).toString('utf8');
        return corrupt(si - quantum.length);
      }
      const byte = src[si++]!;
      const digit = BASE64_ALPHABET.indexOf(String.fromCharCode(byte));
      if (digit >= 0) quantum.push(digit);
      else if (byte === CR || byte === LF) continue;
      else if (byte !== PAD || quantum.length < 2) return corrupt(si - 1);
      else {
        if (quantum.length === 2) {
          si = skipNewlines(si);
          if (si === src.length) return corrupt(src.length);
          if (src[si] !== PAD) return corrupt(si - 1);
          si++;
        }
        si = skipNewlines(si);
        if (si < src.length) return corrupt(si);
        padded = true;
        break;
      }
    }
    const bits = quantum.reduce((acc, digit, i) => acc | (digit << (18 - 6 * i)), 0);
    bytes.push(...[bits >> 16, (bits >> 8) & 0xff, bits & 0xff].slice(0, quantum.length - 1));
    if (padded) break;
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * sprig's toJson is Go's json.Marshal: map keys sorted, `<`, `>`, `&`, U+2028 and U+2029
 * escaped, and an empty string when the value cannot be encoded (NaN, ±Inf).
 */
export function toJson(value: TemplateValue): string {
  try {
    return goJson(value);
  } catch {
    return '';
  }
}

function goJson(value: TemplateValue): string {
  switch (goKind(value)) {
    case 'nil':
      return 'null';
    case 'string':
      return goJsonString(value as string);
    case 'int':
    case 'float':
      if (!Number.isFinite(value)) throw new Error(`json: unsupported value: ${value}`);
      // JavaScript switches to exponents where Go's encoder does (1e-6, 1e21), with the same digits.
      return String(value);
    case 'slice':
      return `[${(value as TemplateValue[]).map(goJson).join(',')}]`;
    case 'map': {
      const map = value as Record<string, TemplateValue>;
      const keys = Object.keys(map).sort(compareGoStrings);
      return `{${keys.map((key) => `${goJsonString(key)}:${goJson(map[key])}`).join(',')}}`;
    }
    case 'bool':
      return String(value);
  }
}

function goJsonString(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
