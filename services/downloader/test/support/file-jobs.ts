import type { Job } from 'bullmq';
import {
  type FileDownloadResult,
  processFileDownload,
} from '../../src/files/process-file-download.js';
import type { Harness } from './harness.js';

export function fileJob(fileId: string, attempt = { attemptsMade: 0, attempts: 10 }) {
  return {
    id: `file-${fileId}`,
    data: { fileId },
    attemptsMade: attempt.attemptsMade,
    opts: { attempts: attempt.attempts },
  };
}

/**
 * Runs every waiting `file-downloads` job through the processor as a plain function, eight at
 * a time like a worker would; returns each outcome or error by job id.
 */
export async function runQueuedFileJobs(
  h: Harness,
): Promise<Map<string, FileDownloadResult | Error>> {
  const jobs: Job[] = await h.queues.fileDownloads.getJobs(['waiting'], 0, -1);
  const outcomes = new Map<string, FileDownloadResult | Error>();
  let next = 0;
  const lane = async () => {
    for (let job = jobs[next++]; job; job = jobs[next++]) {
      try {
        outcomes.set(job.id ?? '', await processFileDownload(job, h.deps));
      } catch (error) {
        outcomes.set(job.id ?? '', error as Error);
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
  return outcomes;
}
