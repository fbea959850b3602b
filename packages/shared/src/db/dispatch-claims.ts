import { dispatchableExtraction } from './dispatch-turns.js';
import type { InvoiceFileKind } from './invoice-files.js';
import type { Queryable } from './queryable.js';

/** A company's turn in one claim: how many XML files it may still get today. */
export interface TurnAllowance {
  companyId: string;
  /** XML files this company may be handed now; 0 once its daily budget is spent. */
  xmlRoom: number;
}

export interface ClaimFilesOptions {
  /** The companies whose turns this transaction holds, in the order they are served. */
  turns: readonly TurnAllowance[];
  /** Files per company at most, so the walk stays O(limit) whatever the backlogs. */
  perCompany: number;
  /** Files in all at most. */
  limit: number;
  now: Date;
}

export interface ClaimedFile {
  id: string;
  companyId: string;
  kind: InvoiceFileKind;
}

/** A file some dispatchable extraction wants (an XML-only extraction does not want the PDF). */
function wantedByDispatchable(kind: InvoiceFileKind): string {
  const wants = kind === 'xml' ? 'e.want_xml' : 'e.want_pdf';
  return `exists (
    select 1 from extraction_invoices ei join extractions e on e.id = ei.extraction_id
    where ei.invoice_id = f.invoice_id and ${dispatchableExtraction('e')} and ${wants})`;
}

/**
 * One company's waiting files of one kind, oldest first, through `invoice_files_dispatch_idx`:
 * files already dispatched are not in that index, so the walk never passes them.
 */
function waitingFiles(kind: InvoiceFileKind, limit: string): string {
  return `(select f.id, f.company_id, f.kind from invoice_files f
     where f.company_id = t.company_id and f.kind = '${kind}' and f.state = 'pending'
       and f.dispatched_at is null and ${wantedByDispatchable(kind)}
     order by f.id limit ${limit})`;
}

/**
 * Round-robin: each company's files are numbered oldest first (its turns), and the claim takes
 * every company's first turn, then every company's second, and so on, companies in the order
 * given. XML stops at the company's allowance; PDFs go on. The chosen files are marked
 * dispatched in the same statement and come back in that order, which is the order their jobs
 * should join the queue. The conditional update keeps a file from being claimed twice even if
 * the caller's turn locks were bypassed.
 */
const CLAIM_SQL = `
with turns as (
  select t.company_id, t.xml_room, t.position
  from unnest($1::int8[], $2::int4[]) with ordinality as t(company_id, xml_room, position)
), candidates as (
  select c.id, t.position, row_number() over (partition by c.company_id order by c.id) as turn
  from turns t
  cross join lateral (
    ${waitingFiles('xml', 'least($3::int, greatest(t.xml_room, 0))')}
    union all
    ${waitingFiles('pdf', '$3::int')}
  ) c
), chosen as (
  select id, turn, position from candidates order by turn, position limit $4
), claimed as (
  update invoice_files f set dispatched_at = $5
  from chosen
  where f.id = chosen.id and f.state = 'pending' and f.dispatched_at is null
  returning f.id, f.company_id, f.kind
)
select c.id::text as id, c.company_id::text as company_id, c.kind
from claimed c join chosen using (id)
order by chosen.turn, chosen.position`;

/** Marks the next files dispatched, in turn across the given companies; returns them. */
export async function claimDispatchFiles(
  q: Queryable,
  { turns, perCompany, limit, now }: ClaimFilesOptions,
): Promise<ClaimedFile[]> {
  if (turns.length === 0 || limit < 1) return [];
  const result = await q.query<{ id: string; company_id: string; kind: InvoiceFileKind }>(
    CLAIM_SQL,
    [
      turns.map((turn) => turn.companyId),
      turns.map((turn) => turn.xmlRoom),
      perCompany,
      limit,
      now,
    ],
  );
  return result.rows.map((row) => ({ id: row.id, companyId: row.company_id, kind: row.kind }));
}
