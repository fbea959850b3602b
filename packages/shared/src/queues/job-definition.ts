import type { DefaultJobOptions } from 'bullmq';
import type { z } from 'zod';

/**
 * One queue of the catalog: its name, the payload its jobs carry (ids only: state lives in
 * PostgreSQL and secrets never go to Redis), how duplicates collapse, and retry and retention.
 */
export interface JobDefinition<Name extends string = string, Schema extends z.ZodType = z.ZodType> {
  readonly queueName: Name;
  /** The job name shown in Bull Board. */
  readonly jobName: string;
  readonly payload: Schema;
  /** Deterministic id: adding a job whose id is still in the queue adds nothing. */
  readonly jobId?: (payload: z.output<Schema>) => string;
  readonly defaultJobOptions: DefaultJobOptions;
}

export type JobPayload<D extends JobDefinition> = z.output<D['payload']>;
export type JobPayloadInput<D extends JobDefinition> = z.input<D['payload']>;

/** Keeps the literal queue name and the schema's type; nothing more. */
export function defineJob<const Name extends string, Schema extends z.ZodType>(
  definition: JobDefinition<Name, Schema>,
): JobDefinition<Name, Schema> {
  return definition;
}
