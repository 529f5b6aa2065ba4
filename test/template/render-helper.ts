import { renderKotsTemplate, sprigFuncs, TemplateError, type TemplateFunc } from '../../src/template/index';

/** Renders with sprig and Go's builtins, plus the given host functions. */
export function render(text: string, hostFuncs: Record<string, TemplateFunc> = {}): string {
  return renderKotsTemplate(text, { ...sprigFuncs, ...hostFuncs });
}

/** The TemplateError a template fails with. */
export function renderError(text: string, hostFuncs: Record<string, TemplateFunc> = {}): TemplateError {
  try {
    render(text, hostFuncs);
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to fail`);
}
