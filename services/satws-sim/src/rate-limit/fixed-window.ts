import type { RateLimitSettings } from '../config/settings.js';

export interface RateLimitVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** UTC epoch seconds at which the current window ends (the upstream's `X-RateLimit-Reset`). */
  resetEpochSeconds: number;
}

/**
 * Per key and per endpoint fixed windows (satws-api.md §3.4). Counting continues while the limit
 * is disabled so the `X-RateLimit-*` headers stay truthful; only the 429 is switched off.
 */
export class FixedWindowLimiter {
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly settings: () => RateLimitSettings,
    private readonly now: () => number,
  ) {}

  hit(bucket: string): RateLimitVerdict {
    const { enabled, limit, windowMs } = this.settings();
    const now = this.now();
    const start = Math.floor(now / windowMs) * windowMs;
    const window = this.#windows.get(bucket);
    const current = window && window.start === start ? window : { start, count: 0 };
    current.count += 1;
    this.#windows.set(bucket, current);
    if (this.#windows.size > 10_000) this.#prune(start);
    return {
      allowed: !enabled || current.count <= limit,
      limit,
      remaining: Math.max(0, limit - current.count),
      resetEpochSeconds: Math.ceil((start + windowMs) / 1000),
    };
  }

  reset(): void {
    this.#windows.clear();
  }

  #prune(currentStart: number): void {
    for (const [bucket, window] of this.#windows)
      if (window.start < currentStart) this.#windows.delete(bucket);
  }
}
