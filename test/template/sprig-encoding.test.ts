import { describe, expect, it } from 'vitest';
import { render } from './render-helper';

// b64dec follows Go's base64.StdEncoding (sprig returns its error text); toJson is Go's
// json.Marshal. Outputs were checked against sprig.

describe('b64enc and b64dec', () => {
  it('round-trip UTF-8 text', () => {
    expect(render('{{repl b64enc "hello é" }} {{repl "aGVsbG8gw6k=" | b64dec }}')).toBe('aGVsbG8gw6k= hello é');
  });

  it('b64dec skips line breaks', () => {
    expect(render('{{repl b64dec "YW\\nJj" }}')).toBe('abc');
  });

  it.each([
    ['abc', 'illegal base64 data at input byte 0'],
    ['YQ', 'illegal base64 data at input byte 0'],
    ['ab$c', 'illegal base64 data at input byte 2'],
    ['a===', 'illegal base64 data at input byte 1'],
    ['YQ=', 'illegal base64 data at input byte 3'],
    ['YQ==YQ==', 'illegal base64 data at input byte 4'],
  ])('b64dec of %j returns Go\'s error text: %s', (input, message) => {
    expect(render(`{{repl b64dec "${input}" }}`)).toBe(message);
  });
});

describe('toJson', () => {
  const values = { Map: () => ({ b: [1, 2.5, null], a: 'x' }) };

  it('sorts map keys', () => {
    expect(render('{{repl toJson Map }}', values)).toBe('{"a":"x","b":[1,2.5,null]}');
  });

  it('escapes HTML characters as Go does', () => {
    expect(render('{{repl toJson "<a&b>" }}')).toBe('"\\u003ca\\u0026b\\u003e"');
  });

  it('encodes scalars', () => {
    expect(render('{{repl toJson nil }} {{repl toJson true }} {{repl toJson 0.0000001 }}')).toBe('null true 1e-7');
  });
});
