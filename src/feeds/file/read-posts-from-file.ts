import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parse, type Options as CsvOptions } from 'csv-parse';
import { PlacewatchError } from '../../errors.js';
import type { SkippedItem } from '../adapter.js';
import { parseJsonLine } from './bounded-json.js';
import { fileRowToRecord, REQUIRED_COLUMNS, type FileRecord } from './file-row.js';
import { boundCsvRecords } from './csv-record-bound.js';
import { splitLines } from './line-splitter.js';

export type FileFormat = 'jsonl' | 'csv';

export interface ReadFileOptions {
  readonly feed: string;
  /** Overrides detection by extension (.jsonl, .ndjson, .csv). */
  readonly format?: FileFormat;
  readonly langHint?: string | null;
}

/** Longest JSONL line or CSV record read; a longer one is skipped, never buffered whole. */
export const MAX_RECORD_BYTES = 1024 * 1024;

/** The format a file's extension names, or null. */
export function formatOfPath(file: string): FileFormat | null {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.csv') return 'csv';
  return null;
}

async function checkReadable(file: string): Promise<void> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a regular file');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new PlacewatchError('INPUT_INVALID', `${file}: ${reason}`, { file }, { cause: error });
  }
}

/**
 * Streams posts from a JSONL or CSV file of any size, one record at a time; bad rows come out as
 * `skipped` with their line number. Throws INPUT_INVALID when the file is missing, unreadable, or
 * a CSV header lacks required columns.
 *
 * @example for await (const r of readPostsFromFile('export.csv', { feed: 'import' })) if (r.post) enqueue(r.post);
 */
export async function* readPostsFromFile(file: string, options: ReadFileOptions): AsyncGenerator<FileRecord> {
  const format = options.format ?? formatOfPath(file);
  if (!format) {
    throw new PlacewatchError('INPUT_INVALID', `${file}: cannot tell the format from the extension; use .jsonl, .ndjson or .csv`, { file });
  }
  await checkReadable(file);
  const stream = createReadStream(file, { highWaterMark: 64 * 1024 });
  try {
    if (format === 'jsonl') yield* readJsonl(stream, options);
    else yield* readCsv(stream, file, options);
  } catch (error) {
    if (error instanceof PlacewatchError) throw error;
    throw new PlacewatchError('INPUT_INVALID', `${file}: ${(error as Error).message}`, { file }, { cause: error });
  } finally {
    stream.destroy();
  }
}

/** Reads JSONL records from a byte stream; exported for payloads that are not files. */
export async function* readJsonl(source: AsyncIterable<Buffer>, options: ReadFileOptions): AsyncGenerator<FileRecord> {
  for await (const line of splitLines(source, MAX_RECORD_BYTES)) {
    if (line.text === null) {
      yield { skipped: { position: line.number, reason: `line longer than ${MAX_RECORD_BYTES} bytes` } };
      continue;
    }
    if (line.text.trim() === '') continue;
    const parsed = parseJsonLine(line.text);
    if ('reason' in parsed) yield { skipped: { position: line.number, reason: parsed.reason } };
    else yield rowRecord(parsed.row, options, line.number);
  }
}

/** One row as a record; whatever goes wrong on it is that line's skip reason, never the import's end. */
function rowRecord(row: unknown, options: ReadFileOptions, position: number): FileRecord {
  try {
    return fileRowToRecord(row, options.feed, position, options.langHint ?? null);
  } catch (error) {
    return { skipped: { position, reason: `unreadable row: ${(error as Error).message}` } };
  }
}

function checkHeader(header: string[], file: string): string[] {
  const names = header.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    throw new PlacewatchError('INPUT_INVALID', `${file}: CSV header must name ${missing.join(', ')} (found: ${names.join(', ') || 'nothing'})`, {
      file,
      missing,
    });
  }
  return names;
}

interface CsvRecord {
  readonly record: Record<string, string>;
  readonly info: { readonly lines: number; readonly raw?: string };
}

/** Reads CSV records (header required) from a byte stream; quoted fields may hold commas and newlines. */
export async function* readCsv(source: NodeJS.ReadableStream, file: string, options: ReadFileOptions): AsyncGenerator<FileRecord> {
  const pending: SkippedItem[] = [];
  let lastSkipped = -1;
  // on_skip exists in csv-parse 5.6 but is missing from its typings.
  const csvOptions: CsvOptions & { on_skip: (error: (Error & { lines?: number }) | undefined) => void } = {
    bom: true,
    columns: (header: string[]) => checkHeader(header, file),
    info: true,
    raw: true,
    skip_empty_lines: true,
    // A second guard only: boundCsvRecords already dropped every longer record.
    max_record_size: MAX_RECORD_BYTES + 1024,
    // A broken record is reported and skipped; csv-parse resynchronises on the next record.
    skip_records_with_error: true,
    on_skip: (error: (Error & { lines?: number }) | undefined) => {
      const position = error?.lines ?? 0;
      // An oversized record is refused once per chunk read; one report per line is enough.
      if (position === lastSkipped) return;
      lastSkipped = position;
      pending.push({ position, reason: `bad CSV record: ${error?.message ?? 'unreadable'}` });
    },
  };
  const parser = parse(csvOptions);
  // A record over the bound never reaches the parser: it is reported with its line, the rest goes on.
  const bounded = Readable.from(
    boundCsvRecords(source as AsyncIterable<Buffer>, MAX_RECORD_BYTES, ({ line, bytes }) =>
      pending.push({ position: line, reason: `CSV record longer than ${MAX_RECORD_BYTES} bytes (${bytes} bytes)` }),
    ),
  );
  bounded.pipe(parser);
  // Errors on the source (read failures) must surface through the parser's iterator.
  bounded.on('error', (error) => parser.destroy(error));
  for await (const item of parser as AsyncIterable<CsvRecord>) {
    const raw = item.info.raw ?? '';
    const position = item.info.lines - (raw.replace(/\r?\n$/, '').match(/\n/g) ?? []).length;
    // The parser reports skips for a whole chunk at once; keep output in file order.
    while (pending.length > 0 && pending[0]!.position < position) yield { skipped: pending.shift()! };
    yield rowRecord(item.record, options, position);
  }
  while (pending.length > 0) yield { skipped: pending.shift()! };
}
