import type { Logger } from '@invoice-extractor/shared/logger';
import type { fileDownloadsJob, JobPayload } from '@invoice-extractor/shared/queues';
import type { Queue } from 'bullmq';
import type { Pool } from 'pg';
import { type ClaimOutcome, claimNextFiles } from './claim-next-files.js';
import { type DispatchSettings, MAX_FILES_PER_CLAIM } from './dispatch-settings.js';
import { enqueueFileJobs } from './enqueue-file-jobs.js';
import { queueBacklog } from './queue-backlog.js';

export interface DispatcherDeps {
  pool: Pool;
  queue: Queue<JobPayload<typeof fileDownloadsJob>>;
  logger: Logger;
}

export interface Dispatcher {
  /** Asks for a fill soon (files became ready, jobs finished); wakes while one runs coalesce. */
  wake(): void;
  /** Starts the safety-net timer and a first fill. */
  start(): void;
  /** Tops the queue up to the backlog now; resolves with how many files it dispatched. */
  fill(): Promise<number>;
  /** Stops the timer and further fills, and waits for the fill in flight. */
  close(): Promise<void>;
}

function logBudgetWaits(logger: Logger, outcome: ClaimOutcome, budget: number): void {
  for (const wait of outcome.budgetWaits) {
    logger.info(
      {
        extractionId: wait.extractionId,
        rfc: wait.rfc,
        day: wait.day,
        xmlDailyBudget: budget,
        resumesAt: wait.resumesAt.toISOString(),
      },
      'XML daily budget reached: the extraction waits for the next day for its remaining XML',
    );
  }
}

/**
 * Feeds `file-downloads` from PostgreSQL in turn across companies. Open-source BullMQ has no
 * groups, so the queue is kept short (the backlog) and PostgreSQL decides whose files join it
 * next; a company arriving behind a 100,000-file backlog waits for a few dozen jobs, not for
 * that backlog. One per process; several processes share the work through the turn locks.
 */
export function createDispatcher(deps: DispatcherDeps, settings: DispatchSettings): Dispatcher {
  const now = settings.now ?? (() => new Date());
  const lowWater = Math.floor(settings.backlog / 2);
  let running: Promise<number> | undefined;
  let again = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  async function claimAndEnqueue(limit: number): Promise<number> {
    const outcome = await claimNextFiles(deps.pool, {
      limit,
      xmlDailyBudget: settings.xmlDailyBudgetPerRfc,
      now: now(),
    });
    logBudgetWaits(deps.logger, outcome, settings.xmlDailyBudgetPerRfc);
    await enqueueFileJobs(
      deps.queue,
      outcome.files.map((file) => file.id),
    );
    return outcome.files.length;
  }

  /** Claims until the backlog is full or nothing is left; only once it has run down to half. */
  async function topUp(): Promise<number> {
    let dispatched = 0;
    let backlog = await queueBacklog(deps.queue);
    if (backlog > lowWater) return 0;
    while (!closed && backlog < settings.backlog) {
      const claimed = await claimAndEnqueue(
        Math.min(settings.backlog - backlog, MAX_FILES_PER_CLAIM),
      );
      if (claimed === 0) break;
      dispatched += claimed;
      backlog = await queueBacklog(deps.queue);
    }
    if (dispatched > 0) deps.logger.debug({ dispatched, backlog }, 'files dispatched');
    return dispatched;
  }

  function fill(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    const current = topUp().finally(() => {
      running = undefined;
      if (again && !closed) {
        again = false;
        wake();
      }
    });
    running = current;
    return current;
  }

  function wake(): void {
    if (closed) return;
    fill().catch((error: unknown) => {
      // Files claimed before a failed enqueue keep dispatched_at: the reconciler adds their jobs.
      deps.logger.error({ err: error }, 'dispatching files failed; the next wake retries');
    });
  }

  return {
    wake,
    fill,
    start: () => {
      if (closed || timer) return;
      timer = setInterval(wake, settings.intervalMs);
      timer.unref();
      wake();
    },
    close: async () => {
      closed = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
