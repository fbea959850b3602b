import { expectedFiles, truthFor } from '../support/expected-files.js';
import { readStoredObjects } from '../support/s3-objects.js';
import type { ChaosSystem } from './chaos-system.js';

export interface Verification {
  expectedFiles: number;
  storedObjects: number;
  /** Expected but absent from S3, or present with another size or sha256. */
  lost: string[];
  /** In S3 under the run's prefix but not a file SAT.ws has. */
  unexpected: string[];
  /** Rows beyond one per thing: extractions, invoices, links, files. */
  duplicateRows: number;
  /** invoice_files rows that are not `stored`, by state. */
  unsettledFiles: Record<string, number>;
}

async function checkS3(system: ChaosSystem, result: Verification): Promise<void> {
  const expected = expectedFiles(await truthFor(system.sim, system.rfcs));
  const stored = new Map(
    (await readStoredObjects(system.isolation.checker)).map((object) => [object.key, object]),
  );
  result.expectedFiles = expected.length;
  result.storedObjects = stored.size;
  for (const file of expected) {
    const object = stored.get(file.key);
    stored.delete(file.key);
    if (!object) result.lost.push(`${file.key} is not in S3`);
    else if (object.sha256 !== file.sha256 || object.size !== file.size) {
      result.lost.push(`${file.key} differs from SAT.ws's (size ${object.size} vs ${file.size})`);
    }
  }
  result.unexpected = [...stored.keys()];
}

const DUPLICATES_SQL = `
  select
    (select count(*) from extractions) - $1::int as extractions,
    (select count(*) - count(distinct (company_id, cfdi_uuid)) from invoices) as invoices,
    (select count(*) from invoices) - $2::int as invoice_rows,
    (select count(*) - count(distinct (invoice_id, kind)) from invoice_files) as files,
    (select count(*) from invoice_files where state = 'stored') - $3::int as stored_rows,
    (select count(*) - count(distinct s3_key) from invoice_files where s3_key is not null)
      as shared_keys`;

async function checkRows(system: ChaosSystem, result: Verification, invoices: number) {
  const { pool } = system.isolation;
  const counts = await pool.query<Record<string, string>>(DUPLICATES_SQL, [
    system.rfcs.length,
    invoices,
    result.expectedFiles,
  ]);
  const row = counts.rows[0] ?? {};
  // Only surplus counts as a duplicate; a shortfall shows up as a lost file instead.
  result.duplicateRows = Object.values(row).reduce(
    (sum, value) => sum + Math.max(0, Number(value)),
    0,
  );
  const states = await pool.query<{ state: string; count: string }>(
    `select state, count(*) from invoice_files where state <> 'stored' group by state`,
  );
  for (const state of states.rows) result.unsettledFiles[state.state] = Number(state.count);
}

/**
 * What users were promised, checked against SAT.ws's answer key and the bytes in S3 rather
 * than what the system recorded about itself: every file, intact, once.
 */
export async function verifyNothingLost(system: ChaosSystem): Promise<Verification> {
  const result: Verification = {
    expectedFiles: 0,
    storedObjects: 0,
    lost: [],
    unexpected: [],
    duplicateRows: 0,
    unsettledFiles: {},
  };
  await checkS3(system, result);
  const truth = await truthFor(system.sim, system.rfcs);
  const invoices = truth.taxpayers.reduce((sum, taxpayer) => sum + taxpayer.invoices.length, 0);
  await checkRows(system, result, invoices);
  return result;
}
