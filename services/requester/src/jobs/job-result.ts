/**
 * What a processor returns: BullMQ keeps it as the job's return value (shown in Bull Board),
 * and the per-attempt log line carries it.
 */
export interface JobResult {
  outcome: string;
  [detail: string]: unknown;
}
