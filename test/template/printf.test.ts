import { describe, expect, it } from 'vitest';
import { render, renderError } from './render-helper';

// fmt.Sprintf as `printf` reaches it; outputs were checked against Go.

const values = { List: () => ['a', 1, null], Map: () => ({ b: 1, a: 'x' }) };

describe('printf', () => {
  it.each([
    ['"%s/%s" "registry" "ns"', 'registry/ns'],
    ['"%d" 42', '42'],
    ['"%v %v" List Map', '[a 1 <nil>] map[a:x b:1]'],
    ['"%q" "say \\"hi\\"\\n"', '"say \\"hi\\"\\n"'],
    ['"%q" 97', "'a'"],
    ['"%t" true', 'true'],
    ['"%f" 1.5', '1.500000'],
    ['"%.2f" 3.14159', '3.14'],
    ['"%.1f" 2.25', '2.2'],
    ['"%x %X %x" 255 255 "hi"', 'ff FF 6869'],
    ['"%T %T %T %T" 1 1.5 "a" List', 'int float64 string []interface {}'],
    ['"%5s|%-5s|%05d|%+d|%.1s" "ab" "ab" 42 5 "xyz"', '   ab|ab   |00042|+5|x'],
    ['"%08.3f" -3.14159', '-003.142'],
    ['"100%%"', '100%'],
  ])('printf %s gives %s', (args, printed) => {
    expect(render(`{{repl printf ${args} }}`, values)).toBe(printed);
  });

  it('writes Go\'s markers for a wrong, missing or extra argument', () => {
    expect(render('{{repl printf "%d %s" "a" 1 }}')).toBe('%!d(string=a) %!s(int=1)');
    expect(render('{{repl printf "%d" }}')).toBe('%!d(MISSING)');
    expect(render('{{repl printf "%d" 1 2 }}')).toBe('1%!(EXTRA int=2)');
    expect(render('{{repl printf "%s" nil }}')).toBe('%!s(<nil>)');
    expect(render('{{repl printf "%f" 3 }}')).toBe('%!f(int=3)');
    expect(render('{{repl printf "%z" 1 }}')).toBe('%!z(int=1)');
    expect(render('{{repl printf "x%" }}')).toBe('x%!(NOVERB)');
  });

  it('applies the verb to each item of a list, nil items aside', () => {
    expect(render('{{repl printf "%d" List }}', values)).toBe('[%!d(string=a) 1 <nil>]');
  });

  it('refuses verbs it does not render rather than print them wrong', () => {
    expect(renderError('{{repl printf "%e" 1.5 }}').message).toBe('error calling printf: printf verb %e is not supported');
  });

  it('takes the piped value as its last argument', () => {
    expect(render('{{repl "b" | printf "%s-%s" "a" }}')).toBe('a-b');
  });
});
