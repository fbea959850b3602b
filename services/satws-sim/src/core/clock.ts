/**
 * The simulator's notion of "now". Everything time-dependent (timestamps, the daily XML cap,
 * 7-day event retention, signed-URL expiry, rate-limit windows) reads it, so a test can jump a
 * day ahead without waiting one.
 */
export interface SimClock {
  now(): number;
  /** Moves simulated time forward (or back, with a negative value) by `ms`. */
  advance(ms: number): void;
  offsetMs(): number;
}

export type TimeSource = () => number;

export function createClock(source: TimeSource = Date.now): SimClock {
  let offset = 0;
  return {
    now: () => source() + offset,
    advance: (ms) => {
      offset += ms;
    },
    offsetMs: () => offset,
  };
}

export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}
