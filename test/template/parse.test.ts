import { describe, expect, it } from 'vitest';
import { render, renderError } from './render-helper';

// Literal syntax is Go's (strconv.Unquote, ParseInt/ParseFloat); outputs were checked against Go.

describe('number literals', () => {
  it.each([
    ['42', '42'],
    ['-5', '-5'],
    ['+7', '7'],
    ['0x1F', '31'],
    ['017', '15'],
    ['0o17', '15'],
    ['0b101', '5'],
    ['1_000', '1000'],
    ['1.5', '1.5'],
    ['.5', '0.5'],
    ['1e3', '1000'],
    ['0.1e-2', '0.001'],
  ])('%s prints %s', (literal, printed) => {
    expect(render(`{{repl print ${literal} }}`)).toBe(printed);
  });

  it.each([
    ['089', 'integer overflow: "089"'],
    ['99999999999999999999', 'integer overflow: "99999999999999999999"'],
    ['1+2i', 'complex constants are not supported: "1+2i"'],
  ])('%s is refused: %s', (literal, message) => {
    expect(renderError(`{{repl print ${literal} }}`).message).toBe(message);
  });
});

describe('string literals', () => {
  it('read Go escapes, including bytes that form UTF-8', () => {
    expect(render('{{repl "tab\\tA\\x41\\101\\u00e9\\U0001F600\\xc3\\xa9" }}')).toBe('tab\tAAAé😀é');
  });

  it('take raw strings as written, without carriage returns', () => {
    expect(render('{{repl `a\\n"b"\r` }}')).toBe('a\\n"b"');
  });

  it.each(['"\\\'"', '"\\q"', '"\\400"', '"\\xZZ"', '"\\ud800"'])('refuse the escape in %s', (literal) => {
    expect(renderError(`{{repl ${literal} }}`).message).toBe('invalid syntax');
  });
});

describe('actions the parser refuses', () => {
  it.each([
    ['{{repl }}', 'missing value for command'],
    ['{{repl if }}a{{repl end }}', 'missing value for if'],
    ['{{repl $x }}', 'undefined variable "$x"'],
    ['{{repl else }}', 'unexpected {{else}}'],
    ['{{repl if true }}a{{repl end 1 }}', 'unexpected "1" in end'],
    ['{{repl $x, $y := 1 }}', 'too many declarations in command'],
    ['{{repl 1 | $x }}', 'undefined variable "$x"'],
    ['{{repl "a".b }}', 'unexpected . after term "\\"a\\""'],
    ['{{repl range 1 }}{{repl end }}', '{{range}} is not supported'],
    ["{{repl 'a' }}", "character constants are not supported: 'a'"],
  ])('%s: %s', (text, message) => {
    expect(renderError(text).message).toBe(message);
  });
});
