import { TemplateError } from './errors';
import { goQuote } from './gofmt';
import type { ActionSource, Segment, Token, TokenKind } from './lex';
import { parseGoNumber, unquoteInterpreted, unquoteRaw } from './literals';

/** One space-separated word of a command. `text` is how the template spelled it. */
export type Operand =
  | { readonly kind: 'function'; readonly name: string; readonly text: string }
  | { readonly kind: 'variable'; readonly name: string; readonly fields: readonly string[]; readonly text: string }
  | { readonly kind: 'field'; readonly fields: readonly string[]; readonly text: string }
  | { readonly kind: 'chain'; readonly target: Operand; readonly fields: readonly string[]; readonly text: string }
  | { readonly kind: 'dot'; readonly text: string }
  | { readonly kind: 'nil'; readonly text: string }
  | { readonly kind: 'literal'; readonly value: string | number | boolean; readonly text: string }
  | { readonly kind: 'pipeline'; readonly pipeline: Pipeline; readonly text: string };

export type Command = readonly Operand[];

export interface Pipeline {
  /** `$x := …` declares, `$x = …` assigns. */
  readonly variable?: { readonly name: string; readonly assign: boolean };
  readonly commands: readonly Command[];
}

export type TemplateNode =
  | { readonly kind: 'text'; readonly text: string; readonly start: number }
  | { readonly kind: 'action'; readonly pipeline: Pipeline; readonly source: ActionSource }
  | {
      readonly kind: 'if' | 'with';
      readonly pipeline: Pipeline;
      readonly then: readonly TemplateNode[];
      readonly otherwise: readonly TemplateNode[];
      readonly source: ActionSource;
    };

const OPERAND_STARTS: ReadonlySet<TokenKind> = new Set<TokenKind>([
  'bool', 'charConstant', 'dot', 'field', 'identifier', 'number', 'nil', 'rawString', 'string', 'variable', 'leftParen',
]);
const KEYWORD_TOKENS: ReadonlySet<TokenKind> = new Set<TokenKind>([
  'if', 'else', 'end', 'with', 'nil', 'dot', 'range', 'define', 'template', 'block', 'break', 'continue',
]);
const UNSUPPORTED_CONTROLS: ReadonlySet<TokenKind> = new Set<TokenKind>(['range', 'define', 'template', 'block', 'break', 'continue']);

/**
 * Builds the tree of a lexed template as Go's parser does, including its checks: every
 * function must exist and every variable be declared before the template runs.
 */
export function parse(segments: readonly Segment[], hasFunction: (name: string) => boolean): TemplateNode[] {
  return new Parser(segments, hasFunction).parseTemplate();
}

type Stop = 'end' | 'else';

class Parser {
  private next = 0;
  private action: Extract<Segment, { kind: 'action' }> | undefined;
  private at = 0;
  private readonly variables: string[] = ['$'];

  constructor(
    private readonly segments: readonly Segment[],
    private readonly hasFunction: (name: string) => boolean,
  ) {}

  parseTemplate(): TemplateNode[] {
    const { nodes, stop } = this.itemList();
    if (stop) this.fail(`unexpected {{${stop}}}`);
    return nodes;
  }

  private fail(message: string, source = this.action?.source): never {
    throw new TemplateError(message, source?.text ?? '', (source?.start ?? 0) + 1);
  }

  /** Text and actions up to an {{end}} or {{else}} (returned as `stop`) or the end of the text. */
  private itemList(): { nodes: TemplateNode[]; stop?: Stop } {
    const nodes: TemplateNode[] = [];
    while (this.next < this.segments.length) {
      const segment = this.segments[this.next++]!;
      if (segment.kind === 'text') {
        nodes.push(segment);
        continue;
      }
      this.action = segment;
      this.at = 0;
      const node = this.parseAction();
      if (node === 'end' || node === 'else') return { nodes, stop: node };
      nodes.push(node);
    }
    return { nodes };
  }

  private parseAction(): TemplateNode | Stop {
    const source = this.action!.source;
    const token = this.nextNonSpace();
    if (token.kind === 'else') return this.elseControl();
    if (token.kind === 'end') {
      this.expect('rightDelim', 'end');
      return 'end';
    }
    if (token.kind === 'if' || token.kind === 'with') return this.control(token.kind);
    if (UNSUPPORTED_CONTROLS.has(token.kind)) this.fail(`{{${token.kind}}} is not supported`);
    this.at--;
    // Variables declared here stay in scope until the enclosing {{end}}.
    return { kind: 'action', pipeline: this.pipeline('command', 'rightDelim'), source };
  }

  // {{else if …}} and {{else with …}} leave the keyword for the enclosing control to read.
  private elseControl(): Stop {
    const next = this.peekNonSpace();
    if (next.kind !== 'if' && next.kind !== 'with' && next.kind !== 'rightDelim') {
      this.fail(`unexpected ${describeToken(next)} in else`);
    }
    return 'else';
  }

  private control(kind: 'if' | 'with'): TemplateNode {
    const source = this.action!.source;
    const scope = this.variables.length;
    const pipeline = this.pipeline(kind, 'rightDelim');
    const { nodes: then, stop } = this.itemList();
    if (!stop) this.fail('unexpected EOF', source);
    let otherwise: TemplateNode[] = [];
    if (stop === 'else') {
      const pending = this.nextNonSpace();
      if (pending.kind === kind) {
        // {{if a}}…{{else if b}}…{{end}} is {{if a}}…{{else}}{{if b}}…{{end}}{{end}}: one {{end}} closes both.
        otherwise = [this.control(kind)];
      } else {
        if (pending.kind !== 'rightDelim') this.fail(`unexpected ${describeToken(pending)} in input`);
        const rest = this.itemList();
        if (!rest.stop) this.fail('unexpected EOF', source);
        if (rest.stop === 'else') this.fail('expected end; found {{else}}');
        otherwise = rest.nodes;
      }
    }
    this.variables.length = scope;
    return { kind, pipeline, then, otherwise, source };
  }

  private pipeline(context: string, end: TokenKind): Pipeline {
    const variable = this.declaration(context);
    const commands: Command[] = [];
    for (;;) {
      const token = this.nextNonSpace();
      if (token.kind === end) {
        checkPipeline(commands, context, (message) => this.fail(message));
        return variable ? { variable, commands } : { commands };
      }
      if (!OPERAND_STARTS.has(token.kind)) this.fail(`unexpected ${describeToken(token)} in ${context}`);
      this.at--;
      commands.push(this.command());
    }
  }

  private declaration(context: string): Pipeline['variable'] {
    const first = this.peekNonSpace();
    if (first.kind !== 'variable') return undefined;
    const before = this.at;
    this.at++;
    const operator = this.peekNonSpace();
    if (operator.kind === 'char' && operator.text === ',') this.fail(`too many declarations in ${context}`);
    if (operator.kind !== 'declare' && operator.kind !== 'assign') {
      this.at = before;
      return undefined;
    }
    this.at++;
    this.variables.push(first.text);
    return { name: first.text, assign: operator.kind === 'assign' };
  }

  private command(): Command {
    const operands: Operand[] = [];
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) operands.push(operand);
      const token = this.take();
      if (token.kind === 'space') continue;
      if (token.kind === 'rightDelim' || token.kind === 'rightParen') this.at--;
      else if (token.kind !== 'pipe') this.fail(`unexpected ${describeToken(token)} in operand`);
      break;
    }
    if (operands.length === 0) this.fail('empty command');
    return operands;
  }

  /** A term and the `.field`s after it, as in `.Values.image` or `$config.host`. */
  private operand(): Operand | undefined {
    const operand = this.term();
    if (!operand || this.peek().kind !== 'field') return operand;
    const fields: string[] = [];
    let text = operand.text;
    while (this.peek().kind === 'field') {
      const field = this.take().text;
      fields.push(field.slice(1));
      text += field;
    }
    if (operand.kind === 'variable' || operand.kind === 'field') return { ...operand, fields: [...operand.fields, ...fields], text };
    if (operand.kind === 'pipeline' || operand.kind === 'function') return { kind: 'chain', target: operand, fields, text };
    return this.fail(`unexpected . after term ${goQuote(operand.text)}`);
  }

  private term(): Operand | undefined {
    const token = this.nextNonSpace();
    const text = token.text;
    switch (token.kind) {
      case 'identifier':
        if (!this.hasFunction(text)) this.fail(`function ${goQuote(text)} not defined`);
        return { kind: 'function', name: text, text };
      case 'dot':
        return { kind: 'dot', text };
      case 'nil':
        return { kind: 'nil', text };
      case 'variable':
        if (!this.variables.includes(text)) this.fail(`undefined variable ${goQuote(text)}`);
        return { kind: 'variable', name: text, fields: [], text };
      case 'field':
        return { kind: 'field', fields: [text.slice(1)], text };
      case 'bool':
        return { kind: 'literal', value: text === 'true', text };
      case 'charConstant':
        return this.fail(`character constants are not supported: ${text}`);
      case 'number':
        return { kind: 'literal', value: this.literal(() => parseGoNumber(text)), text };
      case 'string':
        return { kind: 'literal', value: this.literal(() => unquoteInterpreted(text)), text };
      case 'rawString':
        return { kind: 'literal', value: unquoteRaw(text), text };
      case 'leftParen': {
        const pipeline = this.pipeline('parenthesized pipeline', 'rightParen');
        const close = this.action!.tokens[this.at - 1]!;
        const { source } = this.action!;
        return { kind: 'pipeline', pipeline, text: source.text.slice(token.start - source.start, close.end - source.start) };
      }
      default:
        this.at--;
        return undefined;
    }
  }

  private literal<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      return this.fail((error as Error).message);
    }
  }

  // Peeking never fails: like Go's parser, a lexing error counts only once something consumes it.
  private peek(): Token {
    const tokens = this.action!.tokens;
    // A closing delimiter or a lexing error ends every action, and nothing reads past it.
    return tokens[Math.min(this.at, tokens.length - 1)]!;
  }

  private take(): Token {
    const token = this.peek();
    this.at++;
    if (token.kind === 'error') this.fail(token.text);
    return token;
  }

  private nextNonSpace(): Token {
    let token = this.take();
    while (token.kind === 'space') token = this.take();
    return token;
  }

  private peekNonSpace(): Token {
    while (this.peek().kind === 'space') this.at++;
    return this.peek();
  }

  private expect(kind: TokenKind, context: string): Token {
    const token = this.nextNonSpace();
    if (token.kind !== kind) this.fail(`unexpected ${describeToken(token)} in ${context}`);
    return token;
  }
}

function checkPipeline(commands: readonly Command[], context: string, fail: (message: string) => never): void {
  if (commands.length === 0) fail(`missing value for ${context}`);
  commands.slice(1).forEach((command, i) => {
    const first = command[0]!;
    if (first.kind === 'literal' || first.kind === 'dot' || first.kind === 'nil') {
      fail(`non executable command in pipeline stage ${i + 2}`);
    }
  });
}

/** A token as Go's parser names it in errors: `<if>` for keywords, else quoted (cut at 10). */
function describeToken(token: Token): string {
  if (KEYWORD_TOKENS.has(token.kind)) return `<${token.text}>`;
  const chars = [...token.text];
  return chars.length > 10 ? `${goQuote(chars.slice(0, 10).join(''))}...` : goQuote(token.text);
}
