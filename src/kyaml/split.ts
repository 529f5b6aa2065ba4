// Cut a YAML stream into documents at `---` lines (with the `%` directives just above them).
// A document marker cannot occur inside content (YAML forbids `---` at the start of a line
// there), so this needs no parsing. Every byte belongs to exactly one piece: joining the
// pieces gives the input back.

export interface Piece {
  offset: number;
  text: string;
}

export function splitStream(input: string): Piece[] {
  const pieces: Piece[] = [];
  let start = 0;
  let from = 0;
  for (;;) {
    const marker = nextMarker(input, from);
    if (marker < 0) break;
    const at = Math.max(start, directivesBefore(input, marker));
    if (at > start) pieces.push({ offset: start, text: input.slice(start, at) });
    start = at;
    from = marker + 3;
  }
  pieces.push({ offset: start, text: input.slice(start) });
  return pieces;
}

/** Directive lines (`%YAML 1.2`) right above a marker belong to the document it starts. */
function directivesBefore(input: string, marker: number): number {
  let at = marker;
  while (at > 0) {
    const lineStart = input.lastIndexOf('\n', at - 2) + 1;
    if (input[lineStart] !== '%') break;
    at = lineStart;
  }
  return at;
}

function nextMarker(input: string, from: number): number {
  if (from === 0 && isMarker(input, 0)) return 0;
  for (let i = input.indexOf('\n---', from); i >= 0; i = input.indexOf('\n---', i + 1)) {
    if (isMarker(input, i + 1)) return i + 1;
  }
  return -1;
}

function isMarker(input: string, at: number): boolean {
  if (!input.startsWith('---', at)) return false;
  const c = input.charCodeAt(at + 3);
  return Number.isNaN(c) || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
