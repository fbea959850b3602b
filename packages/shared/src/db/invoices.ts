import { columnList } from './column-list.js';
import type { CfdiType } from './extraction-row.js';
import { invalidInput } from './invalid-input.js';
import type { Queryable } from './queryable.js';

export type InvoiceDirection = 'issued' | 'received';
export type InvoiceStatus = 'VIGENTE' | 'CANCELADO';

export interface InvoiceRow {
  id: string;
  company_id: string;
  cfdi_uuid: string;
  satws_invoice_id: string;
  direction: InvoiceDirection;
  issuer_rfc: string;
  receiver_rfc: string;
  issued_at: Date;
  cfdi_type: CfdiType;
  /** numeric, as text: exact, never a float. */
  total: string;
  currency: string;
  status: InvoiceStatus;
  has_xml: boolean;
  has_pdf: boolean;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = [
  'id',
  'company_id',
  'cfdi_uuid',
  'satws_invoice_id',
  'direction',
  'issuer_rfc',
  'receiver_rfc',
  'issued_at',
  'cfdi_type',
  'total',
  'currency',
  'status',
  'has_xml',
  'has_pdf',
  'created_at',
  'updated_at',
] as const;
const INVOICE_COLUMNS = columnList(COLUMNS);

export function invoiceColumns(alias?: string): string {
  return columnList(COLUMNS, { alias });
}

export interface InvoiceInput {
  satwsInvoiceId: string;
  /** Either case; stored upper case. */
  cfdiUuid: string;
  direction: InvoiceDirection;
  issuerRfc: string;
  receiverRfc: string;
  issuedAt: Date | string;
  cfdiType: CfdiType;
  /** SAT.ws sends a JSON number; pass it on as text to keep it exact. */
  total: string | number;
  currency: string;
  status: InvoiceStatus;
  hasXml: boolean;
  hasPdf: boolean;
}

/** One page of the upstream's invoice list at most. */
export const MAX_INVOICES_PER_UPSERT = 1000;

/** Same UUID twice in one statement would make ON CONFLICT DO UPDATE fail; the last one wins. */
function uniqueByUuid(invoices: readonly InvoiceInput[]): InvoiceInput[] {
  const byUuid = new Map<string, InvoiceInput>();
  for (const invoice of invoices) byUuid.set(invoice.cfdiUuid.toUpperCase(), invoice);
  return [...byUuid.values()];
}

/**
 * Inserts or refreshes a page of a company's invoices in one statement and returns every row,
 * new or existing (the update is unconditional so RETURNING includes them all).
 */
export async function upsertInvoices(
  q: Queryable,
  companyId: string,
  invoices: readonly InvoiceInput[],
): Promise<InvoiceRow[]> {
  if (invoices.length > MAX_INVOICES_PER_UPSERT) {
    throw invalidInput(
      `upsertInvoices takes at most ${MAX_INVOICES_PER_UPSERT} invoices, got ${invoices.length}`,
    );
  }
  const rows = uniqueByUuid(invoices);
  if (rows.length === 0) return [];
  const result = await q.query<InvoiceRow>(
    `insert into invoices (company_id, cfdi_uuid, satws_invoice_id, direction, issuer_rfc,
                           receiver_rfc, issued_at, cfdi_type, total, currency, status,
                           has_xml, has_pdf)
     select $1, upper(u.cfdi_uuid), u.satws_invoice_id, u.direction, upper(u.issuer_rfc),
            upper(u.receiver_rfc), u.issued_at, u.cfdi_type, u.total, upper(u.currency),
            u.status, u.has_xml, u.has_pdf
     from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[],
                 $8::text[], $9::numeric[], $10::text[], $11::text[], $12::boolean[],
                 $13::boolean[])
       as u(cfdi_uuid, satws_invoice_id, direction, issuer_rfc, receiver_rfc, issued_at,
            cfdi_type, total, currency, status, has_xml, has_pdf)
     on conflict (company_id, cfdi_uuid) do update set
       satws_invoice_id = excluded.satws_invoice_id, direction = excluded.direction,
       issuer_rfc = excluded.issuer_rfc, receiver_rfc = excluded.receiver_rfc,
       issued_at = excluded.issued_at, cfdi_type = excluded.cfdi_type, total = excluded.total,
       currency = excluded.currency, status = excluded.status, has_xml = excluded.has_xml,
       has_pdf = excluded.has_pdf
     returning ${INVOICE_COLUMNS}`,
    [
      companyId,
      rows.map((row) => row.cfdiUuid),
      rows.map((row) => row.satwsInvoiceId),
      rows.map((row) => row.direction),
      rows.map((row) => row.issuerRfc),
      rows.map((row) => row.receiverRfc),
      rows.map((row) => row.issuedAt),
      rows.map((row) => row.cfdiType),
      rows.map((row) => String(row.total)),
      rows.map((row) => row.currency),
      rows.map((row) => row.status),
      rows.map((row) => row.hasXml),
      rows.map((row) => row.hasPdf),
    ],
  );
  return result.rows;
}

export async function getInvoice(q: Queryable, id: string): Promise<InvoiceRow | null> {
  const result = await q.query<InvoiceRow>(
    `select ${INVOICE_COLUMNS} from invoices where id = $1`,
    [id],
  );
  return result.rows[0] ?? null;
}

export async function getInvoiceByUuid(
  q: Queryable,
  companyId: string,
  cfdiUuid: string,
): Promise<InvoiceRow | null> {
  const result = await q.query<InvoiceRow>(
    `select ${INVOICE_COLUMNS} from invoices where company_id = $1 and cfdi_uuid = upper($2)`,
    [companyId, cfdiUuid],
  );
  return result.rows[0] ?? null;
}
