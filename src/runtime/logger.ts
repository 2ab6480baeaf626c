import { pino, type Logger } from 'pino';

/** One JSON logger for the process; child loggers carry feed, job and alert ids. */
export function createLogger(level: string, name = 'placewatch'): Logger {
  return pino({
    name,
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['*.password', '*.token', '*.secret', 'headers.authorization'], censor: '[redacted]' },
  });
}

export type { Logger };
