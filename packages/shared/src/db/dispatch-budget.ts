import { dispatchableExtraction } from './dispatch-turns.js';
import type { Queryable } from './queryable.js';

/** SAT counts XML downloads per RFC per calendar day in Mexico City (UTC−6, no DST since 2022). */
export const BUDGET_TIME_ZONE = 'America/Mexico_City';

const DAY_FORMAT = new Intl.DateTimeFormat('en-CA', {
  timeZone: BUDGET_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Mexico City calendar day of `at`, as `YYYY-MM-DD`. */
export function mexicoCityDay(at: Date): string {
  return DAY_FORMAT.format(at);
}

/**
 * Adds the XML files just dispatched to each company's count for `day`, and stamps
 * `exhausted_at` the first time a count reaches `budget`.
 */
export async function addDispatchedXml(
  q: Queryable,
  {
    counts,
    day,
    budget,
    now,
  }: { counts: ReadonlyMap<string, number>; day: string; budget: number; now: Date },
): Promise<void> {
  if (counts.size === 0) return;
  await q.query(
    `insert into xml_budget_days as b (company_id, day, xml_dispatched, exhausted_at)
     select u.company_id, $3::date, u.xml, case when u.xml >= $4 then $5::timestamptz end
     from unnest($1::int8[], $2::int4[]) as u(company_id, xml)
     on conflict (company_id, day) do update set
       xml_dispatched = b.xml_dispatched + excluded.xml_dispatched,
       exhausted_at = coalesce(
         b.exhausted_at,
         case when b.xml_dispatched + excluded.xml_dispatched >= $4 then $5::timestamptz end
       )`,
    [[...counts.keys()], [...counts.values()], day, budget, now],
  );
}

/** An extraction told today that its XML waits for the next day's budget. */
export interface BudgetWait {
  extractionId: string;
  companyId: string;
  rfc: string;
  day: string;
  /** Mexico City midnight after `day`, when XML flows again. */
  resumesAt: Date;
}

/**
 * For companies at their XML budget: appends `budget.exhausted` to each of their dispatchable
 * extractions that still has XML waiting for its turn, once per extraction and day, so an
 * operator reading the extraction sees why it waits. Returns the extractions told just now.
 */
export async function recordBudgetWaits(
  q: Queryable,
  { companyIds, day, budget }: { companyIds: readonly string[]; day: string; budget: number },
): Promise<BudgetWait[]> {
  if (companyIds.length === 0) return [];
  const result = await q.query<{
    extraction_id: string;
    company_id: string;
    rfc: string;
    resumes_at: Date;
  }>(
    `with waiting as (
       select e.id, e.company_id, c.rfc,
              (($2::text::date + 1)::timestamp at time zone '${BUDGET_TIME_ZONE}') as resumes_at
       from extractions e join companies c on c.id = e.company_id
       where e.company_id = any($1::int8[]) and ${dispatchableExtraction('e')} and e.want_xml
         and not exists (
           select 1 from extraction_events ev
           where ev.extraction_id = e.id and ev.kind = 'budget.exhausted' and ev.detail->>'day' = $2::text
         )
         and exists (
           select 1 from extraction_invoices ei
           join invoice_files f on f.invoice_id = ei.invoice_id
           where ei.extraction_id = e.id and f.kind = 'xml' and f.state = 'pending'
             and f.dispatched_at is null
         )
     ), told as (
       insert into extraction_events (extraction_id, kind, detail)
       select w.id, 'budget.exhausted',
              jsonb_build_object('day', $2::text, 'xmlDailyBudget', $3::int, 'resumesAt', w.resumes_at)
       from waiting w
       returning extraction_id
     )
     select w.id as extraction_id, w.company_id::text as company_id, w.rfc, w.resumes_at
     from waiting w join told t on t.extraction_id = w.id`,
    [[...companyIds], day, budget],
  );
  return result.rows.map((row) => ({
    extractionId: row.extraction_id,
    companyId: row.company_id,
    rfc: row.rfc,
    day,
    resumesAt: row.resumes_at,
  }));
}
