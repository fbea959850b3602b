import { setTimeout as sleep } from 'node:timers/promises';
import {
  type CallBudgetOptions,
  checkEndpoint,
  checkPauseTime,
  parseBudgetOptions,
} from './budget-options.js';
import { withBudgetCommands } from './budget-scripts.js';

export type TryAcquireResult = { ok: true } | { ok: false; retryAfterMs: number };

export interface CallBudget {
  /** Resolves once a call to `endpoint` may be made; rejects only if `signal` aborts. */
  acquire(endpoint: string, signal?: AbortSignal): Promise<void>;
  /** Takes a call from the budget if one is free now, else says how long until one may be. */
  tryAcquire(endpoint: string): Promise<TryAcquireResult>;
  /** After a 429: no process acquires `endpoint` before `epochMs` (X-RateLimit-Reset × 1000). */
  pauseUntil(endpoint: string, epochMs: number): Promise<void>;
}

/**
 * One SAT.ws call budget per API key and endpoint group (satws-api.md §3.4), kept in Redis and
 * shared by every worker process, so starting more workers never trips the upstream's limit.
 */
export function createCallBudget(options: CallBudgetOptions): CallBudget {
  const { prefix, intervalUs, burst } = parseBudgetOptions(options);
  if (intervalUs === undefined) return createUnlimitedBudget();
  const redis = withBudgetCommands(options.redis);
  const keyOf = (endpoint: string) => `${prefix}:${checkEndpoint(endpoint)}`;

  const tryAcquire = async (endpoint: string): Promise<TryAcquireResult> => {
    const waitMs = await redis.satwsBudgetTake(keyOf(endpoint), intervalUs, burst);
    return waitMs === 0 ? { ok: true } : { ok: false, retryAfterMs: waitMs };
  };
  return {
    tryAcquire,
    acquire: (endpoint, signal) => acquireLoop(tryAcquire, endpoint, signal),
    async pauseUntil(endpoint, epochMs) {
      const key = keyOf(endpoint);
      await redis.satwsBudgetPause(key, checkPauseTime(epochMs, Date.now()));
    },
  };
}

/**
 * With the budget off nothing touches Redis; a 429's pause is still honoured, though only by
 * this process, so a turned-off budget does not also turn off waiting for the upstream's reset.
 */
function createUnlimitedBudget(): CallBudget {
  const pausedUntil = new Map<string, number>();
  const tryAcquire = async (endpoint: string): Promise<TryAcquireResult> => {
    const waitMs = (pausedUntil.get(checkEndpoint(endpoint)) ?? 0) - Date.now();
    return waitMs > 0 ? { ok: false, retryAfterMs: waitMs } : { ok: true };
  };
  return {
    tryAcquire,
    acquire: (endpoint, signal) => acquireLoop(tryAcquire, endpoint, signal),
    async pauseUntil(endpoint, epochMs) {
      const key = checkEndpoint(endpoint);
      const untilMs = checkPauseTime(epochMs, Date.now());
      pausedUntil.set(key, Math.max(untilMs, pausedUntil.get(key) ?? 0));
    },
  };
}

async function acquireLoop(
  tryAcquire: (endpoint: string) => Promise<TryAcquireResult>,
  endpoint: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  for (;;) {
    signal?.throwIfAborted();
    const result = await tryAcquire(endpoint);
    if (result.ok) return;
    await waitUnlessAborted(result.retryAfterMs, signal);
  }
}

/** Rejects with the signal's reason as soon as it aborts, not after the wait. */
async function waitUnlessAborted(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    signal?.throwIfAborted();
    throw error;
  }
}
