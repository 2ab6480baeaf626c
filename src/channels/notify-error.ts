import { PlacewatchError, type NotifyErrorCode } from '../errors.js';

export type { NotifyErrorCode } from '../errors.js';

/**
 * A delivery or subscription failure. `permanent` failures (a refused address, a redirect, a missing
 * secret) go straight to the dead letters: retrying cannot fix configuration. `statusCode` is the
 * receiver's HTTP answer (not ours); `retryAfterMs` is its Retry-After, which overrides our backoff.
 */
export class NotifyError extends PlacewatchError {
  declare readonly code: NotifyErrorCode;
  readonly permanent: boolean;
  readonly statusCode: number | null;
  readonly retryAfterMs: number | null;

  constructor(
    code: NotifyErrorCode,
    message: string,
    options: { permanent?: boolean; statusCode?: number | null; retryAfterMs?: number | null; cause?: unknown } = {},
  ) {
    super(code, message, {}, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NotifyError';
    this.permanent = options.permanent ?? false;
    this.statusCode = options.statusCode ?? null;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }
}
