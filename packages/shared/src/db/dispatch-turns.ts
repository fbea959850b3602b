import type { Queryable } from './queryable.js';

/**
 * SQL condition: extraction `e` has its files fetched one call per file and they may be handed
 * to the queue now: downloading, every page listed (a half-listed extraction's files wait, so
 * the mode is known), and not in export mode (its ZIP is fetching them).
 */
export function dispatchableExtraction(e: string): string {
  return `(${e}.status = 'downloading' and ${e}.listed_at is not null and ${e}.download_mode = 'files')`;
}

/** A company whose turn a dispatcher holds, with the XML it was handed today so far. */
export interface DispatchTurn {
  companyId: string;
  xmlDispatchedToday: number;
}

/**
 * Gives every company with a dispatchable extraction a row in `dispatch_turns`, the row that
 * dispatchers lock to take its turn. Existing rows are left as they are.
 */
export async function ensureDispatchTurns(q: Queryable): Promise<void> {
  await q.query(
    `insert into dispatch_turns (company_id)
     select distinct e.company_id from extractions e where ${dispatchableExtraction('e')}
     on conflict (company_id) do nothing`,
  );
}

/**
 * Locks the turns of up to `limit` companies that have files waiting, least recently served
 * first, for the rest of the transaction. Rows another dispatcher holds are skipped, so
 * dispatchers in several processes serve different companies and never claim the same file.
 * `day` (Mexico City, `YYYY-MM-DD`) picks the XML count to report.
 */
export async function lockDispatchTurns(
  q: Queryable,
  { limit, day }: { limit: number; day: string },
): Promise<DispatchTurn[]> {
  const result = await q.query<{ company_id: string; xml_dispatched: number }>(
    `select t.company_id::text as company_id, coalesce(b.xml_dispatched, 0) as xml_dispatched
     from dispatch_turns t
     left join xml_budget_days b on b.company_id = t.company_id and b.day = $2::date
     where exists (select 1 from extractions e where e.company_id = t.company_id and ${dispatchableExtraction('e')})
       and exists (
         select 1 from invoice_files f
         where f.company_id = t.company_id and f.state = 'pending' and f.dispatched_at is null
       )
     order by t.last_turn_at nulls first, t.company_id
     limit $1
     for update of t skip locked`,
    [limit, day],
  );
  return result.rows.map((row) => ({
    companyId: row.company_id,
    xmlDispatchedToday: row.xml_dispatched,
  }));
}

/**
 * Sends the companies that just had a turn to the back of the rotation, whether or not they got
 * a file (one at its XML budget with only XML left must not keep the front of the line).
 */
export async function endDispatchTurns(
  q: Queryable,
  companyIds: readonly string[],
  now: Date,
): Promise<void> {
  if (companyIds.length === 0) return;
  await q.query('update dispatch_turns set last_turn_at = $2 where company_id = any($1::int8[])', [
    [...companyIds],
    now,
  ]);
}
