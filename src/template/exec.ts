import { and, or } from './builtins';
import { ArgumentTypeError, TemplateError } from './errors';
import { formatValue } from './gofmt';
import type { ActionSource } from './lex';
import type { Command, Operand, Pipeline, TemplateNode } from './parse';
import { arityOf } from './signature';
import { goKind, goTypeName, isNil, isTrue, type TemplateFunc, type TemplateValue } from './values';

/**
 * A piece of output and where it came from in the template text: text copied as it was
 * (`verbatim`, so any offset inside it maps back), or what the action at `start` printed.
 */
export interface OutputChunk {
  readonly text: string;
  readonly start: number;
  readonly verbatim: boolean;
}

// What a pipeline stage hands to the next; the first stage gets nothing, not even nil.
const NOTHING = Symbol('nothing handed on');
type Handed = TemplateValue | typeof NOTHING;

/** Runs a parsed template with no data (KOTS passes nil), so `.` and `$` are nil. */
export function execute(nodes: readonly TemplateNode[], lookup: (name: string) => TemplateFunc | undefined): OutputChunk[] {
  const execution = new Execution(lookup);
  execution.walk(nodes, null);
  return execution.output;
}

class Execution {
  readonly output: OutputChunk[] = [];
  private readonly variables: { name: string; value: TemplateValue }[] = [{ name: '$', value: null }];

  constructor(private readonly lookup: (name: string) => TemplateFunc | undefined) {}

  walk(nodes: readonly TemplateNode[], dot: TemplateValue): void {
    for (const node of nodes) {
      if (node.kind === 'text') this.output.push({ text: node.text, start: node.start, verbatim: true });
      else if (node.kind === 'action') this.within(node.source, () => this.print(node.pipeline, node.source, dot));
      else this.within(node.source, () => this.branch(node, dot));
    }
  }

  // Errors name the action they happened in; one from a nested action already does.
  private within(source: ActionSource, run: () => void): void {
    try {
      run();
    } catch (error) {
      if (error instanceof TemplateError) throw error;
      throw new TemplateError(error instanceof Error ? error.message : String(error), source.text, source.start + 1);
    }
  }

  private print(pipeline: Pipeline, source: ActionSource, dot: TemplateValue): void {
    const value = this.evalPipeline(dot, pipeline);
    if (pipeline.variable) return;
    this.output.push({ text: isNil(value) ? '<no value>' : formatValue(value), start: source.start, verbatim: false });
  }

  private branch(node: Extract<TemplateNode, { kind: 'if' | 'with' }>, dot: TemplateValue): void {
    const scope = this.variables.length;
    const value = this.evalPipeline(dot, node.pipeline);
    if (isTrue(value)) this.walk(node.then, node.kind === 'with' ? value : dot);
    else this.walk(node.otherwise, dot);
    this.variables.length = scope;
  }

  private evalPipeline(dot: TemplateValue, pipeline: Pipeline): TemplateValue {
    let value: Handed = NOTHING;
    for (const command of pipeline.commands) value = this.evalCommand(dot, command, value);
    const result = value === NOTHING ? null : value;
    const { variable } = pipeline;
    if (variable?.assign) this.slot(variable.name).value = result;
    else if (variable) this.variables.push({ name: variable.name, value: result });
    return result;
  }

  private evalCommand(dot: TemplateValue, command: Command, handed: Handed): TemplateValue {
    const [first, ...args] = command as [Operand, ...Operand[]];
    if (first.kind === 'function') return this.call(dot, first.name, args, handed);
    if ('fields' in first && first.fields.length > 0) {
      return this.fields(this.receiverOf(dot, first), first.fields, args.length > 0 || handed !== NOTHING);
    }
    if (args.length > 0 || handed !== NOTHING) {
      // Go names a parenthesized pipeline without its parentheses here.
      throw new Error(`can't give argument to non-function ${first.kind === 'pipeline' ? first.text.slice(1, -1) : first.text}`);
    }
    if (first.kind === 'nil') throw new Error('nil is not a command');
    return this.evalArg(dot, first);
  }

  private evalArg(dot: TemplateValue, operand: Operand): TemplateValue {
    switch (operand.kind) {
      case 'dot':
        return dot;
      case 'nil':
        return null;
      case 'literal':
        return operand.value;
      case 'variable':
      case 'field':
      case 'chain':
        return this.fields(this.receiverOf(dot, operand), operand.fields, false);
      case 'pipeline':
        return this.evalPipeline(dot, operand.pipeline);
      case 'function':
        return this.call(dot, operand.name, [], NOTHING);
    }
  }

  private receiverOf(dot: TemplateValue, operand: Extract<Operand, { kind: 'variable' | 'field' | 'chain' }>): TemplateValue {
    if (operand.kind === 'field') return dot;
    return operand.kind === 'chain' ? this.evalArg(dot, operand.target) : this.slot(operand.name).value;
  }

  /**
   * `.a.b` on a value. With no data (KOTS passes none) every field is nil and prints as
   * `<no value>`; a map gives its entry or nil; anything else has no fields.
   */
  private fields(receiver: TemplateValue, names: readonly string[], hasArgs: boolean): TemplateValue {
    let value = receiver;
    for (const [i, name] of names.entries()) {
      if (isNil(value)) return null;
      if (goKind(value) !== 'map') throw new Error(`can't evaluate field ${name} in type ${goTypeName(value)}`);
      if (hasArgs && i === names.length - 1) throw new Error(`${name} is not a method but has arguments`);
      const map = value as Record<string, TemplateValue>;
      value = Object.hasOwn(map, name) ? map[name] : null;
    }
    return value;
  }

  private slot(name: string): { value: TemplateValue } {
    const slot = this.variables.findLast((variable) => variable.name === name);
    if (!slot) throw new Error(`undefined variable: ${name}`);
    return slot;
  }

  /** A function call; a value handed on by the pipeline comes last, after the written arguments. */
  private call(dot: TemplateValue, name: string, argNodes: readonly Operand[], handed: Handed): TemplateValue {
    const fn = this.lookup(name)!;
    const count = argNodes.length + (handed === NOTHING ? 0 : 1);
    const { min, variadic } = arityOf(fn);
    if (variadic && count < min) throw new Error(`wrong number of args for ${name}: want at least ${min} got ${argNodes.length}`);
    if (!variadic && count !== min) throw new Error(`wrong number of args for ${name}: want ${min} got ${count}`);
    if (fn === and || fn === or) return this.shortCircuit(fn === or, dot, argNodes, handed);
    const args = argNodes.map((node) => this.evalArg(dot, node));
    if (handed !== NOTHING) args.push(handed);
    try {
      return fn(...args);
    } catch (error) {
      if (error instanceof ArgumentTypeError) throw error;
      throw new Error(`error calling ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  // Go's and/or stop at the first argument that settles the answer, leaving the rest unevaluated.
  private shortCircuit(isOr: boolean, dot: TemplateValue, argNodes: readonly Operand[], handed: Handed): TemplateValue {
    let value: TemplateValue = null;
    for (const node of argNodes) {
      value = this.evalArg(dot, node);
      if (isTrue(value) === isOr) return value;
    }
    return handed === NOTHING ? value : handed;
  }
}
