// composeDocument: the full parser's tree in the scanner's node model.

import { describe, expect, it } from 'vitest';
import { composeDocument } from '../../src/kyaml/compose';
import type { YNode } from '../../src/kyaml/nodes';

function root(text: string): YNode {
  const composed = composeDocument(text);
  if (!composed.ok) throw new Error(composed.error.message);
  return composed.root!;
}

const get = (node: YNode, key: string): YNode => (node.type === 'map' ? node.get(key)! : expect.unreachable(`${key} of a ${node.type}`));
const items = (node: YNode): readonly YNode[] => (node.type === 'seq' ? node.items() : expect.unreachable(`items of a ${node.type}`));

describe('composeDocument', () => {
  it('resolves an alias to the last anchor of its name before it, as YAML says', () => {
    const text = 'a: &x one\nb: *x\nc: &x two\nd: *x\n';
    const doc = root(text);
    expect(get(doc, 'b')).toMatchObject({ type: 'scalar', value: 'one' });
    expect(get(doc, 'd')).toMatchObject({ type: 'scalar', value: 'two' });
  });

  it('places an alias of a scalar where the alias is, and tells the anchored scalar where its aliases are', () => {
    const text = 'a: &x one\nb: *x\nc: [*x, 2]\nd: &n 0x1F\ne: *n\n';
    const doc = root(text);
    const b = text.indexOf('*x');
    const c = text.indexOf('*x', b + 1);
    expect(get(doc, 'b')).toMatchObject({ type: 'scalar', value: 'one', start: b, end: b + 2 });
    expect(items(get(doc, 'c'))[0]).toMatchObject({ value: 'one', start: c, end: c + 2 });
    expect(get(doc, 'a')).toMatchObject({ value: 'one', start: text.indexOf('one'), aliases: [{ start: b, end: b + 2 }, { start: c, end: c + 2 }] });
    // The alias reads the text as the anchored scalar does (plain `0x1F` stays that text).
    expect(get(doc, 'e')).toMatchObject({ value: '0x1F' });
  });

  it('marks a scalar a merge key brings in with the mapping it is merged into', () => {
    const doc = root('base: &b {image: x, name: base}\npod:\n  <<: *b\n  name: own\n');
    const pod = get(doc, 'pod');
    const image = get(pod, 'image');
    expect(image).toMatchObject({ value: 'x', mergedInto: { key: 'image' } });
    expect(image.type === 'scalar' && image.mergedInto?.map()).toBe(pod);
    expect(get(pod, 'name')).toMatchObject({ value: 'own' });
    expect(get(pod, 'name')).not.toHaveProperty('mergedInto');
  });

  it('gives every alias of an anchor the anchored node, with its offsets', () => {
    const doc = root('items:\n- &p\n  image: x\n- *p\n- *p\n');
    const [first, second, third] = items(get(doc, 'items'));
    expect(get(second!, 'image')).toMatchObject({ value: 'x', start: get(first!, 'image').start });
    expect(third).toBe(second);
  });

  // Ten levels of ten aliases each stand for 10^10 scalars: expanded one by one, never done.
  it('reads nested aliases (a "billion laughs") in the time of their text', () => {
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) levels.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const top = items(get(root(`${levels.join('\n')}\n`), 'a9'));
    expect(top).toHaveLength(10);
    expect(items(items(top[0]!)[0]!)).toHaveLength(10);
  });

  it('reports an alias that refers to itself', () => {
    expect(composeDocument('a: &x [*x]\n')).toMatchObject({ ok: false, error: { message: 'aliases nested too deep' } });
  });

  it('ends a block node at its content, not at the comments after it, on one line or many', () => {
    const text = 'a:\n  b: 1\n  # trailing\n\nc: {d: [1, 2]} # c\n';
    expect(get(root(text), 'a')).toMatchObject({ type: 'map', end: text.indexOf('1') + 1 });
    const flow = get(root(text), 'c');
    expect(text.slice(flow.start, flow.end)).toBe('{d: [1, 2]}');
  });
});
