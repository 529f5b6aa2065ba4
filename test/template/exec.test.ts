import { describe, expect, it } from 'vitest';
import { variadic } from '../../src/template/index';
import { render, renderError } from './render-helper';

// Expected output was checked against Go's text/template (with sprig) driven as KOTS drives it.

const values = {
  Nil: () => null,
  EmptyList: () => [],
  List: () => ['a', 1],
  EmptyMap: () => ({}),
  Map: () => ({ b: 1, a: 'x' }),
};

describe('truth, as {{if}} sees it', () => {
  it.each([
    ['true', 'yes'],
    ['false', 'no'],
    ['0', 'no'],
    ['1', 'yes'],
    ['-1', 'yes'],
    ['0.0', 'no'],
    ['0.5', 'yes'],
    ['""', 'no'],
    ['"false"', 'yes'],
    ['"0"', 'yes'],
    ['Nil', 'no'],
    ['EmptyList', 'no'],
    ['List', 'yes'],
    ['EmptyMap', 'no'],
    ['Map', 'yes'],
  ])('%s is %s', (value, branch) => {
    expect(render(`{{repl if ${value} }}yes{{repl else }}no{{repl end }}`, values)).toBe(branch);
  });
});

describe('printing an action', () => {
  it('prints nil as <no value>, and nil inside a value as <nil>', () => {
    expect(render('{{repl Nil }} {{repl print Nil }}', values)).toBe('<no value> <nil>');
  });

  it('prints lists and maps as Go does, map keys sorted', () => {
    expect(render('{{repl List }} {{repl Map }}', values)).toBe('[a 1] map[a:x b:1]');
  });

  it('prints . and $ as <no value>: KOTS gives templates no data', () => {
    expect(render('{{repl . }} {{repl $ }} {{repl .Values.x }}')).toBe('<no value> <no value> <no value>');
  });

  it('prints nothing for a declaration', () => {
    expect(render('[{{repl $x := 1 }}]')).toBe('[]');
  });
});

describe('pipelines', () => {
  it('hand each value to the next command as its last argument', () => {
    expect(render('{{repl "a-b" | replace "-" "_" | upper }}')).toBe('A_B');
  });

  it('call a function given no arguments, so its value can be piped', () => {
    expect(render('{{repl Flag | ternary "on" "off" }}', { Flag: () => true })).toBe('on');
  });

  it('evaluate parenthesized pipelines as arguments', () => {
    expect(render('{{repl printf "%s-%s" (upper "a") ("b" | upper) }}')).toBe('A-B');
  });

  it('nest parentheses', () => {
    expect(render('{{repl ternary "yes" "no" (and (eq 1 1) (not (eq "a" "b"))) }}')).toBe('yes');
  });

  it('read fields of a map value', () => {
    expect(render('{{repl $m := Map }}{{repl $m.a }} {{repl (Map).b }} {{repl $m.missing }}', values)).toBe('x 1 <no value>');
  });

  it('refuse arguments to something that is not a function', () => {
    expect(renderError('{{repl "a" | "b" }}').message).toBe('non executable command in pipeline stage 2');
    expect(renderError('{{repl 1 2 }}').message).toBe("can't give argument to non-function 1");
    expect(renderError('{{repl nil }}').message).toBe('nil is not a command');
  });
});

describe('and, or', () => {
  it('return the deciding argument, not a bool', () => {
    expect(render('{{repl and 1 0 2 }} {{repl and 1 2 }} {{repl or 0 "" }} {{repl or 0 "a" 3 }}')).toBe('0 2  a');
  });

  it('stop evaluating once the answer is known', () => {
    const funcs = { Boom: () => { throw new Error('boom'); } };
    expect(render('{{repl and 0 Boom }} {{repl or 1 Boom }}', funcs)).toBe('0 1');
    expect(renderError('{{repl and 1 Boom }}', funcs).message).toBe('error calling Boom: boom');
  });

  it('take the piped value as the last argument', () => {
    expect(render('{{repl 0 | and 1 }} {{repl 0 | or 2 }}')).toBe('0 2');
  });
});

describe('if, else if, else', () => {
  const chain = (a: string, b: string) => `{{repl if ${a} }}first{{repl else if ${b} }}second{{repl else }}third{{repl end }}`;

  it.each([
    ['true', 'false', 'first'],
    ['false', 'true', 'second'],
    ['false', 'false', 'third'],
  ])('if %s else if %s takes the %s branch', (a, b, branch) => {
    expect(render(chain(a, b))).toBe(branch);
  });

  it('with sets the dot to a true value and otherwise takes else', () => {
    expect(render('{{repl with "x" }}[{{repl . }}]{{repl end }} {{repl with "" }}x{{repl else }}none{{repl end }}')).toBe('[x] none');
  });

  it('needs an {{end}}', () => {
    const error = renderError('a {{repl if true }}b');
    expect(error.message).toBe('unexpected EOF');
    expect(error.expression).toBe('{{repl if true }}');
  });

  it('refuses a second else', () => {
    expect(renderError('{{repl if true }}a{{repl else }}b{{repl else }}c{{repl end }}').message).toBe('expected end; found {{else}}');
  });

  it('refuses an {{end}} with nothing to end', () => {
    expect(renderError('{{repl end }}').message).toBe('unexpected {{end}}');
  });
});

describe('variables', () => {
  it('are declared with := and assigned with =', () => {
    expect(render('{{repl $x := 1 }}{{repl $x }}{{repl $x = 2 }}{{repl $x }}')).toBe('12');
  });

  it('declared inside if end at its {{end}}', () => {
    expect(renderError('{{repl if true }}{{repl $y := 3 }}{{repl end }}{{repl $y }}').message).toBe('undefined variable "$y"');
  });

  it('assigned inside if keep the new value after it', () => {
    expect(render('{{repl $x := 1 }}{{repl if true }}{{repl $x = 2 }}{{repl end }}{{repl $x }}')).toBe('2');
  });

  it('declared again inside if shadow the outer one until {{end}}', () => {
    expect(render('{{repl $x := 1 }}{{repl if true }}{{repl $x := 2 }}{{repl $x }}{{repl end }}{{repl $x }}')).toBe('21');
  });

  it('declared in the if pipeline are seen by both branches', () => {
    expect(render('{{repl if $x := "" }}then{{repl else }}[{{repl $x }}]{{repl end }}')).toBe('[]');
  });
});

describe('calling functions', () => {
  it('rejects an unknown function even in a branch that never runs, as Go checks at parse time', () => {
    const error = renderError('{{repl if false }}{{repl Nope }}{{repl end }}');
    expect(error.message).toBe('function "Nope" not defined');
    expect(error.expression).toBe('{{repl Nope }}');
  });

  it('checks the number of arguments, counting a piped value', () => {
    expect(renderError('{{repl upper }}').message).toBe('wrong number of args for upper: want 1 got 0');
    expect(renderError('{{repl "a" | upper "b" }}').message).toBe('wrong number of args for upper: want 1 got 2');
    expect(renderError('{{repl eq }}').message).toBe('wrong number of args for eq: want at least 1 got 0');
  });

  it('lets a function marked variadic take optional arguments', () => {
    const funcs = { ImageName: variadic(1, (image, noProxy) => (noProxy ? `${image}` : `proxy/${image}`)) };
    expect(render('{{repl ImageName "nginx" }} {{repl ImageName "nginx" true }}', funcs)).toBe('proxy/nginx nginx');
  });

  it('reports what a host function throws', () => {
    const funcs = { LicenseFieldValue: () => { throw new Error('no license'); } };
    expect(renderError('{{repl LicenseFieldValue }}', funcs).message).toBe('error calling LicenseFieldValue: no license');
  });

  it('reports a wrong argument type without blaming the function', () => {
    expect(renderError('{{repl upper 1 }}').message).toBe('wrong type for value; expected string; got int');
  });
});
