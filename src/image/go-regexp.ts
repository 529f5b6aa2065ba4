// kustomize reads an `images:` name as a Go (RE2) regular expression. JavaScript reads most of
// them the same way; this translates the RE2 syntax it lacks and refuses what either engine
// would read differently, so that a name never silently matches other images than kustomize's.

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const literal = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/**
 * `^<name><suffix>` as a JavaScript RegExp that means what Go's `regexp` makes of it, or an
 * Error saying what in `name` stands in the way.
 */
export function goRegExp(name: string, suffix: string): RegExp {
  let flags = '';
  let i = 0;
  const leading = /^\(\?([ims]+)\)/.exec(name);
  if (leading) {
    flags = [...new Set(leading[1])].join('');
    i = leading[0].length;
  }
  let out = '';
  let inClass = false;
  for (; i < name.length; i++) {
    const c = name[i]!;
    const next = name[i + 1];
    if (c === '\\') {
      if (next === 'Q' && !inClass) {
        // kustomize appends its tag and digest pattern to the name: an open \Q would quote that too.
        const end = name.indexOf('\\E', i + 2);
        if (end < 0) throw new Error('\\Q without \\E would quote the tag and digest pattern kustomize appends');
        out += literal(name.slice(i + 2, end));
        i = end + 1;
      } else if (next === 'z' && !inClass) {
        out += '(?![^])';
        i++;
      } else if (next === 'A' && !inClass) {
        out += '(?<![^])';
        i++;
      } else if (next === 'a') {
        out += '\\x07';
        i++;
      } else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(name.slice(i + 2, i + 4))) {
        out += name.slice(i, i + 4);
        i += 3;
      } else if (next !== undefined && (/[^0-9A-Za-z]/.test(next) || (inClass ? /[fnrtvdDsSwW]/ : /[fnrtvdDsSwWbB]/).test(next))) {
        out += c + next;
        i++;
      } else {
        throw new Error(`${next === undefined ? 'a trailing \\' : `\\${next}`} is not an escape Go reads${inClass ? ' in a character class' : ''} as JavaScript does`);
      }
    } else if (inClass) {
      const posix = c === '[' && next === ':' ? /^\[:(\^?)([a-z]+):\]/.exec(name.slice(i)) : null;
      if (posix) {
        const chars = POSIX_CLASSES[posix[2]!];
        if (chars === undefined || posix[1]) throw new Error(`${posix[0]} is not a character class this tool can read`);
        out += chars;
        i += posix[0].length - 1;
      } else {
        if (c === ']') inClass = false;
        out += c;
      }
    } else if (c === '[') {
      inClass = true;
      // A `]` first in a class (after any `^`) is a literal in Go; JavaScript would close the class.
      const negated = next === '^';
      out += negated ? '[^' : '[';
      if (negated) i++;
      if (name[i + 1] === ']') {
        out += '\\]';
        i++;
      }
    } else if (c === '(' && next === '?') {
      if (name.startsWith('(?P<', i)) {
        out += '(?<';
        i += 3;
      } else if (name.startsWith('(?:', i)) {
        out += '(?:';
        i += 2;
      } else throw new Error(`${/^\(\?<?[=!]/.test(name.slice(i)) ? 'lookaround' : 'a flag group'} is not something Go, which kustomize uses, and JavaScript both read`);
    } else out += c;
  }
  for (const [, min, max] of out.matchAll(/\{(\d+)(?:,(\d*))?\}/g)) {
    if (Number(min) > 1000 || Number(max || 0) > 1000) throw new Error('a repeat count over 1000, which Go refuses');
  }
  // Go lets a repetition follow `^` (`*` repeats it); JavaScript wants a group to repeat.
  const anchor = /^(?:[*+?]|\{\d)/.test(out) ? '(?:^)' : '^';
  try {
    return new RegExp(`${anchor}${out}${suffix}`, flags);
  } catch (e) {
    throw new Error(`not a regular expression: ${(e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '')}`);
  }
}
