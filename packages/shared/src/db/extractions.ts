import { AppError } from '../errors/index.js';
import {
  type CfdiType,
  EXTRACTION_STATUSES,
  type ExtractionRecord,
  type ExtractionStatus,
  extractionColumns,
} from './extraction-row.js';
import { assertPageLimit, invalidInput } from './invalid-input.js';
import type { Queryable } from './queryable.js';

export interface NewExtraction {
  companyId: string;
  /** `YYYY-MM-DD`, inclusive, Mexico City calendar. */
  periodFrom: string;
  periodTo: string;
  issued: boolean;
  received: boolean;
  cfdiTypes: readonly CfdiType[];
  wantXml: boolean;
  wantPdf: boolean;
  idempotencyKey?: string | null;
  /** Hash of the normalized request; equal requests in flight share one extraction. */
  requestFingerprint: string;
}

const RECORD_COLUMNS = `${extractionColumns('e')}, c.rfc`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Inserts a queued extraction. Null, and nothing inserted, when its idempotency key is taken or
 * an identical request (same fingerprint) is still in flight: fetch that one instead.
 */
export async function insertExtraction(
  q: Queryable,
  input: NewExtraction,
): Promise<ExtractionRecord | null> {
  const result = await q.query<ExtractionRecord>(
    `with inserted as (
       insert into extractions (company_id, period_from, period_to, issued, received, cfdi_types,
                                want_xml, want_pdf, idempotency_key, request_fingerprint)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       on conflict do nothing
       returning ${extractionColumns()}
     )
     select ${RECORD_COLUMNS} from inserted e join companies c on c.id = e.company_id`,
    [
      input.companyId,
      input.periodFrom,
      input.periodTo,
      input.issued,
      input.received,
      [...input.cfdiTypes],
      input.wantXml,
      input.wantPdf,
      input.idempotencyKey ?? null,
      input.requestFingerprint,
    ],
  );
  return result.rows[0] ?? null;
}

export interface CreateOrFindResult {
  extraction: ExtractionRecord;
  /** created, or why an existing extraction was returned instead. */
  outcome: 'created' | 'same-idempotency-key' | 'same-request-in-flight';
}

/**
 * The API's create: a new extraction, or the one already holding the idempotency key, or the
 * identical one still in flight. Runs each step as its own statement (not in a transaction) so
 * that each sees rows committed by a concurrent request that won the race.
 */
export async function createOrFindExtraction(
  q: Queryable,
  input: NewExtraction,
): Promise<CreateOrFindResult> {
  // The loser of a race can find nothing if the winner finished in between; the retry inserts.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const created = await insertExtraction(q, input);
    if (created) return { extraction: created, outcome: 'created' };
    if (input.idempotencyKey) {
      const keyed = await getExtractionByIdempotencyKey(q, input.idempotencyKey);
      if (keyed) return { extraction: keyed, outcome: 'same-idempotency-key' };
    }
    const inFlight = await findInFlightExtraction(q, input.requestFingerprint);
    if (inFlight) return { extraction: inFlight, outcome: 'same-request-in-flight' };
  }
  throw new AppError('Extraction could not be created: it kept conflicting with another request', {
    code: 'EXTRACTION_CONFLICT',
    retryable: true,
    status: 409,
  });
}

/** One extraction with its company's RFC; `condition` is a fixed SQL fragment of this module. */
async function extractionWhere(
  q: Queryable,
  condition: string,
  params: unknown[],
): Promise<ExtractionRecord | null> {
  const result = await q.query<ExtractionRecord>(
    `select ${RECORD_COLUMNS} from extractions e join companies c on c.id = e.company_id
     where ${condition}`,
    params,
  );
  return result.rows[0] ?? null;
}

export async function getExtraction(q: Queryable, id: string): Promise<ExtractionRecord | null> {
  if (!UUID.test(id)) return null;
  return extractionWhere(q, `e.id = $1`, [id]);
}

export async function getExtractionByIdempotencyKey(
  q: Queryable,
  idempotencyKey: string,
): Promise<ExtractionRecord | null> {
  return extractionWhere(q, `e.idempotency_key = $1`, [idempotencyKey]);
}

export async function getExtractionBySatwsId(
  q: Queryable,
  satwsExtractionId: string,
): Promise<ExtractionRecord | null> {
  return extractionWhere(q, `e.satws_extraction_id = $1`, [satwsExtractionId]);
}

/** The unfinished extraction with this request fingerprint, if any (at most one exists). */
export async function findInFlightExtraction(
  q: Queryable,
  requestFingerprint: string,
): Promise<ExtractionRecord | null> {
  return extractionWhere(
    q,
    `e.request_fingerprint = $1 and e.status not in ('completed', 'failed')`,
    [requestFingerprint],
  );
}

export interface ListExtractionsOptions {
  rfc?: string | undefined;
  status?: ExtractionStatus | undefined;
  /** Id of the last extraction of the previous page: the next page starts after it. */
  after?: string | undefined;
  limit: number;
}

/**
 * Newest first, keyset-paged on (created_at, id). The cursor is an extraction id, compared in
 * SQL so the microseconds a JS Date cannot hold are not lost between pages.
 */
export async function listExtractions(
  q: Queryable,
  options: ListExtractionsOptions,
): Promise<ExtractionRecord[]> {
  const { rfc = null, status = null, after = null, limit } = options;
  assertPageLimit(limit);
  if (status !== null && !EXTRACTION_STATUSES.includes(status)) {
    throw invalidInput(`status must be one of ${EXTRACTION_STATUSES.join(', ')}, got ${status}`);
  }
  if (after !== null && !(await cursorExists(q, after))) {
    throw invalidInput(`cursor ${after} does not name an extraction`);
  }
  const result = await q.query<ExtractionRecord>(
    `select ${RECORD_COLUMNS} from extractions e join companies c on c.id = e.company_id
     where ($1::text is null or c.rfc = upper($1))
       and ($2::text is null or e.status = $2)
       and ($3::uuid is null
            or (e.created_at, e.id) < (select p.created_at, p.id from extractions p where p.id = $3))
     order by e.created_at desc, e.id desc
     limit $4`,
    [rfc, status, after, limit],
  );
  return result.rows;
}

async function cursorExists(q: Queryable, id: string): Promise<boolean> {
  if (!UUID.test(id)) return false;
  const result = await q.query('select 1 from extractions where id = $1', [id]);
  return result.rows.length > 0;
}
