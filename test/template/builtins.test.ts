import { describe, expect, it } from 'vitest';
import { render, renderError } from './render-helper';

// Go's builtins (text/template funcs.go). Comparison messages carry the two types, as Go 1.26
// (the Go KOTS is built with) writes them.

const values = { Nil: () => null, List: () => ['a', 1], Map: () => ({ a: 1 }) };

describe('eq and ne', () => {
  it.each([
    ['eq 1 1', 'true'],
    ['eq 1 2', 'false'],
    ['eq 1 2 3 1', 'true'],
    ['eq "a" "a"', 'true'],
    ['eq true false', 'false'],
    ['eq 1.5 1.5', 'true'],
    ['eq nil 1', 'false'],
    ['eq nil nil', 'true'],
    ['ne 1 2', 'true'],
    ['ne "a" "a"', 'false'],
  ])('%s is %s', (call, result) => {
    expect(render(`{{repl ${call} }}`)).toBe(result);
  });

  it.each([
    ['eq 1 "1"', 'error calling eq: incompatible types for comparison: int and string'],
    ['eq "true" true', 'error calling eq: incompatible types for comparison: string and bool'],
    ['eq 1 1.5', 'error calling eq: incompatible types for comparison: int and float64'],
    ['ne 1 "a"', 'error calling ne: incompatible types for comparison: int and string'],
    ['eq List "a"', 'error calling eq: incompatible types for comparison: []interface {} and string'],
    ['eq List List', 'error calling eq: non-comparable type [a %!s(int=1)]: []interface {}'],
    ['eq 1', 'error calling eq: missing argument for comparison'],
  ])('%s fails: %s', (call, message) => {
    expect(renderError(`{{repl ${call} }}`, values).message).toBe(message);
  });

  it('fails on a mixed comparison even inside an if', () => {
    const error = renderError('a: {{repl if eq HasLocalRegistry "true" }}x{{repl end }}', { HasLocalRegistry: () => true });
    expect(error.message).toBe('error calling eq: incompatible types for comparison: bool and string');
    expect(error.column).toBe(4);
  });
});

describe('lt, le, gt, ge', () => {
  it.each([
    ['lt 1 2', 'true'],
    ['le 2 2', 'true'],
    ['gt "b" "a"', 'true'],
    ['ge 1.5 2.5', 'false'],
    ['lt "Z" "a"', 'true'],
  ])('%s is %s', (call, result) => {
    expect(render(`{{repl ${call} }}`)).toBe(result);
  });

  it.each([
    ['lt 1 "a"', 'error calling lt: incompatible types for comparison: int and string'],
    ['gt 2 1.5', 'error calling gt: incompatible types for comparison: int and float64'],
    ['lt true false', 'error calling lt: invalid type for comparison'],
    ['lt nil 1', 'error calling lt: invalid type for comparison'],
    ['ge List 1', 'error calling ge: invalid type for comparison'],
  ])('%s fails: %s', (call, message) => {
    expect(renderError(`{{repl ${call} }}`, values).message).toBe(message);
  });
});

describe('not, len', () => {
  it('not negates truth', () => {
    expect(render('{{repl not 0 }} {{repl not "a" }} {{repl "" | not }}')).toBe('true false true');
  });

  it('len counts bytes of a string, items of a list or map', () => {
    expect(render('{{repl len "héllo" }} {{repl len List }} {{repl len Map }}', values)).toBe('6 2 1');
  });

  it('len has no answer for a number', () => {
    expect(renderError('{{repl len 3 }}').message).toBe('error calling len: len of type int');
  });
});

describe('print, println', () => {
  it('print puts spaces only between two operands that are not strings', () => {
    expect(render('{{repl print 1 2 "a" "b" 3 true }}')).toBe('1 2ab3 true');
  });

  it('println always puts spaces and ends the line', () => {
    expect(render('{{repl println 1 "a" }}')).toBe('1 a\n');
  });
});

describe('index', () => {
  const data = { Images: () => ({ api: 'quay.io/my-org/api', tags: ['1.0', '2.0'] }), Nil: () => null };
  it.each([
    ['index Images "api"', 'quay.io/my-org/api'],
    ['index Images "tags" 1', '2.0'],
    ['index Images "missing"', '<no value>'],
  ])('repl{{ %s }} is %s', (action, expected) => {
    expect(render(`repl{{ ${action} }}`, data)).toBe(expected);
  });

  it('errors as Go does out of range and on nil', () => {
    expect(renderError('repl{{ index Images "tags" 5 }}', data).message).toMatch(/index out of range: 5/);
    expect(renderError('repl{{ index Nil 0 }}', data).message).toMatch(/index of untyped nil/);
  });
});
