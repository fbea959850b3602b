import { getExtractionExport } from '@invoice-extractor/shared/db';
import { exportDownloadsJob } from '@invoice-extractor/shared/queues';
import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import type { DownloaderDeps } from '../downloader-deps.js';
import { runLogged } from '../jobs/run-logged.js';
import { abandonExport } from './finish-export.js';
import { type ExportDownloadResult, processExportDownload } from './process-export-download.js';

/** The SAT.ws endpoint group export jobs spend most calls on, for 429 pauses. */
const EXPORT_ENDPOINT = 'GET /exports/{id}';

/**
 * Waiting for SAT.ws must not hold a worker slot for minutes: the job is moved to the delayed
 * set until `retryAt` (BullMQ's DelayedError tells the worker it was moved, not failed, and
 * spends no attempt). An `export.updated` webhook recorded while this attempt ran could not
 * promote a job that was still active, so the row is read once more after the move.
 */
async function delayUntil(
  job: Job,
  token: string | undefined,
  deps: DownloaderDeps,
  result: ExportDownloadResult,
): Promise<never> {
  await job.moveToDelayed(result.retryAt ?? Date.now(), token);
  const row = await getExtractionExport(deps.pool, result.extractionId);
  if (row?.satws_status === 'finished' || row?.satws_status === 'failed') {
    await job.promote().catch(() => undefined);
  }
  throw new DelayedError();
}

function isFinalFailure(job: Job, error: Error): boolean {
  return (
    error instanceof UnrecoverableError ||
    error.name === 'UnrecoverableError' ||
    job.attemptsMade >= (job.opts.attempts ?? 1)
  );
}

/** A job BullMQ gave up on must not leave its extraction waiting on it: its files go per file. */
function watchAbandonedExports(worker: Worker, deps: DownloaderDeps): void {
  worker.on('failed', (job, error) => {
    if (!job || error instanceof DelayedError || !isFinalFailure(job, error)) return;
    const parsed = exportDownloadsJob.payload.safeParse(job.data);
    if (!parsed.success) return;
    abandonExport(deps, parsed.data.extractionId, error.message).catch((cause: unknown) => {
      deps.logger.error({ jobId: job.id, err: cause }, 'could not hand an abandoned export back');
    });
  });
}

/**
 * The `export-downloads` worker, `WORKER_CONCURRENCY` jobs at once: a job holds a slot only
 * while it requests, archives or unpacks, never while SAT.ws builds the export.
 */
export function startExportWorker(deps: DownloaderDeps): Worker {
  const worker: Worker = new Worker(
    exportDownloadsJob.queueName,
    async (job: Job, token?: string) => {
      const context = {
        worker,
        budget: deps.budget,
        endpoint: EXPORT_ENDPOINT,
        logger: deps.logger,
      };
      const result = await runLogged(job, context, () => processExportDownload(job, deps));
      if (result.outcome === 'waiting') await delayUntil(job, token, deps, result);
      return result;
    },
    { connection: deps.redis, prefix: deps.queuePrefix, concurrency: deps.concurrency.listings },
  );
  worker.on('error', (error) =>
    deps.logger.error({ queue: exportDownloadsJob.queueName, err: error }, 'worker error'),
  );
  watchAbandonedExports(worker, deps);
  return worker;
}
