// Cut a YAML stream into documents at `---` lines (with the `%` directives just above them),
// which the line index has already found. A document marker cannot occur inside content
// (YAML forbids `---` at the start of a line there), so this needs no parsing. Every byte
// belongs to exactly one piece: joining the pieces gives the input back.

import { PERCENT, type LineIndex, type Place } from './lines';

export interface Piece extends Place {
  text: string;
}

export function splitStream(lines: LineIndex): Piece[] {
  const { text, starts } = lines;
  const pieces: Piece[] = [];
  let from = 0;
  for (const marker of lines.markers) {
    // Directive lines (`%YAML 1.2`) right above a marker belong to the document it starts.
    let at = marker;
    while (at > from && text.charCodeAt(starts[at - 1]!) === PERCENT) at--;
    if (at > from) pieces.push(piece(lines, from, at));
    from = at;
  }
  pieces.push(piece(lines, from, lines.count));
  return pieces;
}

function piece(lines: LineIndex, firstLine: number, endLine: number): Piece {
  const offset = lines.starts[firstLine]!;
  const end = Math.min(lines.starts[endLine]!, lines.text.length);
  return { lines, offset, length: end - offset, firstLine, endLine, text: lines.text.slice(offset, end) };
}
