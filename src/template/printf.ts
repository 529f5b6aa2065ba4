import { formatFixed, formatGoFloat, formatMap, formatValue, goQuote, goQuoteRune } from './gofmt';
import { goKind, goTypeName, isNil, type TemplateValue } from './values';

// One directive: flags, width, precision, verb. The verb is missing at the end of the format.
const DIRECTIVE = /%([-+# 0]*)(\d+)?(?:\.(\d*))?(.)?/suy;

// Verbs Go knows that this engine does not render; refusing them beats printing wrong text.
const UNRENDERED_VERBS = new Set(['b', 'c', 'e', 'E', 'F', 'g', 'G', 'o', 'O', 'p', 'U']);

/** fmt.Sprintf for the verbs templates use: %v %s %d %q %t %f %x %X %T and %%, with width and precision. */
export function sprintf(format: string, args: TemplateValue[]): string {
  let out = '';
  let next = 0;
  let at = 0;
  while (at < format.length) {
    const percent = format.indexOf('%', at);
    if (percent < 0) {
      out += format.slice(at);
      break;
    }
    out += format.slice(at, percent);
    const directive = new RegExp(DIRECTIVE);
    directive.lastIndex = percent;
    const [, flags = '', width, precision, verb] = directive.exec(format)!;
    at = directive.lastIndex;
    if (verb === undefined) out += '%!(NOVERB)';
    else if (verb === '%') out += '%';
    else if (next >= args.length) out += `%!${verb}(MISSING)`;
    else {
      const arg = args[next++];
      const text = formatArg(arg, verb, precision === undefined ? undefined : Number(precision));
      out += pad(withSign(text, arg, flags, verb), flags, width === undefined ? 0 : Number(width), verb);
    }
  }
  if (next < args.length) out += `%!(EXTRA ${args.slice(next).map(describe).join(', ')})`;
  return out;
}

function describe(arg: TemplateValue): string {
  return isNil(arg) ? '<nil>' : `${goTypeName(arg)}=${formatValue(arg)}`;
}

// Go applies the verb to each element of a list or map (`%d` of [1 2] is `[1 2]`), but prints nil ones as <nil>.
function formatArg(arg: TemplateValue, verb: string, precision: number | undefined): string {
  if (verb === 'T') return goTypeName(arg);
  const kind = goKind(arg);
  const formatItem = (item: TemplateValue) => (isNil(item) ? '<nil>' : formatArg(item, verb, precision));
  if (kind === 'slice') return `[${(arg as TemplateValue[]).map(formatItem).join(' ')}]`;
  if (kind === 'map') return formatMap(arg as Record<string, TemplateValue>, formatItem);
  if (verb === 'v') return formatValue(arg);
  if (verb === 's' && kind === 'string') {
    return precision === undefined ? (arg as string) : [...(arg as string)].slice(0, precision).join('');
  }
  if (verb === 'q' && kind === 'string') return goQuote(arg as string);
  if (verb === 'q' && kind === 'int') return goQuoteRune(arg as number);
  if ((verb === 'x' || verb === 'X') && (kind === 'int' || kind === 'string')) {
    const hex = kind === 'int' ? (arg as number).toString(16) : Buffer.from(arg as string, 'utf8').toString('hex');
    return verb === 'X' ? hex.toUpperCase() : hex;
  }
  if (verb === 'd' && kind === 'int') return String(arg);
  if (verb === 't' && kind === 'bool') return String(arg);
  if (verb === 'f' && kind === 'float') {
    const n = arg as number;
    return Number.isFinite(n) ? formatFixed(n, precision ?? 6) : formatGoFloat(n);
  }
  if (UNRENDERED_VERBS.has(verb)) throw new Error(`printf verb %${verb} is not supported`);
  return isNil(arg) ? `%!${verb}(<nil>)` : `%!${verb}(${describe(arg)})`;
}

function isNumericVerb(verb: string, arg: TemplateValue): boolean {
  return (verb === 'd' || verb === 'f') && typeof arg === 'number';
}

function withSign(text: string, arg: TemplateValue, flags: string, verb: string): string {
  return flags.includes('+') && isNumericVerb(verb, arg) && !text.startsWith('-') ? `+${text}` : text;
}

function pad(text: string, flags: string, width: number, verb: string): string {
  const missing = width - [...text].length;
  if (missing <= 0) return text;
  if (flags.includes('-')) return text + ' '.repeat(missing);
  if (flags.includes('0') && /^[-+]?\d/.test(text) && (verb === 'd' || verb === 'f')) {
    const sign = /^[-+]/.test(text) ? text[0] : '';
    return sign + '0'.repeat(missing) + text.slice(sign.length);
  }
  return ' '.repeat(missing) + text;
}
