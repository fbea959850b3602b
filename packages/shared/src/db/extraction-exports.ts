import { columnList } from './column-list.js';
import type { InvoiceFileKind, InvoiceFileState } from './invoice-files.js';
import type { InvoiceDirection } from './invoices.js';
import type { Queryable } from './queryable.js';
import { singleRow } from './single-row.js';
import { wantedFile } from './wanted-files.js';

/** requested → archived → unpacked, or failed when SAT.ws failed the export (sql/0009). */
export type ExportState = 'new' | 'requested' | 'archived' | 'unpacked' | 'failed';
export type SatwsExportState = 'pending' | 'running' | 'finished' | 'failed';

/** Mirrors the `extraction_exports` table. */
export interface ExtractionExportRow {
  extraction_id: string;
  state: ExportState;
  satws_export_id: string | null;
  satws_status: SatwsExportState | null;
  satws_status_at: Date | null;
  satws_file_id: string | null;
  archive_key: string | null;
  archive_sha256: string | null;
  archive_bytes: string | null;
  entries_stored: number;
  entries_skipped: number;
  entries_rejected: number;
  entries_ignored: number;
  requested_at: Date | null;
  archived_at: Date | null;
  unpacked_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = [
  'extraction_id',
  'state',
  'satws_export_id',
  'satws_status',
  'satws_status_at',
  'satws_file_id',
  'archive_key',
  'archive_sha256',
  'archive_bytes',
  'entries_stored',
  'entries_skipped',
  'entries_rejected',
  'entries_ignored',
  'requested_at',
  'archived_at',
  'unpacked_at',
  'created_at',
  'updated_at',
] as const;
const EXPORT_COLUMNS = columnList(COLUMNS);

/** The extraction's export row, created (state `new`) the first time. */
export async function ensureExtractionExport(
  q: Queryable,
  extractionId: string,
): Promise<ExtractionExportRow> {
  await q.query(
    `insert into extraction_exports (extraction_id) values ($1) on conflict do nothing`,
    [extractionId],
  );
  const row = await getExtractionExport(q, extractionId);
  return singleRow(row ? [row] : [], 'ensureExtractionExport');
}

export async function getExtractionExport(
  q: Queryable,
  extractionId: string,
): Promise<ExtractionExportRow | null> {
  const result = await q.query<ExtractionExportRow>(
    `select ${EXPORT_COLUMNS} from extraction_exports where extraction_id = $1`,
    [extractionId],
  );
  return result.rows[0] ?? null;
}

export async function getExtractionExportBySatwsId(
  q: Queryable,
  satwsExportId: string,
): Promise<ExtractionExportRow | null> {
  const result = await q.query<ExtractionExportRow>(
    `select ${EXPORT_COLUMNS} from extraction_exports where satws_export_id = $1`,
    [satwsExportId],
  );
  return result.rows[0] ?? null;
}

export interface SatwsExportObservation {
  status: SatwsExportState;
  /** SAT.ws's `updatedAt` for this status. */
  observedAt: Date;
  /** The ZIP's File id, once finished. */
  fileId?: string | null;
}

/** Keeps the SAT.ws export id; null, and nothing changed, unless the row was still `new`. */
export async function recordExportRequested(
  q: Queryable,
  extractionId: string,
  satwsExportId: string,
  seen: SatwsExportObservation,
): Promise<ExtractionExportRow | null> {
  const result = await q.query<ExtractionExportRow>(
    `update extraction_exports
     set state = 'requested', satws_export_id = $2, satws_status = $3, satws_status_at = $4,
         satws_file_id = $5, requested_at = now()
     where extraction_id = $1 and state = 'new'
     returning ${EXPORT_COLUMNS}`,
    [extractionId, satwsExportId, seen.status, seen.observedAt, seen.fileId ?? null],
  );
  return result.rows[0] ?? null;
}

/**
 * Records what SAT.ws says of the export (a webhook or a poll). Null, and nothing changed, when
 * a status observed later is already stored, or when it would move a finished or failed export
 * back: webhooks and polls arrive in any order.
 */
export async function recordExportStatus(
  q: Queryable,
  satwsExportId: string,
  seen: SatwsExportObservation,
): Promise<ExtractionExportRow | null> {
  const result = await q.query<ExtractionExportRow>(
    `update extraction_exports
     set satws_status = $2, satws_status_at = $3, satws_file_id = coalesce($4, satws_file_id)
     where satws_export_id = $1
       and (satws_status_at is null or satws_status_at <= $3)
       and (satws_status is null or satws_status not in ('finished', 'failed')
            or $2 in ('finished', 'failed'))
     returning ${EXPORT_COLUMNS}`,
    [satwsExportId, seen.status, seen.observedAt, seen.fileId ?? null],
  );
  return result.rows[0] ?? null;
}

/** SAT.ws failed the export: nothing more comes from it. Null unless it was new or requested. */
export async function markExportFailed(
  q: Queryable,
  extractionId: string,
): Promise<ExtractionExportRow | null> {
  const result = await q.query<ExtractionExportRow>(
    `update extraction_exports set state = 'failed'
     where extraction_id = $1 and state in ('new', 'requested')
     returning ${EXPORT_COLUMNS}`,
    [extractionId],
  );
  return result.rows[0] ?? null;
}

export interface ArchivedZip {
  key: string;
  sha256: string;
  bytes: number;
}

/** The whole ZIP is in S3 under `key`; null unless the row was `requested`. */
export async function recordExportArchived(
  q: Queryable,
  extractionId: string,
  archive: ArchivedZip,
): Promise<ExtractionExportRow | null> {
  const result = await q.query<ExtractionExportRow>(
    `update extraction_exports
     set state = 'archived', archive_key = $2, archive_sha256 = $3, archive_bytes = $4,
         archived_at = now()
     where extraction_id = $1 and state = 'requested'
     returning ${EXPORT_COLUMNS}`,
    [extractionId, archive.key, archive.sha256, String(archive.bytes)],
  );
  return result.rows[0] ?? null;
}

export interface EntryCounts {
  stored: number;
  skipped: number;
  rejected: number;
  ignored: number;
}

/**
 * The counts of the unpacking pass so far (assigned, not added: a pass after a crash counts
 * again from zero, the entries the first pass stored now being skipped); with `done` the
 * export is unpacked. Null unless the row is `archived`.
 */
export async function recordUnpackProgress(
  q: Queryable,
  extractionId: string,
  counts: EntryCounts,
  { done }: { done: boolean },
): Promise<ExtractionExportRow | null> {
  const result = await q.query<ExtractionExportRow>(
    `update extraction_exports
     set entries_stored = $2, entries_skipped = $3, entries_rejected = $4, entries_ignored = $5,
         state = case when $6 then 'unpacked' else state end,
         unpacked_at = case when $6 then now() else unpacked_at end
     where extraction_id = $1 and state = 'archived'
     returning ${EXPORT_COLUMNS}`,
    [extractionId, counts.stored, counts.skipped, counts.rejected, counts.ignored, done],
  );
  return result.rows[0] ?? null;
}

/**
 * Whatever the export did not deliver is fetched one call per file: the extraction goes back
 * to `files` mode (sql/0008), where the dispatcher picks its pending files up. Written here, on
 * the extractions table, because it is the export's last step. False when the extraction was
 * not downloading in export mode.
 */
export async function handExportBackToFiles(q: Queryable, extractionId: string): Promise<boolean> {
  const result = await q.query(
    `update extractions set download_mode = 'files'
     where id = $1 and status = 'downloading' and download_mode = 'export'
     returning id`,
    [extractionId],
  );
  return result.rows.length > 0;
}

export interface EntryName {
  /** Upper case, as in the ZIP entry's name and our `invoices.cfdi_uuid`. */
  cfdiUuid: string;
  kind: InvoiceFileKind;
}

/** A file a ZIP entry names, with what storing it under its per-invoice key needs. */
export interface ExportEntryFile {
  id: string;
  kind: InvoiceFileKind;
  state: InvoiceFileState;
  cfdi_uuid: string;
  direction: InvoiceDirection;
  issued_at: Date;
  rfc: string;
}

/**
 * The extraction's wanted files that ZIP entries name; names of files the extraction does not
 * want (another kind, invoices outside its scope) match nothing.
 */
export async function listExportEntryFiles(
  q: Queryable,
  extractionId: string,
  names: readonly EntryName[],
): Promise<ExportEntryFile[]> {
  if (names.length === 0) return [];
  const result = await q.query<ExportEntryFile>(
    `select f.id, f.kind, f.state, i.cfdi_uuid, i.direction, i.issued_at, c.rfc
     from unnest($2::text[], $3::text[]) as n(cfdi_uuid, kind)
     join extractions e on e.id = $1
     join invoices i on i.company_id = e.company_id and i.cfdi_uuid = n.cfdi_uuid
     join extraction_invoices ei on ei.extraction_id = e.id and ei.invoice_id = i.id
     join invoice_files f on f.invoice_id = i.id and f.kind = n.kind and ${wantedFile('e', 'f')}
     join companies c on c.id = i.company_id`,
    [extractionId, names.map((name) => name.cfdiUuid), names.map((name) => name.kind)],
  );
  return result.rows;
}
