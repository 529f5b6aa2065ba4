export { TemplateError } from './errors';
export { renderKotsTemplate, renderWholeValue } from './kots';
export { variadic, expectString, expectInt, expectBool } from './signature';
export { sprigFuncs } from './sprig';
export type { TemplateFunc, TemplateValue } from './values';
