import type { Logger } from 'pino';

/**
 * Every delayed action of the simulator (extraction steps, credential validation, exports,
 * webhook retries) goes through here so `stop()` can cancel all of them at once and no timer
 * outlives the simulator.
 */
export interface Scheduler {
  after(ms: number, task: () => void | Promise<void>): void;
  /** Cancels what is scheduled and refuses anything later (simulator stopped). */
  cancelAll(): void;
  /** Cancels what is scheduled but keeps running (simulator reset). */
  cancelPending(): void;
  pending(): number;
}

export function createScheduler(logger: Logger): Scheduler {
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  return {
    after(ms, task) {
      if (stopped) return;
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          Promise.resolve()
            .then(task)
            .catch((error: unknown) => logger.error({ err: error }, 'scheduled task failed'));
        },
        Math.max(0, ms),
      );
      timers.add(timer);
    },
    cancelAll() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
    cancelPending() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
    pending: () => timers.size,
  };
}
