import { randomUUID } from 'node:crypto';
import {
  type CfdiType,
  type ExtractionRecord,
  type ExtractionStatus,
  getExtraction,
  insertExtraction,
  setCompanyEntityId,
  transitionExtraction,
  upsertCompany,
} from '@invoice-extractor/shared/db';
import type { Pool } from 'pg';

export interface ExtractionSetup {
  rfc: string;
  /** The simulator's entity of the RFC; left unset to make the listing look it up. */
  entityId?: string | null;
  from: string;
  to: string;
  issued?: boolean;
  received?: boolean;
  types?: CfdiType[];
  xml?: boolean;
  pdf?: boolean;
  status?: ExtractionStatus;
}

/** A company and an extraction in `status` (downloading by default), as the requester leaves it. */
export async function createExtraction(
  pool: Pool,
  setup: ExtractionSetup,
): Promise<ExtractionRecord> {
  const company = await upsertCompany(pool, { rfc: setup.rfc });
  if (setup.entityId) await setCompanyEntityId(pool, company.id, setup.entityId);
  const inserted = await insertExtraction(pool, {
    companyId: company.id,
    periodFrom: setup.from,
    periodTo: setup.to,
    issued: setup.issued ?? true,
    received: setup.received ?? true,
    cfdiTypes: setup.types ?? ['I', 'E', 'P', 'N', 'T'],
    wantXml: setup.xml ?? true,
    wantPdf: setup.pdf ?? true,
    requestFingerprint: randomUUID(),
  });
  if (!inserted) throw new Error('test extraction was not inserted');
  const status = setup.status ?? 'downloading';
  if (status !== 'queued') {
    const moved = await transitionExtraction(pool, inserted.id, ['queued'], status, {
      ...(status === 'failed' ? { errorCode: 'test', errorMessage: 'test' } : {}),
    });
    if (!moved) throw new Error(`test extraction did not move to ${status}`);
  }
  const extraction = await getExtraction(pool, inserted.id);
  if (!extraction) throw new Error('test extraction vanished');
  return extraction;
}

export async function reloadExtraction(pool: Pool, id: string): Promise<ExtractionRecord> {
  const extraction = await getExtraction(pool, id);
  if (!extraction) throw new Error(`extraction ${id} vanished`);
  return extraction;
}

export interface FileRowView {
  id: string;
  uuid: string;
  kind: 'xml' | 'pdf';
  state: string;
  s3_key: string | null;
  sha256: string | null;
  bytes: string | null;
  attempts: number;
  last_error: string | null;
  direction: string;
}

/** Every file row of an extraction with its invoice's UUID, in id order. */
export async function filesOf(pool: Pool, extractionId: string): Promise<FileRowView[]> {
  const result = await pool.query<FileRowView>(
    `select f.id, i.cfdi_uuid as uuid, f.kind, f.state, f.s3_key, f.sha256, f.bytes, f.attempts,
            f.last_error, i.direction
     from extraction_invoices ei
     join invoices i on i.id = ei.invoice_id
     join invoice_files f on f.invoice_id = i.id
     where ei.extraction_id = $1
     order by f.id`,
    [extractionId],
  );
  return result.rows;
}

export async function countRows(
  pool: Pool,
  table: 'invoices' | 'extraction_invoices' | 'invoice_files',
): Promise<number> {
  const result = await pool.query<{ count: number }>(`select count(*)::int as count from ${table}`);
  return result.rows[0]?.count ?? 0;
}

export async function eventKinds(pool: Pool, extractionId: string): Promise<string[]> {
  const result = await pool.query<{ kind: string }>(
    'select kind from extraction_events where extraction_id = $1 order by id',
    [extractionId],
  );
  return result.rows.map((row) => row.kind);
}
