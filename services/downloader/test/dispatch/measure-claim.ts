// The claim's cost on a lopsided backlog: 100,000 pending files of one company and 50 of
// another, as issue 6 describes. Not a test (no assertions on time): run it by hand with
//   pnpm exec tsx services/downloader/test/dispatch/measure-claim.ts
// It creates a database of its own on TEST_DATABASE_ADMIN_URL's server and drops it at the end.
import { randomBytes } from 'node:crypto';
import { claimDispatchFiles, createPool, migrateDatabase } from '@invoice-extractor/shared/db';
import { databaseUrl, testDatabaseAdminUrl } from '@invoice-extractor/test-support/database';
import pg from 'pg';
import { claimNextFiles } from '../../src/dispatch/claim-next-files.js';

const BIG = 50_000; // invoices, each with an XML and a PDF
const SMALL = 25;
const CLAIM = 32;

const SEED = `
insert into companies (rfc) values ('EKU9003173C9'), ('IIA040805DZ4');
insert into extractions (company_id, status, period_from, period_to, request_fingerprint, listed_at)
select id, 'downloading', '2025-01-01', '2025-06-30', 'fp-' || id, now() from companies;
insert into invoices (company_id, cfdi_uuid, satws_invoice_id, direction, issuer_rfc, receiver_rfc,
                      issued_at, cfdi_type, total, currency, status, has_xml, has_pdf)
select c.id, upper(gen_random_uuid()::text), 'inv-' || c.id || '-' || g, 'issued', c.rfc,
       'XAXX010101000', '2025-03-01', 'I', 1, 'MXN', 'VIGENTE', true, true
from companies c
cross join lateral generate_series(1, case when c.rfc = 'EKU9003173C9' then ${BIG} else ${SMALL} end) g
order by c.id, g;
insert into extraction_invoices (extraction_id, invoice_id)
select e.id, i.id from extractions e join invoices i on i.company_id = e.company_id;
insert into invoice_files (invoice_id, kind)
select i.id, k from invoices i cross join (values ('xml'), ('pdf')) v(k) order by i.id, k desc;
analyze;`;

async function explainClaim(pool: pg.Pool, label: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const companies = await client.query<{ id: string }>(
      'select id::text from companies order by id',
    );
    const plan: string[] = [];
    // The claim's own statement, run under EXPLAIN ANALYZE and rolled back.
    await claimDispatchFiles(
      {
        query: async (text: string, values?: unknown[]) => {
          const result = await client.query(`explain (analyze, buffers) ${text}`, values);
          for (const row of result.rows) plan.push(String(row['QUERY PLAN']));
          return { ...result, rows: [] };
        },
      } as never,
      {
        turns: companies.rows.map((row) => ({ companyId: row.id, xmlRoom: 2_000 })),
        perCompany: CLAIM / companies.rows.length,
        limit: CLAIM,
        now: new Date(),
      },
    );
    console.log(`\n== EXPLAIN ANALYZE, ${label}`);
    console.log(plan.join('\n'));
  } finally {
    await client.query('rollback');
    client.release();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const name = `ie_measure_${randomBytes(4).toString('hex')}`;
  const url = databaseUrl(testDatabaseAdminUrl(), name);
  await migrateDatabase(url);
  const pool = createPool(url, { max: 4, onError: () => undefined });
  const admin = new pg.Client({ connectionString: testDatabaseAdminUrl() });
  try {
    const seeded = performance.now();
    await pool.query(SEED);
    console.log(
      `seeded ${2 * BIG} + ${2 * SMALL} pending files in ${Math.round(performance.now() - seeded)} ms`,
    );
    await explainClaim(pool, 'first claim (nothing dispatched yet)');

    const times: number[] = [];
    const smallDone: number[] = [];
    let claimed = 0;
    while (claimed < 90_000) {
      const started = performance.now();
      const outcome = await claimNextFiles(pool, {
        limit: CLAIM,
        xmlDailyBudget: 0,
        now: new Date(),
      });
      times.push(performance.now() - started);
      claimed += outcome.files.length;
      if (outcome.files.some((file) => file.companyId === '2')) smallDone.push(claimed);
    }
    times.sort((a, b) => a - b);
    const total = times.reduce((sum, t) => sum + t, 0);
    console.log(
      `\n${times.length} claims of ${CLAIM} (whole transaction: turns, claim, budget) until 90,000 dispatched, no vacuum:` +
        ` p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms,` +
        ` max ${percentile(times, 100).toFixed(2)} ms, ${Math.round((times.length / total) * 1000)} claims/s`,
    );
    console.log(
      `the small company's 50 files were all dispatched within the first ${smallDone.at(-1)} files`,
    );
    await explainClaim(pool, 'after 90,000 of the big company dispatched (no vacuum)');
  } finally {
    await pool.end();
    await admin.connect();
    await admin.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
    await admin.end();
  }
}

await main();
