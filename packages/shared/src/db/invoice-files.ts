import { columnList } from './column-list.js';
import type { InvoiceDirection } from './invoices.js';
import type { Queryable } from './queryable.js';

export type InvoiceFileKind = 'xml' | 'pdf';
/** failed = given up on (retries spent or a permanent error); missing = SAT.ws has no such file. */
export type InvoiceFileState = 'pending' | 'stored' | 'failed' | 'missing';

export interface InvoiceFileRow {
  id: string;
  invoice_id: string;
  kind: InvoiceFileKind;
  state: InvoiceFileState;
  s3_key: string | null;
  sha256: string | null;
  bytes: string | null;
  attempts: number;
  last_error: string | null;
  stored_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = [
  'id',
  'invoice_id',
  'kind',
  'state',
  's3_key',
  'sha256',
  'bytes',
  'attempts',
  'last_error',
  'stored_at',
  'created_at',
  'updated_at',
] as const;
const FILE_COLUMNS = columnList(COLUMNS);

export interface FileToEnsure {
  invoiceId: string;
  kind: InvoiceFileKind;
  /** What SAT.ws's `xml` / `pdf` flag says: unavailable files are recorded as missing. */
  available: boolean;
}

/**
 * Creates the file rows of a page of invoices, pending or missing. Existing rows are left as
 * they are, except a missing file that has become available, which is pending again (SAT's daily
 * XML cap makes files appear on a later run) and waits for its turn like a new one. Returns
 * the rows created or revived.
 */
export async function ensureInvoiceFiles(
  q: Queryable,
  files: readonly FileToEnsure[],
): Promise<InvoiceFileRow[]> {
  if (files.length === 0) return [];
  const result = await q.query<InvoiceFileRow>(
    `insert into invoice_files (invoice_id, kind, state)
     select u.invoice_id, u.kind, case when u.available then 'pending' else 'missing' end
     from unnest($1::int8[], $2::text[], $3::boolean[]) as u(invoice_id, kind, available)
     on conflict (invoice_id, kind) do update
       set state = 'pending', last_error = null, dispatched_at = null
       where invoice_files.state = 'missing' and excluded.state = 'pending'
     returning ${FILE_COLUMNS}`,
    [
      files.map((file) => file.invoiceId),
      files.map((file) => file.kind),
      files.map((file) => file.available),
    ],
  );
  return result.rows;
}

export async function getInvoiceFile(q: Queryable, id: string): Promise<InvoiceFileRow | null> {
  const result = await q.query<InvoiceFileRow>(
    `select ${FILE_COLUMNS} from invoice_files where id = $1`,
    [id],
  );
  return result.rows[0] ?? null;
}

/** A file with what the downloader needs to fetch it and name its S3 object. */
export interface InvoiceFileDownload extends InvoiceFileRow {
  satws_invoice_id: string;
  cfdi_uuid: string;
  direction: InvoiceDirection;
  issued_at: Date;
  company_id: string;
  rfc: string;
  /**
   * The extraction the download is for, whose SAT.ws call count it adds to: the oldest
   * `downloading` one linked to the file's invoice, else the oldest linked at all (a file
   * retried by hand after its extraction settled); null for a file no extraction links.
   */
  for_extraction_id: string | null;
}

export async function getInvoiceFileDownload(
  q: Queryable,
  id: string,
): Promise<InvoiceFileDownload | null> {
  const result = await q.query<InvoiceFileDownload>(
    `select ${columnList(COLUMNS, { alias: 'f' })}, i.satws_invoice_id, i.cfdi_uuid,
            i.direction, i.issued_at, i.company_id, c.rfc, x.id as for_extraction_id
     from invoice_files f
     join invoices i on i.id = f.invoice_id
     join companies c on c.id = i.company_id
     left join lateral (
       select e.id from extraction_invoices ei
       join extractions e on e.id = ei.extraction_id
       where ei.invoice_id = f.invoice_id
       order by e.status = 'downloading' desc, e.created_at, e.id
       limit 1
     ) x on true
     where f.id = $1`,
    [id],
  );
  return result.rows[0] ?? null;
}

export interface StoredObject {
  s3Key: string;
  /** Lower-case hex. */
  sha256: string;
  bytes: number | string;
}

/** Records the stored object; false, and nothing changed, when the file was already stored. */
export async function markInvoiceFileStored(
  q: Queryable,
  id: string,
  stored: StoredObject,
): Promise<boolean> {
  const result = await q.query(
    `update invoice_files
     set state = 'stored', s3_key = $2, sha256 = $3, bytes = $4, stored_at = now(),
         attempts = attempts + 1, last_error = null
     where id = $1 and state <> 'stored'
     returning id`,
    [id, stored.s3Key, stored.sha256, String(stored.bytes)],
  );
  return result.rows.length > 0;
}

/**
 * Counts a failed attempt and keeps its error. With `final` the file is given up on (failed,
 * which settles it); otherwise it stays pending for the next attempt. False, and nothing
 * changed, when the file is already stored or missing.
 */
export async function markInvoiceFileFailed(
  q: Queryable,
  id: string,
  error: string,
  { final }: { final: boolean },
): Promise<boolean> {
  const result = await q.query(
    `update invoice_files
     set state = case when $3 then 'failed' else state end,
         attempts = attempts + 1, last_error = $2
     where id = $1 and state in ('pending', 'failed')
     returning id`,
    [id, error, final],
  );
  return result.rows.length > 0;
}

/** SAT.ws has no such file (404 on download); false when it was already stored or missing. */
export async function markInvoiceFileMissing(
  q: Queryable,
  id: string,
  reason: string | null = null,
): Promise<boolean> {
  const result = await q.query(
    `update invoice_files set state = 'missing', last_error = $2
     where id = $1 and state in ('pending', 'failed')
     returning id`,
    [id, reason],
  );
  return result.rows.length > 0;
}
