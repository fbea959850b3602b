import { fileDownloadsJob, invoiceListingsJob } from '@invoice-extractor/shared/queues';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { createDispatcher, type Dispatcher } from './dispatch/create-dispatcher.js';
import { dispatchSettings } from './dispatch/dispatch-settings.js';
import type { DownloaderDeps } from './downloader-deps.js';
import { startExportWorker } from './exports/export-worker.js';
import { failAbandonedFile, processFileDownload } from './files/process-file-download.js';
import { runLogged } from './jobs/run-logged.js';
import { processInvoiceListing } from './listing/process-invoice-listing.js';

/** The SAT.ws endpoint group each queue's jobs spend their calls on, for 429 pauses. */
const LISTING_ENDPOINT = 'GET /entities/{id}/invoices';
const FILE_ENDPOINT = 'GET /invoices/{id}/cfdi';

export interface RunningDownloader {
  readonly workers: readonly Worker[];
  /** Stops taking jobs and waits for those in flight; leaves queues, pool and Redis open. */
  close(): Promise<void>;
}

function isFinalFailure(job: Job, error: Error): boolean {
  return (
    error instanceof UnrecoverableError ||
    error.name === 'UnrecoverableError' ||
    job.attemptsMade >= (job.opts.attempts ?? 1)
  );
}

function createWorker<R>(
  deps: DownloaderDeps,
  queueName: string,
  endpoint: string,
  concurrency: number,
  process: (job: Job) => Promise<R>,
): Worker {
  const worker: Worker = new Worker(
    queueName,
    (job: Job) =>
      runLogged(job, { worker, budget: deps.budget, endpoint, logger: deps.logger }, () =>
        process(job),
      ),
    { connection: deps.redis, prefix: deps.queuePrefix, concurrency },
  );
  worker.on('error', (error) =>
    deps.logger.error({ queue: queueName, err: error }, 'worker error'),
  );
  return worker;
}

/** A file job BullMQ gave up on without the processor recording it (stalled) is failed here. */
function watchAbandonedFiles(worker: Worker, deps: DownloaderDeps): void {
  worker.on('failed', (job, error) => {
    if (!job || !isFinalFailure(job, error)) return;
    const parsed = fileDownloadsJob.payload.safeParse(job.data);
    if (!parsed.success) return;
    failAbandonedFile(deps, parsed.data.fileId, error.message).catch((cause: unknown) => {
      deps.logger.error({ jobId: job.id, err: cause }, 'could not record an abandoned file');
    });
  });
}

/** This process's dispatcher, handed to the processors that make files ready (they wake it). */
function withDispatcher(given: DownloaderDeps): { deps: DownloaderDeps; dispatcher: Dispatcher } {
  const dispatcher = createDispatcher(
    { pool: given.pool, queue: given.queues.fileDownloads, logger: given.logger },
    dispatchSettings(given.concurrency.files, given.dispatch),
  );
  return { deps: { ...given, dispatcher }, dispatcher };
}

/**
 * Starts the three workers: listings (`WORKER_CONCURRENCY` at once), file downloads
 * (`DOWNLOAD_CONCURRENCY`) and export ZIPs; and the dispatcher that feeds file downloads in
 * turn across companies (woken by listings, export fallbacks and every finished file job, and
 * on its timer). Stalled-job recovery is BullMQ's default; failed jobs are kept by the
 * catalog's options for Bull Board.
 */
export function startDownloader(given: DownloaderDeps): RunningDownloader {
  const { deps, dispatcher } = withDispatcher(given);
  const listings = createWorker(
    deps,
    invoiceListingsJob.queueName,
    LISTING_ENDPOINT,
    deps.concurrency.listings,
    (job) => processInvoiceListing(job, deps),
  );
  const files = createWorker(
    deps,
    fileDownloadsJob.queueName,
    FILE_ENDPOINT,
    deps.concurrency.files,
    (job) => processFileDownload(job, deps),
  );
  watchAbandonedFiles(files, deps);
  // A finished job leaves room in the backlog; the dispatcher refills once it is half empty.
  files.on('completed', () => dispatcher.wake());
  files.on('failed', () => dispatcher.wake());
  dispatcher.start();
  const exports = startExportWorker(deps);
  const workers = [listings, files, exports];
  let closing: Promise<void> | undefined;
  return {
    workers,
    close: () => {
      // Intake first: no new files join the queue while the workers finish what they hold.
      closing ??= dispatcher
        .close()
        .then(() => Promise.all(workers.map((worker) => worker.close())))
        .then(() => undefined);
      return closing;
    },
  };
}
