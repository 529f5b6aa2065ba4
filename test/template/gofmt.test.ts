import { describe, expect, it } from 'vitest';
import { formatFixed, formatGoFloat, goQuote } from '../../src/template/gofmt';

describe('formatGoFloat: a float64 as %v prints it', () => {
  it.each([
    [1.5, '1.5'],
    [-2.5, '-2.5'],
    [123456.5, '123456.5'],
    [1234567.5, '1.2345675e+06'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e300, '1.5e+300'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])('%s prints %s', (n, printed) => {
    expect(formatGoFloat(n)).toBe(printed);
  });
});

describe('formatFixed: %.Nf from the exact value, ties to even', () => {
  it.each([
    [2.25, 1, '2.2'],
    [2.35, 1, '2.4'],
    [0.125, 2, '0.12'],
    [1.005, 2, '1.00'],
    [-0.5, 0, '-0'],
    [1e21, 2, '1000000000000000000000.00'],
    [3.14159, 6, '3.141590'],
  ])('%s with %s digits is %s', (n, digits, printed) => {
    expect(formatFixed(n, digits)).toBe(printed);
  });
});

describe('goQuote: strconv.Quote', () => {
  it.each([
    ['plain', '"plain"'],
    ['say "hi"\\', '"say \\"hi\\"\\\\"'],
    ['tab\tnl\n\x07', '"tab\\tnl\\n\\a"'],
    ['é 😀', '"é 😀"'],
    ['\x01\x7f', '"\\x01\\x7f"'],
    ['\u2028\u00a0', '"\\u2028\\u00a0"'],
  ])('%j is %s', (text, quoted) => {
    expect(goQuote(text)).toBe(quoted);
  });
});
