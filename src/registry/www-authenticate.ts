/** One challenge from a `WWW-Authenticate` header; scheme and parameter names lower-cased. */
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * Parses RFC 7235 challenges: several per header and several headers, quoted values that hold
 * commas (`scope="repository:a:pull,push"`) and backslash escapes.
 */
export function parseWwwAuthenticate(header: string | string[] | undefined): AuthChallenge[] {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return values.flatMap(parseOneHeader);
}

export function bearerChallenge(challenges: AuthChallenge[]): AuthChallenge | undefined {
  return challenges.find((c) => c.scheme === 'bearer' && c.params.realm);
}

function parseOneHeader(text: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  const scanner = new Scanner(text);
  for (;;) {
    scanner.skip(/[\s,]*/y);
    const scheme = scanner.take(/[^\s,=]+/y);
    if (!scheme) return challenges;
    const challenge: AuthChallenge = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(challenge);
    readParams(scanner, challenge.params);
  }
}

function readParams(scanner: Scanner, params: Record<string, string>): void {
  for (;;) {
    scanner.skip(/[\s,]*/y);
    const start = scanner.pos;
    const name = scanner.take(/[^\s,=]+/y);
    scanner.skip(/\s*/y);
    if (!name || !scanner.take(/=/y)) {
      // Not `name=`: the next challenge's scheme starts here.
      scanner.pos = start;
      return;
    }
    scanner.skip(/\s*/y);
    params[name.toLowerCase()] = scanner.peek() === '"' ? readQuoted(scanner) : scanner.take(/[^\s,]*/y) ?? '';
  }
}

function readQuoted(scanner: Scanner): string {
  const inner = scanner.match(/"((?:[^"\\]|\\.)*)"?/y)?.[1] ?? '';
  return inner.replace(/\\(.)/g, '$1');
}

class Scanner {
  pos = 0;
  constructor(private readonly text: string) {}

  peek(): string {
    return this.text[this.pos] ?? '';
  }

  /** Matches a sticky regexp at the current position and moves past it; empty matches fail. */
  match(sticky: RegExp): RegExpExecArray | undefined {
    sticky.lastIndex = this.pos;
    const match = sticky.exec(this.text);
    if (!match || match[0] === '') return undefined;
    this.pos += match[0].length;
    return match;
  }

  take(sticky: RegExp): string | undefined {
    return this.match(sticky)?.[0];
  }

  skip(sticky: RegExp): void {
    this.take(sticky);
  }
}
