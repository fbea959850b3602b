import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@invoice-extractor/test-support/database';
import type pg from 'pg';
import { upsertCompany } from '../../src/db/companies.js';
import { createOrFindExtraction, type NewExtraction } from '../../src/db/extractions.js';
import type { InvoiceInput } from '../../src/db/invoices.js';
import { createPool } from '../../src/db/pool.js';

/** A valid, unique legal-person RFC: three letters, a date, a three-character homoclave. */
export function uniqueRfc(): string {
  const letters = Array.from(randomBytes(3), (byte) => String.fromCharCode(65 + (byte % 26)));
  const homoclave = randomBytes(2).toString('hex').toUpperCase().slice(0, 3);
  return `${letters.join('')}900101${homoclave}`;
}

export async function createCompany(pool: pg.Pool, name = 'Comercializadora de Prueba') {
  return upsertCompany(pool, { rfc: uniqueRfc(), name });
}

export function newExtraction(
  companyId: string,
  overrides: Partial<NewExtraction> = {},
): NewExtraction {
  return {
    companyId,
    periodFrom: '2025-01-01',
    periodTo: '2025-01-31',
    issued: true,
    received: true,
    cfdiTypes: ['I', 'E', 'P', 'N', 'T'],
    wantXml: true,
    wantPdf: true,
    requestFingerprint: createHash('sha256').update(randomUUID()).digest('hex'),
    ...overrides,
  };
}

export async function createExtraction(
  pool: pg.Pool,
  companyId: string,
  overrides: Partial<NewExtraction> = {},
) {
  const { extraction } = await createOrFindExtraction(pool, newExtraction(companyId, overrides));
  return extraction;
}

export function invoiceInput(overrides: Partial<InvoiceInput> = {}): InvoiceInput {
  return {
    satwsInvoiceId: randomUUID(),
    cfdiUuid: randomUUID(),
    direction: 'issued',
    issuerRfc: 'EKU9003173C9',
    receiverRfc: 'xaxx010101000',
    issuedAt: '2025-01-15T10:30:00.000Z',
    cfdiType: 'I',
    total: 1160.5,
    currency: 'MXN',
    status: 'VIGENTE',
    hasXml: true,
    hasPdf: true,
    ...overrides,
  };
}

export interface OpenDatabase {
  database: TestDatabase;
  pool: pg.Pool;
  close(): Promise<void>;
}

/** A database of the test file's own, cloned from the migrated template, and a pool on it. */
export async function openDatabase(): Promise<OpenDatabase> {
  const database = await createTestDatabase();
  const pool = createPool(database.url, {
    max: 10,
    applicationName: 'shared-db-test',
    onError: () => undefined,
  });
  return {
    database,
    pool,
    close: async () => {
      await pool.end();
      await database.drop();
    },
  };
}
