import { describe, expect, it } from 'vitest';
import { render, renderError } from './render-helper';

// Trim markers and comments follow Go's text/template lexer; outputs were checked against it.

describe('whitespace trimming', () => {
  it('{{repl- trims spaces, tabs and newlines before the action', () => {
    expect(render('a \t\n {{repl- "b" }}')).toBe('ab');
  });

  it('-}} trims them after the action', () => {
    expect(render('{{repl "a" -}} \n\n b')).toBe('ab');
  });

  it('works in the repl{{- form too', () => {
    expect(render('a  repl{{- "b" -}}  \n c')).toBe('abc');
  });

  it('needs a space next to the dash: {{repl-1}} is the number -1', () => {
    expect(render('a  {{repl-1}}  b')).toBe('a  -1  b');
  });

  it('trims around if and end, which is how block templates keep their lines', () => {
    expect(render('{{repl if true -}}\n  yes\n{{repl- end }}')).toBe('yes');
  });
});

describe('comments', () => {
  it('print nothing', () => {
    expect(render('a {{repl/* note */}} b')).toBe('a  b');
  });

  it('trim like actions', () => {
    expect(render('a \n {{repl- /* note */ -}} \n b')).toBe('ab');
  });

  it('must close right before the delimiter', () => {
    expect(renderError('{{repl/* note */ x }}').message).toBe('comment ends before closing delimiter');
    expect(renderError('{{repl/* note ').message).toBe('unclosed comment');
  });

  it('must start right after the delimiter, else they are not comments', () => {
    expect(renderError('{{repl /* note */}}').message).toBe('unexpected "/" in command');
  });
});

describe('malformed actions', () => {
  it.each([
    ['{{repl "a', 'unterminated quoted string'],
    ['{{repl `a', 'unterminated raw quoted string'],
    ['{{repl (1 }}', 'unclosed left paren'],
    ['{{repl 1) }}', 'unexpected ")" in command'],
    ['{{repl 1x }}', 'bad number syntax: "1x"'],
    ['{{repl $x := 1 }}{{repl $x: }}', 'expected :='],
    ['{{repl print a# }}', 'bad character U+0023 \'#\''],
    ['{{repl print "a" ? }}', 'unexpected "?" in operand'],
    ['{{repl print "é" ü }}', 'function "ü" not defined'],
  ])('%s fails with %s', (text, message) => {
    expect(renderError(text).message).toBe(message);
  });

  it('are reported only after anything that fails earlier in the text', () => {
    expect(renderError('{{repl end }} {{repl "a').message).toBe('unexpected {{end}}');
  });

  it('may span lines', () => {
    expect(render('{{repl print\n  "a"\n  "b" }}')).toBe('ab');
  });
});
