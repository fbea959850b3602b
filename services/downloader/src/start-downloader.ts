import { fileDownloadsJob, invoiceListingsJob } from '@invoice-extractor/shared/queues';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { DownloaderDeps } from './downloader-deps.js';
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

/**
 * Starts the two workers: listings (`WORKER_CONCURRENCY` at once) and file downloads
 * (`DOWNLOAD_CONCURRENCY`). Stalled-job recovery is BullMQ's default; failed jobs are kept by
 * the catalog's options for Bull Board.
 */
export function startDownloader(deps: DownloaderDeps): RunningDownloader {
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
  const workers = [listings, files];
  let closing: Promise<void> | undefined;
  return {
    workers,
    close: () => {
      closing ??= Promise.all(workers.map((worker) => worker.close())).then(() => undefined);
      return closing;
    },
  };
}
