import { describe, expect, it } from 'vitest';
import { prettyLogDestination } from '../../../src/runtime/pretty-log.js';

describe('log lines on a terminal', () => {
  it('prints time, level, message and fields, and escapes control and bidi characters from hostile text', () => {
    const lines: string[] = [];
    const destination = prettyLogDestination({ write: (s: string) => lines.push(s) > 0 } as unknown as NodeJS.WritableStream);
    destination.write(
      `${JSON.stringify({ level: 30, time: '2026-11-30T13:04:46.123Z', pid: 1, name: 'placewatch', msg: 'api listening', url: 'http://127.0.0.1:8080', text: 'a\u202eb\u001b[2J' })}\n`,
    );
    expect(lines).toEqual(['13:04:46 INFO  api listening url=http://127.0.0.1:8080 text=a\\u202eb\\u001b[2J\n']);
  });
});
