import { errorMessage } from '../errors.js';
import type { Logger } from './logger.js';
import { isConnectionLoss } from './readiness.js';

/**
 * A long-running `start` process outlives its servers' restarts: a lost Postgres or Redis connection
 * that surfaces as an unhandled rejection or an unhandled 'error' event (a client library's, raised
 * where nobody awaits it) is logged and weathered, since every piece of work that needs the server
 * waits for it and retries. Anything else is a bug and still ends the process, as Node would.
 */
export function weatherLostConnections(logger: Logger): void {
  const handle = (kind: string) => (error: unknown) => {
    if (isConnectionLoss(error)) {
      logger.warn({ err: errorMessage(error), kind }, 'lost connection reported outside any job; reconnecting');
      return;
    }
    logger.fatal({ err: errorMessage(error), stack: (error as Error)?.stack, kind }, 'unexpected error; exiting');
    process.exit(1);
  };
  process.on('unhandledRejection', handle('unhandledRejection'));
  process.on('uncaughtException', handle('uncaughtException'));
}
