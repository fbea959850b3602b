import { createDispatcher, type Dispatcher } from '../../src/dispatch/create-dispatcher.js';
import type { DispatchSettings } from '../../src/dispatch/dispatch-settings.js';
import type { Harness } from './harness.js';

/**
 * A dispatcher on the harness's queue and database, not started (no timer): tests call
 * `fill()` or let a processor `wake()` it. By default it hands out everything at once, with no
 * XML budget, as the listing used to enqueue every file.
 */
export function testDispatcher(h: Harness, settings: Partial<DispatchSettings> = {}): Dispatcher {
  return createDispatcher(
    { pool: h.pool, queue: h.queues.fileDownloads, logger: h.deps.logger },
    { backlog: 10_000, intervalMs: 60_000, xmlDailyBudgetPerRfc: 0, ...settings },
  );
}

/** Hands every waiting file to the queue, as the running dispatcher would in turns. */
export async function dispatchAll(h: Harness): Promise<number> {
  const dispatcher = testDispatcher(h);
  try {
    return await dispatcher.fill();
  } finally {
    await dispatcher.close();
  }
}
