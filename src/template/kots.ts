import { goBuiltins } from './builtins';
import { TemplateError } from './errors';
import { execute, type OutputChunk } from './exec';
import { lex, type Delimiters } from './lex';
import { parse } from './parse';
import { readRenderedYaml } from './rendered-yaml';
import type { TemplateFunc, TemplateValue } from './values';

// KOTS renders a file twice, `{{repl` actions first, then `repl{{` actions in the result
// (replicatedhq/kots pkg/template/builder.go, RenderTemplate). Plain `{{ }}` is Helm's.
const FIRST_PASS: Delimiters = { left: '{{repl', right: '}}' };
const SECOND_PASS: Delimiters = { left: 'repl{{', right: '}}' };

type Lookup = (name: string) => TemplateFunc | undefined;

/**
 * Renders the KOTS template functions in `text`; everything outside their actions is kept
 * byte for byte. `funcs` are the functions a template may call (the caller's KOTS functions
 * and usually `sprigFuncs`); Go's builtins (`and`, `eq`, `printf`…) are always there.
 * Errors are TemplateErrors whose column points into `text`.
 */
export function renderKotsTemplate(text: string, funcs: Record<string, TemplateFunc>): string {
  const lookup: Lookup = (name) =>
    Object.hasOwn(funcs, name) ? funcs[name] : Object.hasOwn(goBuiltins, name) ? goBuiltins[name] : undefined;
  const firstPass = renderPass(text, FIRST_PASS, lookup);
  try {
    return joinChunks(renderPass(joinChunks(firstPass), SECOND_PASS, lookup));
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    const column = originalOffset(firstPass, error.column - 1, text.length) + 1;
    throw new TemplateError(error.message, error.expression, column);
  }
}

/**
 * The value KOTS ends up with for an unquoted YAML scalar holding templates, e.g.
 * `enabled: repl{{ HasLocalRegistry }}`. KOTS renders the whole manifest as text and only
 * then parses it, so the value's type is whatever YAML makes of the rendered text, not
 * the type the action returned: `repl{{ ConfigOption "replicas" }}` gives the number 3 from
 * the string "3", and `true` or `yes` give a bool. A quoted scalar (`'{{repl X }}'`) stays a
 * string in KOTS: render it with renderKotsTemplate instead.
 */
export function renderWholeValue(text: string, funcs: Record<string, TemplateFunc>): TemplateValue {
  const rendered = renderKotsTemplate(text, funcs);
  try {
    return readRenderedYaml(rendered);
  } catch (error) {
    throw new TemplateError((error as Error).message, text, 1);
  }
}

function renderPass(text: string, delimiters: Delimiters, lookup: Lookup): OutputChunk[] {
  const tree = parse(lex(text, delimiters), (name) => lookup(name) !== undefined);
  return execute(tree, lookup);
}

function joinChunks(chunks: readonly OutputChunk[]): string {
  return chunks.map((chunk) => chunk.text).join('');
}

/** Where an offset in the first pass's output came from: its own place in copied text, else the action that printed it. */
function originalOffset(chunks: readonly OutputChunk[], offset: number, textLength: number): number {
  let outputStart = 0;
  for (const chunk of chunks) {
    const outputEnd = outputStart + chunk.text.length;
    if (offset < outputEnd) return chunk.verbatim ? chunk.start + (offset - outputStart) : chunk.start;
    outputStart = outputEnd;
  }
  return textLength;
}
