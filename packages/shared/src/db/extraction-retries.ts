import { type ExtractionRow, extractionColumns } from './extraction-row.js';
import type { Queryable } from './queryable.js';

export interface Requeue {
  notBefore: Date;
  errorCode: string;
  errorMessage: string;
}

/**
 * Puts an extraction whose SAT.ws run failed back to `queued`, to be requested again after
 * `notBefore`, counting the failed run. Not a transition of the state machine (which only moves
 * forward): it starts a new lap. The SAT.ws id stays until the new request replaces it, so late
 * events about the failed run still find the row (and change nothing). The last error is kept
 * for a person to read. Null, and nothing changed, when it is no longer requested/extracting.
 */
export async function requeueExtraction(
  q: Queryable,
  id: string,
  { notBefore, errorCode, errorMessage }: Requeue,
): Promise<ExtractionRow | null> {
  const result = await q.query<ExtractionRow>(
    `update extractions
     set status = 'queued', not_before = $2, upstream_attempts = upstream_attempts + 1,
         deadline_at = null, error_code = $3, error_message = $4
     where id = $1 and status in ('requested', 'extracting')
     returning ${extractionColumns()}`,
    [id, notBefore, errorCode, errorMessage],
  );
  return result.rows[0] ?? null;
}

/** How many SAT.ws runs of this extraction failed and were retried. */
export async function getUpstreamAttempts(q: Queryable, id: string): Promise<number> {
  const result = await q.query<{ upstream_attempts: number }>(
    'select upstream_attempts from extractions where id = $1',
    [id],
  );
  return result.rows[0]?.upstream_attempts ?? 0;
}

/**
 * A new `queued` extraction with the same company, period and options as `parentId`, not to be
 * requested before `notBefore`. Its fingerprint names the parent, so it neither collides with
 * the parent still in flight nor dedupes a person's identical request. Null when the parent
 * already has its follow-up or the chain reached `maxDepth`.
 */
export async function scheduleFollowUpExtraction(
  q: Queryable,
  parentId: string,
  { notBefore, maxDepth }: { notBefore: Date; maxDepth: number },
): Promise<string | null> {
  const result = await q.query<{ id: string }>(
    `insert into extractions (company_id, period_from, period_to, issued, received, cfdi_types,
       want_xml, want_pdf, request_fingerprint, not_before, follow_up_of, follow_up_depth)
     select company_id, period_from, period_to, issued, received, cfdi_types, want_xml, want_pdf,
       request_fingerprint || ':follow-up-of:' || id, $2, id, follow_up_depth + 1
     from extractions where id = $1 and follow_up_depth < $3
     on conflict do nothing
     returning id`,
    [parentId, notBefore, maxDepth],
  );
  return result.rows[0]?.id ?? null;
}
