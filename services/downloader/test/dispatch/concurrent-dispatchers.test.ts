import { createPool } from '@invoice-extractor/shared/db';
import { createQueues } from '@invoice-extractor/shared/queues';
import { createTestDatabase, type TestDatabase } from '@invoice-extractor/test-support/database';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimNextFiles } from '../../src/dispatch/claim-next-files.js';
import { createDispatcher } from '../../src/dispatch/create-dispatcher.js';
import { createHarness, type Harness } from '../support/harness.js';
import { listedCompany } from '../support/listed-files.js';

const RFCS = ['EKU9003173C9', 'IIA040805DZ4', 'MISC491214B86', 'GOMA900101AB1'];
const PROCESSES = 4;

let database: TestDatabase;
let harness: Harness | undefined;

beforeEach(async () => {
  database = await createTestDatabase();
  harness = await createHarness({ databaseUrl: database.url });
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  await database.drop();
});

async function undispatchedCount(h: Harness, kinds = ['xml', 'pdf']): Promise<number> {
  const result = await h.pool.query<{ count: number }>(
    `select count(*)::int as count from invoice_files
     where state = 'pending' and dispatched_at is null and kind = any($1::text[])`,
    [kinds],
  );
  return result.rows[0]?.count ?? 0;
}

/** As separate processes would: a pool of their own each, claiming small batches in a loop. */
async function claimInParallel(h: Harness, budget: number): Promise<string[][]> {
  // With a budget, XML past it waits for tomorrow: PDFs, claimed in turn with the XML, go last.
  const left = () => undispatchedCount(h, budget > 0 ? ['pdf'] : ['xml', 'pdf']);
  const pools = Array.from({ length: PROCESSES }, () =>
    createPool(database.url, { max: 2, onError: () => undefined }),
  );
  try {
    return await Promise.all(
      pools.map(async (pool, index) => {
        const claimed: string[] = [];
        // Until nothing is left: a claim finding every company's turn taken returns nothing
        // while others are still at work, so an empty claim alone does not mean done.
        while ((await left()) > 0) {
          const outcome = await claimNextFiles(pool, {
            limit: 3 + index,
            xmlDailyBudget: budget,
            now: new Date(),
          });
          claimed.push(...outcome.files.map((file) => file.id));
        }
        return claimed;
      }),
    );
  } finally {
    await Promise.all(pools.map((pool) => pool.end()));
  }
}

describe('several dispatchers at once', () => {
  it('never claim the same file twice, and together claim every one', async () => {
    const h = harness as Harness;
    const companies = [];
    for (const [index, rfc] of RFCS.entries()) {
      companies.push(await listedCompany(h.pool, { rfc, invoices: 40 + index * 30 }));
    }
    const everyFile = companies.flatMap((company) => company.fileIds);

    const claims = await claimInParallel(h, 0);

    const all = claims.flat();
    expect(all).toHaveLength(everyFile.length);
    expect(new Set(all)).toEqual(new Set(everyFile));
    // Work was shared, not done by whichever process came first.
    expect(claims.filter((claimed) => claimed.length > 0).length).toBeGreaterThan(1);
  });

  it('keep to the XML budget together: no company gets more XML than it allows', async () => {
    const h = harness as Harness;
    // Two companies for four dispatchers: they contend for the same turns all the time.
    for (const rfc of RFCS.slice(0, 2)) await listedCompany(h.pool, { rfc, invoices: 60 });

    const all = (await claimInParallel(h, 25)).flat();

    const perCompany = await h.pool.query<{ rfc: string; kind: string; count: number }>(
      `select c.rfc, f.kind, count(*)::int as count
       from invoice_files f join companies c on c.id = f.company_id
       where f.id = any($1::int8[])
       group by c.rfc, f.kind order by c.rfc, f.kind`,
      [all],
    );
    expect(perCompany.rows).toEqual(
      RFCS.slice(0, 2)
        .sort()
        .flatMap((rfc) => [
          { rfc, kind: 'pdf', count: 60 },
          { rfc, kind: 'xml', count: 25 },
        ]),
    );
    expect(new Set(all).size).toBe(all.length);
  });

  it('through their queues: each file gets one job however many dispatchers fill at once', async () => {
    const h = harness as Harness;
    for (const rfc of RFCS) await listedCompany(h.pool, { rfc, invoices: 50 });
    const queues = Array.from({ length: PROCESSES }, () =>
      createQueues({ connection: h.redis, prefix: h.deps.queuePrefix }),
    );
    const dispatchers = queues.map((processQueues) =>
      createDispatcher(
        { pool: h.pool, queue: processQueues.fileDownloads, logger: h.deps.logger },
        { backlog: 1_000, intervalMs: 60_000, xmlDailyBudgetPerRfc: 0 },
      ),
    );

    const filled = await Promise.all(dispatchers.map((dispatcher) => dispatcher.fill()));
    // A fill that found every turn taken may stop early; one more round picks up the rest.
    filled.push(...(await Promise.all(dispatchers.map((dispatcher) => dispatcher.fill()))));

    expect(filled.reduce((sum, n) => sum + n, 0)).toBe(400);
    expect(await h.queues.fileDownloads.getWaitingCount()).toBe(400);
    expect(await undispatchedCount(h)).toBe(0);
    await Promise.all(dispatchers.map((dispatcher) => dispatcher.close()));
    await Promise.all(queues.map((processQueues) => processQueues.close()));
  });
});
