import { fileDownloadsJob, type JobPayload } from '@invoice-extractor/shared/queues';
import type { Queue } from 'bullmq';

/** BullMQ adds a bulk in one round trip; this many keeps each under a few hundred KB. */
const BULK_SIZE = 1000;

/**
 * One `file-downloads` job per file, in the order given (the queue serves them first come,
 * first served), with the catalog's deterministic id: a file whose job is still in the queue
 * (waiting, active, done or failed) gets no second one, so enqueuing the same files again adds
 * nothing.
 */
export async function enqueueFileJobs(
  queue: Queue<JobPayload<typeof fileDownloadsJob>>,
  fileIds: readonly string[],
): Promise<void> {
  for (let start = 0; start < fileIds.length; start += BULK_SIZE) {
    const jobs = fileIds.slice(start, start + BULK_SIZE).map((fileId) => {
      const data = fileDownloadsJob.payload.parse({ fileId });
      return {
        name: fileDownloadsJob.jobName,
        data,
        opts: { jobId: fileDownloadsJob.jobId?.(data) },
      };
    });
    await queue.addBulk(jobs);
  }
}
