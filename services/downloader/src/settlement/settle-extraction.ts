import {
  appendExtractionEvent,
  type ExtractionStatus,
  type Queryable,
  withTransaction,
} from '@invoice-extractor/shared/db';
import type { Pool } from 'pg';

/** The error code of an extraction that failed only because some of its files did. */
export const FILES_FAILED = 'files_failed';

/** How many failed files the extraction's error message names. */
const ERRORS_SHOWN = 3;

export interface SettledExtraction {
  id: string;
  status: Extract<ExtractionStatus, 'completed' | 'failed'>;
  total: number;
  failed: number;
  errorMessage: string | null;
}

/**
 * Settles an extraction whose listing is done and whose wanted files are all stored, missing
 * or failed, in ONE conditional statement, so the workers storing its last files at the same
 * moment settle it once: the second UPDATE waits for the first row lock, then finds the status
 * changed. Completed when no file failed, else failed with `files_failed` and the first errors.
 * A `files_failed` extraction whose failed files were since retried and stored (from Bull
 * Board) completes: the failure it recorded is no longer true.
 *
 * Written here and not in the shared db module, whose `completeExtractionIfSettled` completes
 * even with failed files and whose transition rules forbid `failed → completed`.
 */
const SETTLE_SQL = `
with files as (
  select f.id, f.kind, f.state, f.last_error, i.cfdi_uuid
  from extractions x
  join extraction_invoices ei on ei.extraction_id = x.id
  join invoice_files f on f.invoice_id = ei.invoice_id
    and ((f.kind = 'xml' and x.want_xml) or (f.kind = 'pdf' and x.want_pdf))
  join invoices i on i.id = f.invoice_id
  where x.id = $1
), tally as (
  select count(*)::int as total,
         count(*) filter (where state = 'pending')::int as pending,
         count(*) filter (where state = 'failed')::int as failed,
         (select string_agg(cfdi_uuid || '.' || kind || ': ' || coalesce(last_error, 'no error recorded'),
                            '; ' order by id)
          from (select * from files where state = 'failed' order by id limit $3) first_failed) as errors
  from files
)
update extractions e set
  status = case when t.failed > 0 then 'failed' else 'completed' end,
  completed_at = case when t.failed > 0 then e.completed_at else now() end,
  error_code = case when t.failed > 0 then $2 end,
  error_message = case when t.failed > 0
    then format('%s of %s files failed for good; first errors: %s', t.failed, t.total, t.errors) end
from tally t
where e.id = $1 and e.listed_at is not null and t.pending = 0
  and (e.status = 'downloading' or (e.status = 'failed' and e.error_code = $2 and t.failed = 0))
returning e.id, e.status, e.error_message as "errorMessage", t.total, t.failed`;

/**
 * Whether extraction `e` still has a wanted pending file. Asked after every file, so it goes
 * through the company's pending files (`extraction_has_pending_file`, migration 0011): about a
 * millisecond whatever the extraction's size, where SETTLE_SQL reads all of its files (~19 ms
 * for 20,000, which made settling quadratic in the extraction's size).
 */
const HAS_PENDING = 'extraction_has_pending_file(e.id)';

const ANY_PENDING_SQL = `select ${HAS_PENDING} as pending from extractions e where e.id = $1`;

/** Runs SETTLE_SQL for an extraction already seen without pending files. */
async function settleChecked(pool: Pool, extractionId: string): Promise<SettledExtraction | null> {
  return withTransaction(pool, async (client) => {
    // The downloader's sessions commit asynchronously; an extraction's completion, which no
    // later step would redo if a crash lost it, waits for the disk.
    await client.query('set local synchronous_commit = on');
    const result = await client.query<SettledExtraction>(SETTLE_SQL, [
      extractionId,
      FILES_FAILED,
      ERRORS_SHOWN,
    ]);
    const settled = result.rows[0];
    if (!settled) return null;
    await appendExtractionEvent(client, extractionId, `status.${settled.status}`, {
      files: settled.total,
      failedFiles: settled.failed,
    });
    return settled;
  });
}

/** Completes or fails the extraction if every wanted file is settled; null when not (yet). */
export async function settleExtraction(
  pool: Pool,
  extractionId: string,
): Promise<SettledExtraction | null> {
  const check = await pool.query<{ pending: boolean }>(ANY_PENDING_SQL, [extractionId]);
  if (check.rows[0]?.pending !== false) return null;
  return settleChecked(pool, extractionId);
}

/**
 * The extractions a file's outcome can settle (still downloading, or failed by files), each
 * with whether it still has a pending file: one round trip for what every file asks.
 */
const AWAITING_SQL = `
select distinct e.id, ${HAS_PENDING} as pending
from invoice_files f
join extraction_invoices ei on ei.invoice_id = f.invoice_id
join extractions e on e.id = ei.extraction_id
where f.id = $1 and (e.status = 'downloading' or (e.status = 'failed' and e.error_code = $2))`;

/** The extractions a file's outcome can settle: those still downloading or failed by files. */
export async function extractionsAwaitingFile(
  q: Queryable,
  fileId: string,
): Promise<{ id: string; pending: boolean }[]> {
  const result = await q.query<{ id: string; pending: boolean }>(AWAITING_SQL, [
    fileId,
    FILES_FAILED,
  ]);
  return result.rows;
}

/**
 * The completion check after a file settled (its state committed first, so of two workers
 * storing an extraction's last two files, the later check sees both): every extraction waiting
 * on it, each once.
 */
export async function settleExtractionsOfFile(
  pool: Pool,
  fileId: string,
): Promise<SettledExtraction[]> {
  const settled: SettledExtraction[] = [];
  for (const extraction of await extractionsAwaitingFile(pool, fileId)) {
    if (extraction.pending) continue;
    const outcome = await settleChecked(pool, extraction.id);
    if (outcome) settled.push(outcome);
  }
  return settled;
}
