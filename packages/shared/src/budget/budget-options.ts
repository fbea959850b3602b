import type { Redis } from 'ioredis';
import { AppError } from '../errors/index.js';

export interface CallBudgetOptions {
  /** Shared by every process that calls SAT.ws with the same API key. */
  redis: Redis;
  /** Key prefix, e.g. the deployment's QUEUE_PREFIX; keys are `<prefix>:satws-budget:…`. */
  prefix: string;
  /** Per endpoint group. 0 or Infinity turns the budget off: no Redis call at all. */
  requestsPerMinute: number;
  /**
   * Requests that may go back to back after an idle spell. Defaults to 1: calls are spaced
   * evenly, so no fixed upstream window (SAT.ws does not publish its length) ever sees more
   * than `requestsPerMinute`; a burst of b can let one such window see b − 1 more.
   */
  burst?: number;
  /**
   * Separates budgets that must not share a count, e.g. two SAT.ws API keys. Use a name or a
   * fingerprint, never the key itself: nothing secret goes into Redis.
   */
  scope?: string;
}

export interface BudgetSettings {
  prefix: string;
  /** Undefined when the budget is off. */
  intervalUs: number | undefined;
  burst: number;
}

export function budgetError(message: string): AppError {
  return new AppError(message, { code: 'budget_invalid_argument', retryable: false });
}

export function parseBudgetOptions(options: CallBudgetOptions): BudgetSettings {
  const { prefix, requestsPerMinute: rpm, burst = 1, scope } = options;
  if (typeof prefix !== 'string' || prefix.length === 0) {
    throw budgetError(`createCallBudget: prefix must be a non-empty string, got ${show(prefix)}`);
  }
  if (typeof rpm !== 'number' || Number.isNaN(rpm) || rpm < 0) {
    throw budgetError(
      `createCallBudget: requestsPerMinute must be a number ≥ 0 (0 or Infinity = unlimited), got ${show(rpm)}`,
    );
  }
  if (!Number.isInteger(burst) || burst < 1) {
    throw budgetError(`createCallBudget: burst must be an integer ≥ 1, got ${show(burst)}`);
  }
  if (scope !== undefined && (typeof scope !== 'string' || scope.length === 0)) {
    throw budgetError(`createCallBudget: scope must be a non-empty string, got ${show(scope)}`);
  }
  const unlimited = rpm === 0 || rpm === Number.POSITIVE_INFINITY;
  return {
    prefix: scope === undefined ? `${prefix}:satws-budget` : `${prefix}:satws-budget:${scope}`,
    intervalUs: unlimited ? undefined : 60_000_000 / rpm,
    burst,
  };
}

export function checkEndpoint(endpoint: unknown): string {
  if (typeof endpoint === 'string' && endpoint.trim().length > 0) return endpoint;
  throw budgetError(
    `budget endpoint must be a non-empty string such as "GET /invoices/{id}/cfdi", got ${show(endpoint)}`,
  );
}

/** Anything before 2001 is taken for epoch seconds (`X-RateLimit-Reset` is in seconds). */
const EARLIEST_EPOCH_MS = 1_000_000_000_000;
/** A reset further ahead than this is a bad header, not a rate limit: it would stall every worker. */
const LONGEST_PAUSE_MS = 24 * 60 * 60 * 1000;

export function checkPauseTime(epochMs: unknown, nowMs: number): number {
  if (typeof epochMs !== 'number' || !Number.isFinite(epochMs) || epochMs < EARLIEST_EPOCH_MS) {
    throw budgetError(
      `pauseUntil: epochMs must be epoch milliseconds (X-RateLimit-Reset × 1000), got ${show(epochMs)}`,
    );
  }
  if (epochMs - nowMs > LONGEST_PAUSE_MS) {
    throw budgetError(
      `pauseUntil: ${new Date(epochMs).toISOString()} is more than 24 h away; refusing to stall every worker that long`,
    );
  }
  return Math.ceil(epochMs);
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
