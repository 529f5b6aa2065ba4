import { sprint, sprintln } from './gofmt';
import { sprintf } from './printf';
import { expectString, variadic } from './signature';
import { compareGoStrings, goKind, goTypeName, isNil, isTrue, type GoKind, type TemplateFunc, type TemplateValue } from './values';

// Go compares only these kinds with lt/le/gt/ge; eq also compares nil, lists and maps by identity.
const BASIC_KINDS: ReadonlySet<GoKind> = new Set(['bool', 'int', 'float', 'string']);

function basicKind(value: TemplateValue): GoKind | 'invalid' {
  const kind = goKind(value);
  return BASIC_KINDS.has(kind) ? kind : 'invalid';
}

function incompatible(a: TemplateValue, b: TemplateValue): Error {
  return new Error(`incompatible types for comparison: ${goTypeName(a)} and ${goTypeName(b)}`);
}

function equalTo(a: TemplateValue, b: TemplateValue): boolean {
  const kindA = basicKind(a);
  const kindB = basicKind(b);
  if (kindA !== kindB) {
    // nil equals nothing but nil, without an error.
    if (!isNil(a) && !isNil(b)) throw incompatible(a, b);
    return false;
  }
  if (kindA !== 'invalid') return a === b;
  const kindsDiffer = goKind(a) !== goKind(b);
  if (kindsDiffer && !isNil(a) && !isNil(b)) {
    throw new Error(sprintf('non-comparable types %s: %v, %s: %v', [a, goTypeName(a), goTypeName(b), b]));
  }
  if (isNil(a) || isNil(b)) return isNil(a) === isNil(b);
  throw new Error(sprintf('non-comparable type %s: %v', [b, goTypeName(b)]));
}

/** eq a b c… is a == b || a == c || … */
function eq(...args: TemplateValue[]): boolean {
  const [first, ...others] = args;
  if (others.length === 0) throw new Error('missing argument for comparison');
  return others.some((other) => equalTo(first, other));
}

function lessThan(a: TemplateValue, b: TemplateValue): boolean {
  const kindA = basicKind(a);
  const kindB = basicKind(b);
  if (kindA === 'invalid' || kindB === 'invalid') throw new Error('invalid type for comparison');
  if (kindA !== kindB) throw incompatible(a, b);
  if (kindA === 'bool') throw new Error('invalid type for comparison');
  if (kindA === 'string') return compareGoStrings(a as string, b as string) < 0;
  return (a as number) < (b as number);
}

function length(item: TemplateValue): number {
  switch (goKind(item)) {
    case 'nil':
      // Go's own words: its len reaches reflect with no value and reports reflect's panic.
      return fail('reflect: call of reflect.Value.Type on zero Value');
    case 'string':
      return Buffer.byteLength(item as string, 'utf8');
    case 'slice':
      return (item as TemplateValue[]).length;
    case 'map':
      return Object.keys(item as object).length;
    default:
      return fail(`len of type ${goTypeName(item)}`);
  }
}

function fail(message: string): never {
  throw new Error(message);
}

/**
 * `and` returns its first false argument or its last; `or` its first true argument or its
 * last. The engine evaluates their arguments one at a time and stops early, as Go does.
 */
export const and = variadic(1, (...args) => firstOrLast(args, (arg) => !isTrue(arg)));
export const or = variadic(1, (...args) => firstOrLast(args, isTrue));

function firstOrLast(args: TemplateValue[], wanted: (arg: TemplateValue) => boolean): TemplateValue {
  const found = args.findIndex(wanted);
  return args[found < 0 ? args.length - 1 : found];
}

/** Go's index: item of a slice by position, of a map by key; nil for a missing map key. */
function index(item: TemplateValue, ...keys: TemplateValue[]): TemplateValue {
  let current = item;
  for (const key of keys) {
    const kind = goKind(current);
    if (kind === 'slice') {
      const list = current as TemplateValue[];
      if (typeof key !== 'number' || !Number.isInteger(key)) return fail(`cannot index slice/array with type ${goTypeName(key)}`);
      if (key < 0 || key >= list.length) return fail(`error calling index: index out of range: ${key}`);
      current = list[key];
    } else if (kind === 'map') {
      if (typeof key !== 'string') return fail(`value has type ${goTypeName(key)}; should be string`);
      const map = current as Record<string, TemplateValue>;
      current = Object.hasOwn(map, key) ? map[key] : null;
    } else if (kind === 'nil') return fail('index of untyped nil');
    else return fail(`can't index item of type ${goTypeName(current)}`);
  }
  return current;
}

/** Go's predefined template functions, less slice/call/html/js/urlquery. */
export const goBuiltins: Record<string, TemplateFunc> = {
  and,
  or,
  not: (arg) => !isTrue(arg),
  eq: variadic(1, eq),
  ne: (a, b) => !equalTo(a, b),
  lt: (a, b) => lessThan(a, b),
  le: (a, b) => lessThan(a, b) || equalTo(a, b),
  gt: (a, b) => !(lessThan(a, b) || equalTo(a, b)),
  ge: (a, b) => !lessThan(a, b),
  len: (item) => length(item),
  index: variadic(1, index),
  print: variadic(0, (...args) => sprint(args)),
  printf: variadic(1, (format, ...args) => sprintf(expectString(format), args)),
  println: variadic(0, (...args) => sprintln(args)),
};
