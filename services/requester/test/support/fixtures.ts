import { randomUUID } from 'node:crypto';
import {
  type CfdiType,
  type ExtractionRecord,
  getExtraction,
  insertExtraction,
  insertInboxEvent,
  upsertCompany,
} from '@invoice-extractor/shared/db';
import type pg from 'pg';
import type { ProcessorJob } from '../../src/jobs/processor-job.js';

let periods = 0;

/**
 * A distinct period per call (2025-01-01 to a later day each time): SAT.ws answers 409 to a
 * second extraction with the same options while the first is in flight, so tests that do not
 * mean to collide must not share options.
 */
export function nextPeriod(): { periodFrom: string; periodTo: string } {
  periods += 1;
  const to = new Date(Date.UTC(2025, 0, 1) + periods * 86_400_000);
  return { periodFrom: '2025-01-01', periodTo: to.toISOString().slice(0, 10) };
}

export interface ExtractionOverrides {
  periodFrom?: string;
  periodTo?: string;
  cfdiTypes?: CfdiType[];
  issued?: boolean;
  received?: boolean;
  wantXml?: boolean;
  wantPdf?: boolean;
}

/** A company (created if new) and a `queued` extraction for it, as the API leaves them. */
export async function queuedExtraction(
  pool: pg.Pool,
  rfc: string,
  overrides: ExtractionOverrides = {},
): Promise<ExtractionRecord> {
  const company = await upsertCompany(pool, { rfc });
  const inserted = await insertExtraction(pool, {
    companyId: company.id,
    ...nextPeriod(),
    issued: true,
    received: true,
    cfdiTypes: ['I', 'E', 'P', 'N', 'T'],
    wantXml: true,
    wantPdf: true,
    requestFingerprint: randomUUID(),
    ...overrides,
  });
  if (!inserted) throw new Error('fixture: the extraction was not inserted');
  return inserted;
}

export async function reload(pool: pg.Pool, id: string): Promise<ExtractionRecord> {
  const row = await getExtraction(pool, id);
  if (!row) throw new Error(`fixture: extraction ${id} is gone`);
  return row;
}

/** A job as BullMQ hands it to a processor, on its first attempt unless told otherwise. */
export function jobOf(
  data: Record<string, unknown>,
  { attemptsMade = 0, attempts = 10 }: { attemptsMade?: number; attempts?: number } = {},
): ProcessorJob {
  return { id: `test-${randomUUID()}`, data, attemptsMade, opts: { attempts } };
}

/** Stores an event in the inbox as the api's webhook route does; returns its id. */
export async function storeEvent(pool: pg.Pool, event: { id: string; type: string }) {
  await insertInboxEvent(pool, {
    eventId: event.id,
    eventType: event.type,
    payloadJson: JSON.stringify(event),
    signatureVerdict: 'x-satws-signature',
  });
  return event.id;
}
