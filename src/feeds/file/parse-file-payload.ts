import { parse, type Options as CsvOptions } from 'csv-parse/sync';
import { PlacewatchError } from '../../errors.js';
import type { ParseOptions, ParseResult, SkippedItem } from '../adapter.js';
import type { CanonicalPost } from '../canonical-post.js';
import { fileRowToRecord, REQUIRED_COLUMNS, type FileRecord } from './file-row.js';
import { parseJsonLine } from './bounded-json.js';
import { MAX_RECORD_BYTES, type FileFormat } from './read-posts-from-file.js';

/** JSONL when the first non-blank character opens an object, CSV otherwise. */
export function sniffFileFormat(text: string): FileFormat {
  return /^\s*\{/.test(text.replace(/^\uFEFF/, '')) ? 'jsonl' : 'csv';
}

function jsonlRecords(text: string, feed: string, langHint: string | null): FileRecord[] {
  const records: FileRecord[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .forEach((line, index) => {
      const position = index + 1;
      if (line.trim() === '') return;
      if (Buffer.byteLength(line) > MAX_RECORD_BYTES) {
        records.push({ skipped: { position, reason: `line longer than ${MAX_RECORD_BYTES} bytes` } });
        return;
      }
      const parsed = parseJsonLine(line);
      if ('reason' in parsed) records.push({ skipped: { position, reason: parsed.reason } });
      else {
        try {
          records.push(fileRowToRecord(parsed.row, feed, position, langHint));
        } catch (error) {
          records.push({ skipped: { position, reason: `unreadable row: ${(error as Error).message}` } });
        }
      }
    });
  return records;
}

function csvRecords(text: string, feed: string, langHint: string | null): FileRecord[] {
  const records: FileRecord[] = [];
  const options: CsvOptions & { on_skip: (error: (Error & { lines?: number }) | undefined) => void } = {
    bom: true,
    columns: (header: string[]) => {
      const names = header.map((h) => h.trim().toLowerCase());
      const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
      if (missing.length > 0) {
        throw new PlacewatchError('FEED_PARSE_FAILED', `${feed}: CSV header must name ${missing.join(', ')}`, { feed, missing });
      }
      return names;
    },
    info: true,
    raw: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      records.push({ skipped: { position: error?.lines ?? 0, reason: `bad CSV record: ${error?.message ?? 'unreadable'}` } });
    },
  };
  const rows = parse(text, options) as unknown as { record: Record<string, string>; info: { lines: number; raw?: string } }[];
  for (const { record, info } of rows) {
    const inner = ((info.raw ?? '').replace(/\r?\n$/, '').match(/\n/g) ?? []).length;
    records.push(fileRowToRecord(record, feed, info.lines - inner, langHint));
  }
  return records;
}

/** Parses a whole JSONL or CSV payload held in memory (saved payloads, webhook bodies). */
export function parseFilePayload(body: string | Buffer, feed: string, options: ParseOptions & { format?: FileFormat } = {}): ParseResult {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  const format = options.format ?? sniffFileFormat(text);
  const langHint = options.langHint ?? null;
  let records: FileRecord[];
  try {
    records = format === 'jsonl' ? jsonlRecords(text, feed, langHint) : csvRecords(text, feed, langHint);
  } catch (error) {
    if (error instanceof PlacewatchError) throw error;
    throw new PlacewatchError('FEED_PARSE_FAILED', `${feed}: ${(error as Error).message}`, { feed }, { cause: error });
  }
  const posts: CanonicalPost[] = [];
  const skipped: SkippedItem[] = [];
  for (const r of records) {
    if (r.post) posts.push(r.post);
    else skipped.push(r.skipped);
  }
  return { posts, skipped };
}
