import { ArgumentTypeError } from './errors';
import { goTypeName, isNil, type TemplateFunc, type TemplateValue } from './values';

/**
 * How many arguments a function takes. A Go function has a fixed count unless its last
 * parameter is `...`; a JavaScript function says neither, so a plain function takes exactly
 * `fn.length` arguments and one with optional or rest parameters must be marked `variadic`.
 */
export interface Arity {
  readonly min: number;
  readonly variadic: boolean;
}

const ARITY = Symbol('template arity');

type MarkedFunc = TemplateFunc & { [ARITY]?: Arity };

/** Marks `fn` as taking `min` or more arguments, like a Go func whose last parameter is `...`. */
export function variadic(min: number, fn: TemplateFunc): TemplateFunc {
  return Object.assign((...args: TemplateValue[]) => fn(...args), { [ARITY]: { min, variadic: true } });
}

export function arityOf(fn: TemplateFunc): Arity {
  return (fn as MarkedFunc)[ARITY] ?? { min: fn.length, variadic: false };
}

function wrongType(expected: string, value: TemplateValue): ArgumentTypeError {
  return new ArgumentTypeError(
    isNil(value) ? `invalid value; expected ${expected}` : `wrong type for value; expected ${expected}; got ${goTypeName(value)}`,
  );
}

/** A Go `string` parameter: anything else is refused, as Go refuses it. */
export function expectString(value: TemplateValue): string {
  if (typeof value !== 'string') throw wrongType('string', value);
  return value;
}

export function expectInt(value: TemplateValue): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw wrongType('int', value);
  return value;
}

export function expectBool(value: TemplateValue): boolean {
  if (typeof value !== 'boolean') throw wrongType('bool', value);
  return value;
}
