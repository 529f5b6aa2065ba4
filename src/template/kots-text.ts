import { goBuiltins } from './builtins';
import { TemplateError } from './errors';
import { execute, type OutputChunk } from './exec';
import { lex, type Delimiters } from './lex';
import { parse } from './parse';
import type { TemplateFunc } from './values';

// KOTS renders a file twice, `{{repl` actions first, then `repl{{` actions in the result
// (replicatedhq/kots pkg/template/builder.go, RenderTemplate). Plain `{{ }}` is Helm's.
// Kept apart from renderWholeValue (kots.ts), which needs the `yaml` package: code that only
// renders text does not load it.
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
