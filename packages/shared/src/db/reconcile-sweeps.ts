import { type ExtractionRow, extractionColumns } from './extraction-row.js';
import { assertPageLimit } from './invalid-input.js';
import type { Queryable } from './queryable.js';

export interface SweepOptions {
  /** Rows touched more recently than this are left alone: their job is probably in flight. */
  olderThan: Date;
  limit: number;
}

async function ids(q: Queryable, sql: string, values: unknown[]): Promise<string[]> {
  const result = await q.query<{ id: string }>(sql, values);
  return result.rows.map((row) => row.id);
}

/** Extractions SAT.ws accepted whose deadline passed with no terminal event, most overdue first. */
export async function listOverduePolls(
  q: Queryable,
  { now, limit }: { now: Date; limit: number },
): Promise<ExtractionRow[]> {
  assertPageLimit(limit);
  const result = await q.query<ExtractionRow>(
    `select ${extractionColumns()} from extractions
     where status in ('requested', 'extracting') and satws_extraction_id is not null
       and deadline_at <= $1
     order by deadline_at
     limit $2`,
    [now, limit],
  );
  return result.rows;
}

/** `queued` extractions whose request is due (past `not_before`), oldest first. */
export function listDueQueuedExtractionIds(
  q: Queryable,
  { olderThan, limit, now }: SweepOptions & { now: Date },
): Promise<string[]> {
  assertPageLimit(limit);
  return ids(
    q,
    `select id from extractions
     where status = 'queued' and updated_at < $1 and coalesce(not_before, created_at) <= $2
     order by coalesce(not_before, created_at)
     limit $3`,
    [olderThan, now, limit],
  );
}

/** `downloading` extractions whose invoices are not listed yet, oldest first. */
export function listUnlistedExtractionIds(
  q: Queryable,
  { olderThan, limit }: SweepOptions,
): Promise<string[]> {
  assertPageLimit(limit);
  return ids(
    q,
    `select id from extractions
     where status = 'downloading' and listed_at is null and updated_at < $1
     order by updated_at
     limit $2`,
    [olderThan, limit],
  );
}

/**
 * Listed `downloading` extractions still in export mode, oldest first: each needs its
 * export-downloads job (waiting for SAT.ws, or unpacking) until it hands back to per-file.
 */
export function listExportDownloadIds(
  q: Queryable,
  { olderThan, limit }: SweepOptions,
): Promise<string[]> {
  assertPageLimit(limit);
  return ids(
    q,
    `select id from extractions
     where status = 'downloading' and download_mode = 'export' and listed_at is not null
       and updated_at < $1
     order by updated_at
     limit $2`,
    [olderThan, limit],
  );
}

/**
 * Files still `pending` that the dispatcher handed to the queue, oldest first: their job may
 * have been lost with Redis, or never added (a crash between the claim's commit and the
 * enqueue). Files not dispatched yet are the dispatcher's, waiting for their company's turn
 * or the next day's XML budget; giving them jobs here would bypass both.
 */
export function listPendingFileIds(
  q: Queryable,
  { olderThan, limit }: SweepOptions,
): Promise<string[]> {
  assertPageLimit(limit);
  return ids(
    q,
    `select id::text as id from invoice_files
     where state = 'pending' and dispatched_at is not null and updated_at < $1
     order by created_at
     limit $2`,
    [olderThan, limit],
  );
}

/** Inbox events of the given types stored but not handled, oldest first. */
export async function listUnprocessedInboxEventIds(
  q: Queryable,
  { olderThan, limit, types }: SweepOptions & { types: readonly string[] },
): Promise<string[]> {
  assertPageLimit(limit);
  const result = await q.query<{ event_id: string }>(
    `select event_id from webhook_inbox
     where processed_at is null and received_at < $1 and event_type = any($2::text[])
     order by received_at
     limit $3`,
    [olderThan, [...types], limit],
  );
  return result.rows.map((row) => row.event_id);
}

/**
 * Completed extractions that wanted XML, have XML files SAT.ws reported missing (`xml:false`,
 * its daily cap) and no follow-up yet, oldest first.
 */
export function listExtractionsMissingXml(
  q: Queryable,
  { olderThan, limit, maxDepth }: SweepOptions & { maxDepth: number },
): Promise<string[]> {
  assertPageLimit(limit);
  return ids(
    q,
    `select e.id from extractions e
     where e.status = 'completed' and e.want_xml and e.completed_at < $1
       and e.follow_up_depth < $2
       and not exists (select 1 from extractions c where c.follow_up_of = e.id)
       and exists (
         select 1 from extraction_invoices ei
         join invoice_files f on f.invoice_id = ei.invoice_id
         where ei.extraction_id = e.id and f.kind = 'xml' and f.state = 'missing'
       )
     order by e.completed_at
     limit $3`,
    [olderThan, maxDepth, limit],
  );
}
