/** A value as a template sees it: what a Go template holds in an `interface{}`. */
export type TemplateValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | TemplateValue[]
  | { [k: string]: TemplateValue };

export type TemplateFunc = (...args: TemplateValue[]) => TemplateValue;

/**
 * The Go kind a value stands for. JavaScript has one number type, so a whole number plays
 * Go's `int` and any other number `float64`: a template cannot tell `1.0` from `1` here.
 */
export type GoKind = 'nil' | 'bool' | 'int' | 'float' | 'string' | 'slice' | 'map';

export function goKind(value: TemplateValue): GoKind {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'int' : 'float';
  return Array.isArray(value) ? 'slice' : 'map';
}

const GO_TYPE_NAMES: Record<GoKind, string> = {
  nil: '<nil>',
  bool: 'bool',
  int: 'int',
  float: 'float64',
  string: 'string',
  slice: '[]interface {}',
  map: 'map[string]interface {}',
};

/** The type name Go puts in its messages, e.g. `float64` or `[]interface {}`. */
export function goTypeName(value: TemplateValue): string {
  return GO_TYPE_NAMES[goKind(value)];
}

export function isNil(value: TemplateValue): value is null | undefined {
  return value === null || value === undefined;
}

/** Go's template truth: false, 0, nil and empty strings, lists and maps are false. */
export function isTrue(value: TemplateValue): boolean {
  switch (goKind(value)) {
    case 'nil':
      return false;
    case 'bool':
      return value === true;
    case 'int':
    case 'float':
      // NaN != 0 in Go, so NaN is true.
      return value !== 0;
    case 'string':
      return (value as string).length > 0;
    case 'slice':
      return (value as TemplateValue[]).length > 0;
    case 'map':
      return Object.keys(value as object).length > 0;
  }
}

/** Go orders strings by their UTF-8 bytes, which differs from UTF-16 order beyond the BMP. */
export function compareGoStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
