import { describe, expect, it } from 'vitest';
import { readRenderedYaml } from '../../src/template/rendered-yaml';

// go-yaml v2 (what KOTS parses rendered manifests with, through sigs.k8s.io/yaml) was run on
// `v: <text>` for each row and its JSON compared.

describe('readRenderedYaml', () => {
  it.each([
    ['true', true],
    ['yes', true],
    ['Y', true],
    ['on', true],
    ['No', false],
    ['OFF', false],
    ['NULL', null],
    ['~', null],
    ['', null],
    ['8080', 8080],
    ['-5', -5],
    ['0x1F', 31],
    ['017', 15],
    ['09', 9],
    ['0b101', 5],
    ['1_000', 1000],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['1e3', 1000],
    ['2024-01-01', '2024-01-01'],
    ['1:20', '1:20'],
    ['12e', '12e'],
    ['registry.corp.example:5000', 'registry.corp.example:5000'],
    ["'8080'", '8080'],
    ['"yes"', 'yes'],
  ])('%j reads as %j', (text, value) => {
    expect(readRenderedYaml(text)).toEqual(value);
  });

  it('reads flow collections with the same scalar rules', () => {
    expect(readRenderedYaml('[1, "a", yes]')).toEqual([1, 'a', true]);
    expect(readRenderedYaml('{"a":1,"b":[true]}')).toEqual({ a: 1, b: [true] });
  });

  it('reads an indented block, as nindent writes under a key', () => {
    expect(readRenderedYaml('\n  a: 1\n  b: x')).toEqual({ a: 1, b: 'x' });
  });

  it('refuses floats JSON cannot carry, as KOTS fails on them', () => {
    expect(() => readRenderedYaml('.inf')).toThrow('.inf reads as a float that JSON cannot hold');
  });

  it('refuses text that is not YAML', () => {
    expect(() => readRenderedYaml('a: [')).toThrow(/^rendered value is not valid YAML/);
  });
});
