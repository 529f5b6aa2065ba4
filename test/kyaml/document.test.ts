// A document's byte edits: what output() makes of repeated, inserted and overlapping edits.

import { describe, expect, it } from 'vitest';
import { YamlDocument } from '../../src/kyaml/document';

const TEXT = 'a: x\nb: y\nc: *z\n';

describe('YamlDocument edits', () => {
  it('splices each edit at its offsets, whatever order they were made in', () => {
    const doc = new YamlDocument(TEXT, 1);
    doc.edit(8, 9, 'Y');
    doc.edit(3, 4, 'X');
    expect(doc.output()).toBe('a: X\nb: Y\nc: *z\n');
  });

  it('keeps the first of two edits of one range (two fields that are one scalar through an alias)', () => {
    const doc = new YamlDocument(TEXT, 1);
    doc.edit(3, 4, 'X');
    doc.edit(3, 4, 'X');
    doc.edit(3, 4, 'other');
    expect(doc.output()).toBe('a: X\nb: y\nc: *z\n');
  });

  it('lets a weak edit of a range give way to any other edit of it, made before or after', () => {
    const doc = new YamlDocument(TEXT, 1);
    doc.edit(3, 4, 'weak', 'weak');
    doc.edit(3, 4, 'X');
    doc.edit(8, 9, 'Y');
    doc.edit(8, 9, 'weak', 'weak');
    doc.edit(13, 15, 'kept', 'weak');
    expect(doc.output()).toBe('a: X\nb: Y\nc: kept\n');
  });

  it('keeps insertions at one point in the order they were made, the same text once', () => {
    const doc = new YamlDocument(TEXT, 1);
    doc.edit(5, 5, 'p: 1\n');
    doc.edit(5, 5, 'q: 2\n');
    doc.edit(5, 5, 'p: 1\n');
    expect(doc.output()).toBe('a: x\np: 1\nq: 2\nb: y\nc: *z\n');
  });

  it('refuses edits that overlap', () => {
    const doc = new YamlDocument(TEXT, 1);
    doc.edit(0, 4, 'a: X');
    doc.edit(3, 9, 'X');
    expect(() => doc.output()).toThrow(/overlapping edits/);
  });
});
