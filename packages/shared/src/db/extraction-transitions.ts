import { AppError } from '../errors/index.js';
import {
  type DownloadMode,
  type ExtractionRow,
  type ExtractionStatus,
  extractionColumns,
  type SatwsExtractionStatus,
  UNFINISHED_EXTRACTION_STATUSES,
} from './extraction-row.js';
import type { Queryable } from './queryable.js';
import { wantedFile } from './wanted-files.js';

/** Columns a transition may set besides `status`; undefined leaves a column as it is. */
export interface ExtractionPatch {
  satwsExtractionId?: string | null;
  satwsStatus?: SatwsExtractionStatus | null;
  satwsStatusAt?: Date | null;
  deadlineAt?: Date | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  /** Added to the counter, not assigned. */
  addRequestAttempts?: number;
  addPollAttempts?: number;
}

const PATCH_COLUMNS = {
  satwsExtractionId: 'satws_extraction_id',
  satwsStatus: 'satws_status',
  satwsStatusAt: 'satws_status_at',
  deadlineAt: 'deadline_at',
  errorCode: 'error_code',
  errorMessage: 'error_message',
} as const satisfies Record<string, string>;

const RANK: Record<ExtractionStatus, number> = {
  queued: 0,
  requested: 1,
  extracting: 2,
  downloading: 3,
  completed: 4,
  failed: 5,
};

/**
 * Forward along queued → requested → extracting → downloading (steps may be skipped: SAT.ws can
 * finish before we hear it run); only downloading completes; anything unfinished may fail; a
 * failed extraction may be retried into any unfinished state. Completed is final.
 */
export function isAllowedTransition(from: ExtractionStatus, to: ExtractionStatus): boolean {
  if (from === 'completed') return false;
  if (to === 'completed') return from === 'downloading';
  if (to === 'failed') return from !== 'failed';
  if (from === 'failed') return true;
  return RANK[to] > RANK[from];
}

function invalidTransition(from: readonly ExtractionStatus[], to: ExtractionStatus): AppError {
  return new AppError(`Extraction cannot move from ${from.join(' or ')} to ${to}`, {
    code: 'INVALID_TRANSITION',
    retryable: false,
  });
}

/**
 * Moves the extraction to `to` only if its status is one of `from`, applying `patch` in the same
 * statement. Null, and nothing changed, when the status was not one of `from` (another worker
 * got there first). Leaving `failed` clears the error unless the patch sets one.
 */
export async function transitionExtraction(
  q: Queryable,
  id: string,
  from: readonly ExtractionStatus[],
  to: ExtractionStatus,
  patch: ExtractionPatch = {},
): Promise<ExtractionRow | null> {
  if (from.length === 0 || from.some((status) => !isAllowedTransition(status, to))) {
    throw invalidTransition(from, to);
  }
  const effective: ExtractionPatch =
    to === 'failed' ? patch : { errorCode: null, errorMessage: null, ...patch };
  const values: unknown[] = [id, [...from], to];
  const sets = ['status = $3'];
  for (const [key, column] of Object.entries(PATCH_COLUMNS)) {
    const value = effective[key as keyof typeof PATCH_COLUMNS];
    if (value === undefined) continue;
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  }
  values.push(patch.addRequestAttempts ?? 0, patch.addPollAttempts ?? 0);
  sets.push(
    `request_attempts = request_attempts + $${values.length - 1}`,
    `poll_attempts = poll_attempts + $${values.length}`,
    `requested_at = case when $3 = 'requested' then coalesce(requested_at, now()) else requested_at end`,
    `completed_at = case when $3 = 'completed' then now() else completed_at end`,
  );
  const result = await q.query<ExtractionRow>(
    `update extractions set ${sets.join(', ')}
     where id = $1 and status = any($2::text[])
     returning ${extractionColumns()}`,
    values,
  );
  return result.rows[0] ?? null;
}

/** Fails an unfinished extraction with a code and message; null if it had already finished. */
export function failExtraction(
  q: Queryable,
  id: string,
  errorCode: string,
  errorMessage: string,
): Promise<ExtractionRow | null> {
  return transitionExtraction(q, id, UNFINISHED_EXTRACTION_STATUSES, 'failed', {
    errorCode,
    errorMessage,
  });
}

export interface SatwsStatusUpdate {
  status: SatwsExtractionStatus;
  /** SAT.ws's `updatedAt` for this status. */
  observedAt: Date;
  createdDataPoints?: number | null;
  updatedDataPoints?: number | null;
}

/**
 * Records what SAT.ws says about its extraction. Null, and nothing changed, when a status
 * observed later is already stored: webhooks and polls arrive in any order.
 */
export async function recordSatwsStatus(
  q: Queryable,
  id: string,
  update: SatwsStatusUpdate,
): Promise<ExtractionRow | null> {
  const result = await q.query<ExtractionRow>(
    `update extractions
     set satws_status = $2, satws_status_at = $3,
         satws_created_data_points = coalesce($4, satws_created_data_points),
         satws_updated_data_points = coalesce($5, satws_updated_data_points)
     where id = $1 and (satws_status_at is null or satws_status_at <= $3)
     returning ${extractionColumns()}`,
    [
      id,
      update.status,
      update.observedAt,
      update.createdDataPoints ?? null,
      update.updatedDataPoints ?? null,
    ],
  );
  return result.rows[0] ?? null;
}

/**
 * Pushes the reconciler's deadline of an unfinished extraction, counting the poll that led to
 * it when `countPoll`; null if the extraction has finished.
 */
export async function setExtractionDeadline(
  q: Queryable,
  id: string,
  deadlineAt: Date,
  { countPoll = false }: { countPoll?: boolean } = {},
): Promise<ExtractionRow | null> {
  const result = await q.query<ExtractionRow>(
    `update extractions
     set deadline_at = $2, poll_attempts = poll_attempts + case when $3 then 1 else 0 end
     where id = $1 and status not in ('completed', 'failed')
     returning ${extractionColumns()}`,
    [id, deadlineAt, countPoll],
  );
  return result.rows[0] ?? null;
}

/**
 * Notes that every invoice page has been listed and how the files will be fetched; only a
 * downloading extraction can be.
 */
export async function markExtractionListed(
  q: Queryable,
  id: string,
  mode: DownloadMode = 'files',
): Promise<ExtractionRow | null> {
  const result = await q.query<ExtractionRow>(
    `update extractions set listed_at = coalesce(listed_at, now()), download_mode = $2
     where id = $1 and status = 'downloading'
     returning ${extractionColumns()}`,
    [id, mode],
  );
  return result.rows[0] ?? null;
}

/**
 * Completes a downloading extraction whose listing is done and whose wanted files are all
 * settled (stored, failed or missing), in one statement, so that the workers storing its last
 * files at the same time complete it once. Null when any of that does not hold.
 */
export async function completeExtractionIfSettled(
  q: Queryable,
  id: string,
): Promise<ExtractionRow | null> {
  const result = await q.query<ExtractionRow>(
    `update extractions e set status = 'completed', completed_at = now()
     where e.id = $1 and e.status = 'downloading' and e.listed_at is not null
       and not exists (
         select 1 from extraction_invoices ei
         join invoice_files f on f.invoice_id = ei.invoice_id
         where ei.extraction_id = e.id and f.state = 'pending' and ${wantedFile('e', 'f')}
       )
     returning ${extractionColumns('e')}`,
    [id],
  );
  return result.rows[0] ?? null;
}

/** Unfinished extractions whose deadline has passed, most overdue first. */
export async function listOverdueExtractions(
  q: Queryable,
  { now, limit }: { now: Date; limit: number },
): Promise<ExtractionRow[]> {
  const result = await q.query<ExtractionRow>(
    `select ${extractionColumns()} from extractions
     where status = any($1::text[]) and deadline_at <= $2
     order by deadline_at
     limit $3`,
    [[...UNFINISHED_EXTRACTION_STATUSES], now, limit],
  );
  return result.rows;
}
