import { describe, expect, it } from 'vitest';
import { render, renderError } from './render-helper';

// Masterminds/sprig semantics (argument order puts the piped value last); outputs were checked
// against sprig through Go's text/template.

const values = { Nil: () => null, List: () => ['a', 1, null, 2.5], Map: () => ({ b: 1, a: 'x' }) };

describe('ternary', () => {
  it('picks the first value when the last argument is true', () => {
    expect(render('{{repl ternary "a" "b" true }} {{repl ternary "a" "b" false }}')).toBe('a b');
  });

  it('takes the condition from a pipeline', () => {
    expect(render('{{repl eq "x" "x" | ternary "same" "different" }}')).toBe('same');
  });

  it('wants a bool, not a string that says true', () => {
    expect(renderError('{{repl ternary "a" "b" "true" }}').message).toBe('wrong type for value; expected bool; got string');
  });
});

describe('default and empty', () => {
  it('default gives the fallback for an empty or missing value', () => {
    expect(render('{{repl default "d" "" }} {{repl default "d" "v" }} {{repl default "d" }} {{repl 0 | default 5 }} {{repl Nil | default "n" }}', values)).toBe(
      'd v d 5 n',
    );
  });

  it('empty is true for zero values', () => {
    expect(render('{{repl empty "" }} {{repl empty 0 }} {{repl empty false }} {{repl empty Nil }} {{repl empty "a" }} {{repl empty List }}', values)).toBe(
      'true true true true false false',
    );
  });
});

describe('quoting', () => {
  it('quote gives Go-quoted strings, skipping nil', () => {
    expect(render('{{repl quote "a" 1 nil "b\\"c" }}')).toBe('"a" "1" "b\\"c"');
  });

  it('squote wraps in single quotes without escaping', () => {
    expect(render('{{repl squote "a" 1 nil }} {{repl "it\'s" | squote }}')).toBe("'a' '1' 'it's'");
  });
});

describe('strings', () => {
  it.each([
    ['upper "abc é"', 'ABC É'],
    ['upper "ß"', 'ß'],
    ['lower "ABC É"', 'abc é'],
    ['lower "İ"', 'i'],
    ['trim "  a b \\n\\t"', 'a b'],
    ['trim "\\u00a0a\\ufeff"', 'a\ufeff'],
    ['replace "-" "_" "a-b-c"', 'a_b_c'],
    ['"a-b" | replace "-" ""', 'ab'],
    ['replace "" "-" "abc"', '-a-b-c-'],
    ['trimPrefix "proxy/" "proxy/app"', 'app'],
    ['trimPrefix "x" "app"', 'app'],
    ['trimSuffix "/api" "ns/api"', 'ns'],
    ['trimSuffix "" "abc"', 'abc'],
    ['contains "b" "abc"', 'true'],
    ['"abc" | contains "z"', 'false'],
    ['hasPrefix "a" "abc"', 'true'],
    ['hasSuffix "a" "abc"', 'false'],
  ])('%s gives %j', (call, result) => {
    expect(render(`{{repl ${call} }}`)).toBe(result);
  });

  it('string functions refuse other types', () => {
    expect(renderError('{{repl upper 1 }}').message).toBe('wrong type for value; expected string; got int');
    expect(renderError('{{repl lower .missing }}').message).toBe('invalid value; expected string');
  });
});

describe('indent and nindent', () => {
  it('indent pads every line', () => {
    expect(render('{{repl indent 2 "a\\nb" }}')).toBe('  a\n  b');
  });

  it('nindent starts with a newline, for a block under a key', () => {
    expect(render('key:{{repl "a: 1\\nb: 2" | nindent 2 }}')).toBe('key:\n  a: 1\n  b: 2');
  });

  it('wants an int width', () => {
    expect(renderError('{{repl indent "2" "a" }}').message).toBe('wrong type for value; expected int; got string');
    expect(renderError('{{repl indent -1 "a" }}').message).toBe('error calling indent: strings: negative Repeat count');
  });
});

describe('toString and join', () => {
  it('toString prints any value as %v does', () => {
    expect(render('{{repl toString 1 }} {{repl toString 1.5 }} {{repl toString List }} {{repl toString Nil }}', values)).toBe(
      '1 1.5 [a 1 <nil> 2.5] <nil>',
    );
  });

  it('join puts the separator between the non-nil items', () => {
    expect(render('{{repl join "," List }} {{repl join "-" "a" }} [{{repl join "-" Nil }}]', values)).toBe('a,1,2.5 a []');
  });
});
