import { UnrecoverableError } from 'bullmq';
import type { JobDefinition, JobPayload } from './job-definition.js';
import { describePayloadIssues } from './payload-issues.js';

/**
 * A worker's first step: a payload that does not match the catalog will not match on the
 * next attempt either, so the job fails at once (UnrecoverableError) and waits in Bull Board.
 */
export function parseJobPayload<D extends JobDefinition>(
  definition: D,
  job: { id?: string | undefined; data: unknown },
): JobPayload<D> {
  const parsed = definition.payload.safeParse(job.data);
  if (parsed.success) return parsed.data as JobPayload<D>;
  throw new UnrecoverableError(
    `Invalid payload for job ${job.id ?? '(no id)'} in queue ${definition.queueName}: ` +
      describePayloadIssues(parsed.error),
  );
}
