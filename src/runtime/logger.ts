import { pino, type Logger } from 'pino';
import { prettyLogDestination } from './pretty-log.js';

/**
 * One logger for the process; child loggers carry feed, job and alert ids. JSON lines, except on a
 * terminal where a person reads them (LOG_FORMAT=json keeps JSON there too).
 */
export function createLogger(level: string, name = 'placewatch'): Logger {
  const pretty = process.stdout.isTTY === true && process.env.LOG_FORMAT !== 'json';
  const options = {
    name,
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['*.password', '*.token', '*.secret', 'headers.authorization'], censor: '[redacted]' },
  };
  return pretty ? pino(options, prettyLogDestination(process.stdout)) : pino(options);
}

export type { Logger };
