/** pino's numeric levels as words. */
const LEVELS: Readonly<Record<number, string>> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** Fields every line carries; a person at a terminal does not need them repeated. */
const QUIET = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name']);

/**
 * A pino destination for a terminal: `12:03:04 INFO  api listening url=http://…` instead of JSON.
 * Values can come from posts and feeds (hostile text): control and bidi characters are escaped.
 */
export function prettyLogDestination(out: NodeJS.WritableStream): { write(line: string): void } {
  return {
    write(line: string): void {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch {
        out.write(line);
        return;
      }
      const time = typeof record.time === 'string' ? record.time.slice(11, 19) : '';
      const level = (LEVELS[record.level as number] ?? String(record.level)).padEnd(5);
      const fields = Object.entries(record)
        .filter(([key]) => !QUIET.has(key))
        .map(([key, value]) => `${key}=${describe(value)}`);
      out.write(`${escapeControls([time, level, String(record.msg ?? ''), ...fields].join(' '))}\n`);
    },
  };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value;
  if (value && typeof value === 'object' && 'message' in value) return JSON.stringify((value as { message: unknown }).message);
  return JSON.stringify(value);
}

function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
