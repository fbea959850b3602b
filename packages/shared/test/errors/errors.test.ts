import { describe, expect, it } from 'vitest';
import {
  AppError,
  classifyUpstream,
  isAppError,
  isRetryable,
  isRetryableStatus,
} from '../../src/errors/index.js';

describe('classifyUpstream', () => {
  it.each([
    [undefined, { kind: 'retryable', reason: 'network' }],
    [408, { kind: 'retryable', reason: 'timeout' }],
    [425, { kind: 'retryable', reason: 'timeout' }],
    [429, { kind: 'retryable', reason: 'rate-limited' }],
    [500, { kind: 'retryable', reason: 'server' }],
    [502, { kind: 'retryable', reason: 'server' }],
    [503, { kind: 'retryable', reason: 'server' }],
    [504, { kind: 'retryable', reason: 'server' }],
    [599, { kind: 'retryable', reason: 'server' }],
    [400, { kind: 'permanent', reason: 'client' }],
    [401, { kind: 'permanent', reason: 'client' }],
    [403, { kind: 'permanent', reason: 'client' }],
    [404, { kind: 'permanent', reason: 'client' }],
    [409, { kind: 'permanent', reason: 'client' }],
    [422, { kind: 'permanent', reason: 'client' }],
    [200, { kind: 'ok' }],
    [202, { kind: 'ok' }],
    [302, { kind: 'ok' }],
  ])('status %s is %o', (status, outcome) => {
    expect(classifyUpstream(status)).toEqual(outcome);
    expect(isRetryableStatus(status)).toBe(outcome.kind === 'retryable');
  });
});

describe('AppError', () => {
  it('carries what the queues and the API decide on', () => {
    const cause = new Error('socket hang up');
    const error = new AppError('SAT.ws rate limit', {
      code: 'upstream_rate_limited',
      retryable: true,
      status: 429,
      requestId: 'req-9',
      retryAfterMs: 30_000,
      cause,
    });

    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'AppError',
      message: 'SAT.ws rate limit',
      code: 'upstream_rate_limited',
      retryable: true,
      status: 429,
      requestId: 'req-9',
      retryAfterMs: 30_000,
    });
    expect(error.cause).toBe(cause);
    expect(isAppError(error)).toBe(true);
  });

  it('retries what it says, and treats unknown failures as transient', () => {
    const permanent = new AppError('bad RFC', {
      code: 'invalid_rfc',
      retryable: false,
      status: 400,
    });
    expect(isRetryable(permanent)).toBe(false);
    expect(
      isRetryable(new AppError('503', { code: 'upstream_unavailable', retryable: true })),
    ).toBe(true);
    expect(isRetryable(new TypeError('fetch failed'))).toBe(true);
    expect(isAppError(new Error('plain'))).toBe(false);
  });
});
