import { TemplateError } from './errors';
import { renderKotsTemplate } from './kots-text';
import { readRenderedYaml } from './rendered-yaml';
import type { TemplateFunc, TemplateValue } from './values';

export { renderKotsTemplate };

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
