/** A CSV record dropped for its size: the line it starts on and how many bytes it held. */
export interface OversizedRecord {
  readonly line: number;
  readonly bytes: number;
}

const NEWLINE = 0x0a;
const QUOTE = 0x22;

/**
 * Passes a CSV byte stream through, one record at a time, holding at most `maxBytes` of any record;
 * a longer record is dropped, reported through `onOversized`, and replaced by its newlines alone, so
 * the parser downstream counts lines as in the file and goes on with the next record. csv-parse's own
 * max_record_size cannot do this: after refusing a record it loses the records that follow it.
 *
 * Records end at a newline outside quotes; a quote byte toggles quoting (a doubled quote inside a
 * quoted field toggles twice), and 0x22 and 0x0a never occur inside a multi-byte UTF-8 character.
 */
export async function* boundCsvRecords(
  source: AsyncIterable<Buffer>,
  maxBytes: number,
  onOversized: (record: OversizedRecord) => void,
): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let size = 0;
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let newlinesInRecord = 0;
  let oversized = false;

  // Appends a piece of the current record, or counts it once the record is known to be too long.
  const take = (piece: Buffer): void => {
    size += piece.length;
    if (oversized) return;
    if (size > maxBytes) {
      oversized = true;
      parts = [];
      return;
    }
    parts.push(piece);
  };
  // Ends the current record (its closing newline included in `piece`, if any) and returns its bytes.
  const finish = (): Buffer => {
    const out = oversized ? Buffer.alloc(newlinesInRecord, NEWLINE) : parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    if (oversized) onOversized({ line: recordLine, bytes: size });
    parts = [];
    size = 0;
    oversized = false;
    newlinesInRecord = 0;
    recordLine = line;
    return out;
  };

  for await (const chunk of source) {
    let start = 0;
    // The records a chunk completes go downstream together: one write per chunk, not per record.
    const done: Buffer[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === QUOTE) quoted = !quoted;
      else if (byte === NEWLINE) {
        line += 1;
        newlinesInRecord += 1;
        if (!quoted) {
          take(chunk.subarray(start, i + 1));
          start = i + 1;
          done.push(finish());
        }
      }
    }
    take(chunk.subarray(start));
    const out = Buffer.concat(done);
    if (out.length > 0) yield out;
  }
  const last = finish();
  if (last.length > 0) yield last;
}
