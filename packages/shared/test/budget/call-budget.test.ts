import { waitFor } from '@invoice-extractor/test-support/wait';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CallBudget, createCallBudget } from '../../src/budget/index.js';
import { budgetTestContext, REDIS_URL } from './budget-fixtures.js';

const ENDPOINT = 'GET /invoices/{id}/cfdi';
const OTHER_ENDPOINT = 'GET /extractions/{id}';

let context: ReturnType<typeof budgetTestContext>;
beforeEach(() => {
  context = budgetTestContext();
});
afterEach(async () => {
  await context.cleanup();
});

function budgetOn(requestsPerMinute: number, burst = 1): CallBudget {
  return createCallBudget({
    redis: context.connect(),
    prefix: context.prefix,
    requestsPerMinute,
    burst,
  });
}

/**
 * Calls `acquire` back to back for `durationMs`; returns when each call was granted. Each loop
 * has its own deadline signal, as each job of a worker would.
 */
async function hammer(budget: CallBudget, durationMs: number): Promise<number[]> {
  const signal = AbortSignal.timeout(durationMs);
  const granted: number[] = [];
  for (;;) {
    try {
      await budget.acquire(ENDPOINT, signal);
    } catch (error) {
      if (signal.aborted) return granted;
      throw error;
    }
    granted.push(performance.now());
  }
}

describe('a call budget shared through Redis', () => {
  it('never grants more than rate × time + burst, whatever the number of processes', async () => {
    const burst = 5;
    const budgets = [budgetOn(600, burst), budgetOn(600, burst), budgetOn(600, burst)];
    const started = performance.now();
    const loops = budgets.flatMap((budget) => [1, 2, 3, 4].map(() => hammer(budget, 3000)));
    const grants = (await Promise.all(loops)).flat().sort((a, b) => a - b);
    const elapsedMs = performance.now() - started;

    const windows = new Array<number>(Math.ceil(elapsedMs / 100)).fill(0);
    for (const at of grants) {
      const index = Math.floor((at - started) / 100);
      windows[index] = (windows[index] ?? 0) + 1;
    }
    console.log(
      `budget 600/min burst ${burst}, 3 connections × 4 acquirers, ${elapsedMs.toFixed(0)} ms: ` +
        `${grants.length} grants; per 100 ms: ${windows.join(' ')}`,
    );
    expect(grants.length).toBeLessThanOrEqual(Math.floor(elapsedMs / 100) + burst);
    expect(grants.length).toBeGreaterThanOrEqual(25);
    // Any run of k windows: k × 100 ms at 10/s plus the burst; +1 for when the client saw it.
    for (let from = 0; from < windows.length; from++) {
      let sum = 0;
      for (let to = from; to < windows.length; to++) {
        sum += windows[to] ?? 0;
        expect(sum, `windows ${from}..${to}`).toBeLessThanOrEqual(to - from + 1 + burst + 1);
      }
    }
  });

  it('keeps an independent budget per endpoint group and per scope', async () => {
    const budget = budgetOn(60);
    expect(await budget.tryAcquire(ENDPOINT)).toEqual({ ok: true });
    const refused = await budget.tryAcquire(ENDPOINT);
    expect(refused.ok).toBe(false);
    expect(refused.ok === false && refused.retryAfterMs).toBeGreaterThan(900);
    expect(refused.ok === false && refused.retryAfterMs).toBeLessThanOrEqual(1000);
    expect(await budget.tryAcquire(OTHER_ENDPOINT)).toEqual({ ok: true });
    const otherKey = createCallBudget({
      redis: context.connect(),
      prefix: context.prefix,
      requestsPerMinute: 60,
      scope: 'second-api-key',
    });
    expect(await otherKey.tryAcquire(ENDPOINT)).toEqual({ ok: true });
    expect((await context.keys()).sort()).toEqual([
      `${context.prefix}:satws-budget:${OTHER_ENDPOINT}`,
      `${context.prefix}:satws-budget:${ENDPOINT}`,
      `${context.prefix}:satws-budget:second-api-key:${ENDPOINT}`,
    ]);
  });

  it('lets idle keys expire', async () => {
    const budget = budgetOn(6000);
    await budget.tryAcquire(ENDPOINT);
    const key = `${context.prefix}:satws-budget:${ENDPOINT}`;
    const redis = context.connect();
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1010);
    await waitFor('the idle budget key to expire', async () => (await redis.exists(key)) === 0, {
      timeoutMs: 5000,
    });
  });

  it('holds every process until a pause set after a 429 has passed', async () => {
    const [first, second] = [budgetOn(6000), budgetOn(6000)];
    const resetAt = Date.now() + 800;
    await first.pauseUntil(ENDPOINT, resetAt);
    // An earlier reset seen by another process must not shorten the pause.
    await second.pauseUntil(ENDPOINT, Date.now() + 100);

    const refused = await second.tryAcquire(ENDPOINT);
    expect(refused.ok === false && refused.retryAfterMs).toBeGreaterThan(500);
    expect(await second.tryAcquire(OTHER_ENDPOINT)).toEqual({ ok: true });

    const grantedAt = await Promise.all(
      [first, second, first].map(async (budget) => {
        await budget.acquire(ENDPOINT);
        return Date.now();
      }),
    );
    for (const at of grantedAt) expect(at).toBeGreaterThanOrEqual(resetAt);
    expect(Math.max(...grantedAt)).toBeLessThan(resetAt + 1000);
  });

  it('stops waiting when the signal aborts', async () => {
    const budget = budgetOn(60);
    await budget.acquire(ENDPOINT);
    const started = Date.now();
    await expect(budget.acquire(ENDPOINT, AbortSignal.timeout(150))).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(Date.now() - started).toBeLessThan(800);
  });
});

describe('an unlimited budget', () => {
  it.each([0, Number.POSITIVE_INFINITY])('makes no Redis call at %s per minute', async (rpm) => {
    const redis = new Redis(REDIS_URL, { lazyConnect: true });
    try {
      const budget = createCallBudget({ redis, prefix: context.prefix, requestsPerMinute: rpm });
      for (let i = 0; i < 1000; i++) await budget.acquire(ENDPOINT);
      expect(await budget.tryAcquire(ENDPOINT)).toEqual({ ok: true });
      const resetAt = Date.now() + 300;
      await budget.pauseUntil(ENDPOINT, resetAt);
      expect((await budget.tryAcquire(ENDPOINT)).ok).toBe(false);
      await budget.acquire(ENDPOINT);
      expect(Date.now()).toBeGreaterThanOrEqual(resetAt);
      expect(redis.status).toBe('wait');
    } finally {
      redis.disconnect();
    }
  });
});

describe('bad input', () => {
  it.each([
    [{ requestsPerMinute: -1 }, 'requestsPerMinute must be a number ≥ 0'],
    [{ requestsPerMinute: Number.NaN }, 'requestsPerMinute must be a number ≥ 0'],
    [{ requestsPerMinute: 60, burst: 0 }, 'burst must be an integer ≥ 1, got 0'],
    [{ requestsPerMinute: 60, burst: 1.5 }, 'burst must be an integer ≥ 1, got 1.5'],
    [{ requestsPerMinute: 60, prefix: '' }, 'prefix must be a non-empty string, got ""'],
    [{ requestsPerMinute: 60, scope: '' }, 'scope must be a non-empty string'],
  ])('refuses %o', (options, message) => {
    const create = () =>
      createCallBudget({ redis: context.connect(), prefix: context.prefix, ...options });
    expect(create).toThrow(
      expect.objectContaining({
        code: 'budget_invalid_argument',
        message: expect.stringContaining(message),
      }),
    );
  });

  it('refuses an empty endpoint and a reset in seconds, writing nothing', async () => {
    const budget = budgetOn(60);
    await expect(budget.tryAcquire('')).rejects.toMatchObject({
      code: 'budget_invalid_argument',
      message: expect.stringContaining('endpoint must be a non-empty string'),
    });
    const resetSeconds = Math.ceil(Date.now() / 1000) + 30;
    await expect(budget.pauseUntil(ENDPOINT, resetSeconds)).rejects.toMatchObject({
      code: 'budget_invalid_argument',
      message: expect.stringContaining(
        `epochMs must be epoch milliseconds (X-RateLimit-Reset × 1000), got ${resetSeconds}`,
      ),
    });
    await expect(budget.pauseUntil(ENDPOINT, Date.now() + 2 * 86_400_000)).rejects.toMatchObject({
      message: expect.stringContaining('more than 24 h away'),
    });
    expect(await context.keys()).toEqual([]);
  });
});
