/** The markers around an action, e.g. KOTS's `{{repl` … `}}`. */
export interface Delimiters {
  readonly left: string;
  readonly right: string;
}

export type TokenKind =
  | 'space'
  | 'identifier'
  | 'variable'
  | 'field'
  | 'dot'
  | 'string'
  | 'rawString'
  | 'number'
  | 'charConstant'
  | 'bool'
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'declare'
  | 'assign'
  | 'char'
  | 'rightDelim'
  | 'error'
  | Keyword;

const KEYWORDS = ['if', 'else', 'end', 'with', 'nil', 'range', 'define', 'template', 'block', 'break', 'continue'] as const;
type Keyword = (typeof KEYWORDS)[number];
const KEYWORD_SET: ReadonlySet<string> = new Set(KEYWORDS);

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Where an action sits in the text: errors name it and point at its opening delimiter. */
export interface ActionSource {
  readonly text: string;
  readonly start: number;
}

export type Segment =
  | { readonly kind: 'text'; readonly text: string; readonly start: number }
  | { readonly kind: 'action'; readonly tokens: readonly Token[]; readonly source: ActionSource };

// Go trims these around `{{- ` and ` -}}`, and they separate words inside an action.
const isSpace = (char: string | undefined) => char === ' ' || char === '\t' || char === '\r' || char === '\n';
const isDigit = (char: string | undefined) => char !== undefined && char >= '0' && char <= '9';
const isAlphaNumeric = (char: string | undefined) => char !== undefined && /^[_\p{L}\p{Nd}]$/u.test(char);

/**
 * Splits a template into text and actions the way Go's text/template lexer does, trim
 * markers included, so that only the given delimiters start an action: with KOTS's, a Helm
 * `{{ .Values.x }}` is text. Like Go's lexer it stops at the first malformed action and ends
 * it with an `error` token: the parser reports that error only if nothing before it failed.
 */
export function lex(text: string, delimiters: Delimiters): Segment[] {
  const segments: Segment[] = [];
  const pushText = (start: number, end: number) => {
    if (end > start) segments.push({ kind: 'text', text: text.slice(start, end), start });
  };
  let at = 0;
  for (;;) {
    const open = text.indexOf(delimiters.left, at);
    if (open < 0) {
      pushText(at, text.length);
      return segments;
    }
    const inside = open + delimiters.left.length;
    const trimBefore = text[inside] === '-' && isSpace(text[inside + 1]);
    pushText(at, trimBefore ? at + trimEndSpaces(text.slice(at, open)).length : open);
    const scanner = new ActionScanner(text, open, delimiters);
    try {
      at = scanner.scan(trimBefore ? inside + 2 : inside);
    } catch (error) {
      if (!(error instanceof LexError)) throw error;
      scanner.tokens.push({ kind: 'error', text: error.message, start: scanner.position, end: scanner.position });
      segments.push({ kind: 'action', tokens: scanner.tokens, source: scanner.source() });
      return segments;
    }
    if (scanner.tokens.length > 0) segments.push({ kind: 'action', tokens: scanner.tokens, source: scanner.source() });
  }
}

function trimEndSpaces(text: string): string {
  return text.replace(/[ \t\r\n]+$/, '');
}

function leadingSpaces(text: string, from: number): number {
  let end = from;
  while (isSpace(text[end])) end++;
  return end - from;
}

/** Go's `%#U`: `U+0041 'A'`. */
function describeChar(char: string): string {
  const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(char) ? `${code} '${char}'` : code;
}

class LexError extends Error {}

class ActionScanner {
  readonly tokens: Token[] = [];
  private at = 0;
  private closedAt = -1;
  private parenDepth = 0;

  constructor(
    private readonly text: string,
    private readonly open: number,
    private readonly delimiters: Delimiters,
  ) {}

  source(): ActionSource {
    if (this.closedAt >= 0) return { text: this.text.slice(this.open, this.closedAt), start: this.open };
    // An action that never closes is shown up to the end of its line.
    return { text: this.text.slice(this.open).split('\n')[0]!, start: this.open };
  }

  /** Scans from `start` (past the delimiter) and returns where the text after the action begins. */
  scan(start: number): number {
    this.at = start;
    if (this.text.startsWith('/*', this.at)) return this.skipComment();
    for (;;) {
      const closing = this.rightDelimiterAt(this.at);
      if (closing) {
        if (this.parenDepth > 0) this.fail('unclosed left paren');
        const after = this.passRightDelimiter(closing.trim);
        const { right } = this.delimiters;
        this.tokens.push({ kind: 'rightDelim', text: right, start: this.closedAt - right.length, end: this.closedAt });
        return after;
      }
      if (this.at >= this.text.length) this.fail('unclosed action');
      this.scanToken();
    }
  }

  get position(): number {
    return this.at;
  }

  private fail(message: string): never {
    const closeAt = this.text.indexOf(this.delimiters.right, this.at);
    if (this.closedAt < 0 && closeAt >= 0) this.closedAt = closeAt + this.delimiters.right.length;
    throw new LexError(message);
  }

  private rightDelimiterAt(at: number): { trim: boolean } | undefined {
    const { right } = this.delimiters;
    if (isSpace(this.text[at]) && this.text[at + 1] === '-' && this.text.startsWith(right, at + 2)) return { trim: true };
    return this.text.startsWith(right, at) ? { trim: false } : undefined;
  }

  /** Steps over the right delimiter (and its trim marker); returns where the next text starts. */
  private passRightDelimiter(trim: boolean): number {
    this.at += (trim ? 2 : 0) + this.delimiters.right.length;
    this.closedAt = this.at;
    return trim ? this.at + leadingSpaces(this.text, this.at) : this.at;
  }

  private skipComment(): number {
    const end = this.text.indexOf('*/', this.at + 2);
    if (end < 0) this.fail('unclosed comment');
    this.at = end + 2;
    const closing = this.rightDelimiterAt(this.at);
    if (!closing) this.fail('comment ends before closing delimiter');
    return this.passRightDelimiter(closing.trim);
  }

  private emit(kind: TokenKind, start: number): void {
    this.tokens.push({ kind, text: this.text.slice(start, this.at), start, end: this.at });
  }

  private charAt(at: number): string | undefined {
    const code = this.text.codePointAt(at);
    return code === undefined ? undefined : String.fromCodePoint(code);
  }

  private scanToken(): void {
    const start = this.at;
    const char = this.charAt(start)!;
    this.at += char.length;
    if (isSpace(char)) return this.scanSpace(start);
    if (char === '=') return this.emit('assign', start);
    if (char === ':') {
      if (this.text[this.at] !== '=') this.fail('expected :=');
      this.at++;
      return this.emit('declare', start);
    }
    if (char === '|') return this.emit('pipe', start);
    if (char === '"') return this.scanQuoted('"', 'string', 'unterminated quoted string', start);
    if (char === "'") return this.scanQuoted("'", 'charConstant', 'unterminated character constant', start);
    if (char === '`') {
      const end = this.text.indexOf('`', this.at);
      if (end < 0) this.fail('unterminated raw quoted string');
      this.at = end + 1;
      return this.emit('rawString', start);
    }
    // A lone `$` or `.` is the variable or the dot; followed by a name, a variable or a field.
    if (char === '$') return this.atTerminator() ? this.emit('variable', start) : this.scanName(start, 'variable');
    if (char === '.' && !isDigit(this.text[this.at])) return this.atTerminator() ? this.emit('dot', start) : this.scanName(start, 'field');
    if (char === '.' || char === '+' || char === '-' || isDigit(char)) {
      this.at = start;
      return this.scanNumber(start);
    }
    if (isAlphaNumeric(char)) return this.scanIdentifier(start);
    if (char === '(') {
      this.parenDepth++;
      return this.emit('leftParen', start);
    }
    if (char === ')') {
      // An unmatched `)` is left for the parser, which names it as Go's does.
      this.parenDepth--;
      return this.emit('rightParen', start);
    }
    if (char <= '\x7e' && char >= ' ') return this.emit('char', start);
    this.fail(`unrecognized character in action: ${describeChar(char)}`);
  }

  // Go leaves the space before ` -}}` to the delimiter, which must see it to trim.
  private scanSpace(start: number): void {
    while (isSpace(this.text[this.at])) this.at++;
    if (this.rightDelimiterAt(this.at - 1)?.trim) this.at--;
    if (this.at > start) this.emit('space', start);
  }

  private atTerminator(): boolean {
    const char = this.text[this.at];
    return char === undefined || isSpace(char) || '.,|:()'.includes(char) || char === this.delimiters.right[0];
  }

  /** Scans the letters and digits of a name, which must end where a word may end. */
  private scanNameEnd(): void {
    for (let char = this.charAt(this.at); isAlphaNumeric(char); char = this.charAt(this.at)) this.at += char!.length;
    if (!this.atTerminator()) this.fail(`bad character ${describeChar(this.charAt(this.at)!)}`);
  }

  private scanName(start: number, kind: TokenKind): void {
    this.scanNameEnd();
    this.emit(kind, start);
  }

  private scanIdentifier(start: number): void {
    this.scanNameEnd();
    const word = this.text.slice(start, this.at);
    if (KEYWORD_SET.has(word)) return this.emit(word as Keyword, start);
    this.emit(word === 'true' || word === 'false' ? 'bool' : 'identifier', start);
  }

  private scanQuoted(quote: string, kind: TokenKind, unterminated: string, start: number): void {
    for (;;) {
      const char = this.text[this.at++];
      if (char === '\\') {
        const escaped = this.text[this.at++];
        if (escaped === undefined || escaped === '\n') this.fail(unterminated);
      } else if (char === undefined || char === '\n') this.fail(unterminated);
      else if (char === quote) return this.emit(kind, start);
    }
  }

  private scanNumber(start: number): void {
    if (!this.scanNumberPart()) this.fail(`bad number syntax: "${this.text.slice(start, this.at)}"`);
    // A sign straight after a number makes a complex constant such as 1+2i.
    if (this.text[this.at] === '+' || this.text[this.at] === '-') {
      if (!this.scanNumberPart() || this.text[this.at - 1] !== 'i') this.fail(`bad number syntax: "${this.text.slice(start, this.at)}"`);
    }
    this.emit('number', start);
  }

  // Go's lexer is loose here (it takes "089" and "1.2.e"); parsing the value catches the rest.
  private scanNumberPart(): boolean {
    const accept = (valid: string) => {
      const char = this.text[this.at];
      if (char === undefined || !valid.includes(char)) return false;
      this.at++;
      return true;
    };
    const acceptRun = (valid: string) => {
      while (accept(valid));
    };
    const decimal = '0123456789_';
    const hex = '0123456789abcdefABCDEF_';
    accept('+-');
    let digits = decimal;
    if (accept('0')) {
      if (accept('xX')) digits = hex;
      else if (accept('oO')) digits = '01234567_';
      else if (accept('bB')) digits = '01_';
    }
    acceptRun(digits);
    if (accept('.')) acceptRun(digits);
    if (digits === decimal && accept('eE')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    if (digits === hex && accept('pP')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    accept('i');
    if (isAlphaNumeric(this.charAt(this.at))) {
      this.at += this.charAt(this.at)!.length;
      return false;
    }
    return true;
  }
}
