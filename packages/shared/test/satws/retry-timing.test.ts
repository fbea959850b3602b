import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../src/satws/backoff.js';
import { rateLimitWaitMs } from '../../src/satws/rate-limit-reset.js';

describe('backoffDelayMs', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };

  it('doubles per attempt, between half and all of the ceiling, capped', () => {
    expect(backoffDelayMs(1, policy, () => 0)).toBe(50);
    expect(backoffDelayMs(1, policy, () => 1)).toBe(100);
    expect(backoffDelayMs(3, policy, () => 1)).toBe(400);
    expect(backoffDelayMs(10, policy, () => 1)).toBe(1_000);
    expect(backoffDelayMs(10, policy, () => 0)).toBe(500);
  });
});

describe('rateLimitWaitMs', () => {
  const now = 1_740_823_200_000;

  it('waits until X-RateLimit-Reset (epoch seconds)', () => {
    expect(rateLimitWaitMs({ 'x-ratelimit-reset': String(now / 1000 + 7) }, now)).toBe(7_000);
    expect(rateLimitWaitMs({ 'x-ratelimit-reset': String(now / 1000 - 5) }, now)).toBe(0);
  });

  it('falls back to Retry-After, then to nothing', () => {
    expect(rateLimitWaitMs({ 'retry-after': '3' }, now)).toBe(3_000);
    expect(rateLimitWaitMs({ 'x-ratelimit-reset': 'soon' }, now)).toBeUndefined();
    expect(rateLimitWaitMs({}, now)).toBeUndefined();
  });
});
