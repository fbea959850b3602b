import type { JobResult } from '../jobs/job-result.js';
import type { ProcessorJob } from '../jobs/processor-job.js';
import { catchUpEvents } from './catch-up-events.js';
import { scheduleMissingXmlFollowUps } from './follow-ups.js';
import { pollOverdueExtractions } from './poll-overdue.js';
import type { ReconcileDeps } from './reconcile-deps.js';
import { requeueLostWork } from './requeue-lost-work.js';

/**
 * `reconciler`: one run of every repair, in this order so that what the first two find is
 * already stored when the lost-work sweep looks: poll overdue extractions, catch up on events,
 * schedule follow-ups for XML SAT.ws held back, then re-add the jobs Redis lost. Each step is idempotent; a run cut short is finished by the
 * next one.
 */
export async function processReconcile(
  _job: ProcessorJob,
  deps: ReconcileDeps,
): Promise<JobResult> {
  const overdue = await pollOverdueExtractions(deps);
  const events = await catchUpEvents(deps);
  const followUps = await scheduleMissingXmlFollowUps(deps);
  const lostWork = await requeueLostWork(deps);
  return { outcome: 'reconciled', overdue, events, followUps, lostWork };
}
