/** One line of a stream; `text` is null when the line was longer than the bound and was dropped. */
export interface Line {
  readonly number: number;
  readonly text: string | null;
}

/**
 * Splits a byte stream into UTF-8 lines holding at most `maxBytes` of any one line, unlike
 * node:readline, which buffers a line of any length (one 2 GB line would exhaust the worker).
 */
export async function* splitLines(source: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let size = 0;
  let overflow = false;
  let number = 0;
  let seen = false;
  const take = (piece: Buffer): void => {
    if (piece.length === 0) return;
    seen = true;
    if (overflow) return;
    if (size + piece.length > maxBytes) {
      overflow = true;
      parts = [];
      return;
    }
    parts.push(piece);
    size += piece.length;
  };
  const emit = (): Line => {
    number += 1;
    // A newline byte never occurs inside a UTF-8 sequence, so decoding per line is safe. A line within
    // one chunk is decoded in place, without the copy Buffer.concat makes.
    let text = overflow ? null : (parts.length === 1 ? parts[0]! : Buffer.concat(parts, size)).toString('utf8');
    if (text !== null && number === 1) text = text.replace(/^\uFEFF/, '');
    if (text?.endsWith('\r')) text = text.slice(0, -1);
    parts = [];
    size = 0;
    overflow = false;
    seen = false;
    return { number, text };
  };
  for await (const chunk of source) {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      take(chunk.subarray(start, nl));
      yield emit();
      start = nl + 1;
    }
    take(chunk.subarray(start));
  }
  if (seen) yield emit();
}
