import { afterEach, describe, expect, it, vi } from 'vitest';
import { TriageError } from '../../../src/alerts/index.js';
import { ApiError } from '../../../src/api/api-error.js';
import { httpAnswerOf } from '../../../src/api/error-status.js';
import { reportFatal } from '../../../src/cli/main.js';
import { isPlacewatchError, PlacewatchError } from '../../../src/errors.js';
import { NotifyError } from '../../../src/notify/index.js';

describe('one error family', () => {
  it('every module error is a PlacewatchError with its code, name and message', () => {
    const errors = [
      new ApiError('FORBIDDEN', 'not yours'),
      new TriageError('INVALID_TRANSITION', 'already resolved', { alertId: '7' }),
      new NotifyError('NOTIFY_TIMEOUT', 'no answer', { statusCode: 504 }),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(PlacewatchError);
      expect(isPlacewatchError(error)).toBe(true);
    }
    expect(errors.map((e) => [e.name, e.code])).toEqual([
      ['ApiError', 'FORBIDDEN'],
      ['TriageError', 'INVALID_TRANSITION'],
      ['NotifyError', 'NOTIFY_TIMEOUT'],
    ]);
    expect(errors[1]!.context).toEqual({ alertId: '7' });
    // The receiver's status stays the NotifyError's own; it is not ours to answer with.
    expect((errors[2] as NotifyError).statusCode).toBe(504);
  });

  it('maps each code to the status and public code the API answered with before the family was merged', () => {
    const answers = (codes: Parameters<typeof httpAnswerOf>[0][]) => codes.map((c) => [c, httpAnswerOf(c).status, httpAnswerOf(c).code]);
    expect(
      answers(['AUTH_REQUIRED', 'TOKEN_INVALID', 'LOGIN_FAILED', 'TOTP_INVALID', 'FORBIDDEN', 'CSRF_INVALID', 'LOGIN_LOCKED', 'RATE_LIMITED', 'INTERNAL']),
    ).toEqual([
      ['AUTH_REQUIRED', 401, 'AUTH_REQUIRED'],
      ['TOKEN_INVALID', 401, 'TOKEN_INVALID'],
      ['LOGIN_FAILED', 401, 'LOGIN_FAILED'],
      ['TOTP_INVALID', 401, 'TOTP_INVALID'],
      ['FORBIDDEN', 403, 'FORBIDDEN'],
      ['CSRF_INVALID', 403, 'CSRF_INVALID'],
      ['LOGIN_LOCKED', 429, 'LOGIN_LOCKED'],
      ['RATE_LIMITED', 429, 'RATE_LIMITED'],
      ['INTERNAL', 500, 'INTERNAL'],
    ]);
    expect(answers(['ALERT_NOT_FOUND', 'INVALID_TRANSITION', 'INVALID_REQUEST', 'NOT_FOUND', 'INPUT_INVALID'])).toEqual([
      ['ALERT_NOT_FOUND', 404, 'ALERT_NOT_FOUND'],
      ['INVALID_TRANSITION', 409, 'INVALID_TRANSITION'],
      ['INVALID_REQUEST', 400, 'INVALID_REQUEST'],
      ['NOT_FOUND', 404, 'NOT_FOUND'],
      ['INPUT_INVALID', 400, 'INPUT_INVALID'],
    ]);
    // Subscription codes answer with the API's own codes: an officer learns nothing about others' subscriptions.
    expect(
      answers([
        'SUBSCRIPTION_NOT_FOUND',
        'NOTIFICATION_NOT_FOUND',
        'SUBSCRIPTION_FORBIDDEN',
        'NOTIFICATION_NOT_RETRYABLE',
        'NOTIFY_MISCONFIGURED',
        'NOTIFY_SECRET_MISSING',
      ]),
    ).toEqual([
      ['SUBSCRIPTION_NOT_FOUND', 404, 'NOT_FOUND'],
      ['NOTIFICATION_NOT_FOUND', 404, 'NOT_FOUND'],
      ['SUBSCRIPTION_FORBIDDEN', 403, 'FORBIDDEN'],
      ['NOTIFICATION_NOT_RETRYABLE', 409, 'INVALID_TRANSITION'],
      ['NOTIFY_MISCONFIGURED', 400, 'INVALID_REQUEST'],
      ['NOTIFY_SECRET_MISSING', 500, 'INTERNAL'],
    ]);
  });

  it('hides the message of server faults that may name internals, and shows the ones written for the client', () => {
    expect(httpAnswerOf('DATABASE_UNREACHABLE')).toEqual({ status: 500, code: 'INTERNAL', expose: false });
    expect(httpAnswerOf('FEED_BLOCKED_ADDRESS').expose).toBe(false);
    expect(httpAnswerOf('NOTIFY_SECRET_MISSING').expose).toBe(true);
    expect(httpAnswerOf('INVALID_TRANSITION').expose).toBe(true);
  });
});

describe('CLI exit messages', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  const printed = (error: unknown): string => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
    reportFatal(error);
    return lines.join('');
  };

  it('print any family member as "placewatch: CODE: message" with exit code 1', () => {
    expect(printed(new PlacewatchError('INPUT_INVALID', 'feed "x": unknown kind'))).toBe('placewatch: INPUT_INVALID: feed "x": unknown kind\n');
    expect(process.exitCode).toBe(1);
    expect(printed(new TriageError('INVALID_TRANSITION', 'cannot resolve an alert that is resolved'))).toBe(
      'placewatch: INVALID_TRANSITION: cannot resolve an alert that is resolved\n',
    );
    expect(printed(new Error('boom'))).toBe('placewatch: unexpected error: boom\n');
  });
});
