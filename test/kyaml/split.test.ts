// Cutting a stream into documents at `---` lines: every byte in exactly one piece, each piece
// knowing its lines.

import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/kyaml/lines';
import { splitStream } from '../../src/kyaml/split';
import { generateStream } from '../helpers/generate-stream.mjs';

const texts = (input: string) => splitStream(new LineIndex(input)).map((p) => p.text);

describe('splitStream', () => {
  it('cuts before each `---` line and keeps every byte', () => {
    expect(texts('a: 1\n---\nb: 2\n--- # c\nc: 3\n---\n')).toEqual(['a: 1\n', '---\nb: 2\n', '--- # c\nc: 3\n', '---\n']);
    expect(texts('---\na: 1\n')).toEqual(['---\na: 1\n']);
    expect(texts('a: 1')).toEqual(['a: 1']);
    expect(texts('')).toEqual(['']);
  });

  it('cuts only at markers: `---` at column 0, then a blank, a comment or the line end', () => {
    expect(texts('a: |\n  ---\nb: ----\n----\n---x\n--- \n---\tz\n---\r\nc: 1\r\n---')).toEqual([
      'a: |\n  ---\nb: ----\n----\n---x\n',
      '--- \n',
      '---\tz\n',
      '---\r\nc: 1\r\n',
      '---',
    ]);
  });

  it('gives `%` directive lines to the document below them', () => {
    expect(texts('a: 1\n%YAML 1.2\n%TAG ! x\n---\nb: 2\n')).toEqual(['a: 1\n', '%YAML 1.2\n%TAG ! x\n---\nb: 2\n']);
    expect(texts('%YAML 1.2\n---\nb: 2\n')).toEqual(['%YAML 1.2\n---\nb: 2\n']);
  });

  it('places each piece by offset and lines, and the pieces join to the input', () => {
    const input = generateStream({ documents: 200, seed: 4 });
    const lines = new LineIndex(input);
    const pieces = splitStream(lines);
    expect(pieces.map((p) => p.text).join('')).toBe(input);
    expect(pieces).toHaveLength(200);
    for (const piece of pieces) {
      expect(piece.text).toBe(input.slice(piece.offset, piece.offset + piece.length));
      const { lines: _, ...place } = lines.place(piece.offset, piece.length);
      expect({ offset: piece.offset, length: piece.length, firstLine: piece.firstLine, endLine: piece.endLine }).toEqual(place);
    }
  });
});
