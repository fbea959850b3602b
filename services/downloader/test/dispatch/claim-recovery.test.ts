import { listPendingFileIds } from '@invoice-extractor/shared/db';
import { createTestDatabase, type TestDatabase } from '@invoice-extractor/test-support/database';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimNextFiles } from '../../src/dispatch/claim-next-files.js';
import { dispatchAll } from '../support/dispatch.js';
import { createHarness, type Harness } from '../support/harness.js';
import { listedCompany } from '../support/listed-files.js';

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

/** Everything touched before this counts as stale, as after the reconciler's grace period. */
const sweep = () => ({ olderThan: new Date(Date.now() + 60_000), limit: 1000 });

describe('a crash between the claim and the enqueue', () => {
  it("leaves the claimed files to the reconciler's sweep, and only them: the rest wait for their turn", async () => {
    const h = harness as Harness;
    const company = await listedCompany(h.pool, { rfc: 'EKU9003173C9', invoices: 3 });
    expect(await listPendingFileIds(h.pool, sweep())).toEqual([]);

    // The claim commits; the process dies before adding the jobs.
    const { files } = await claimNextFiles(h.pool, {
      limit: 2,
      xmlDailyBudget: 0,
      now: new Date(),
    });

    expect(files.map((file) => file.id)).toEqual(company.fileIds.slice(0, 2));
    expect(await h.queues.fileDownloads.count()).toBe(0);
    // Oldest first by creation time; these two were created in the same statement.
    expect((await listPendingFileIds(h.pool, sweep())).sort()).toEqual(
      company.fileIds.slice(0, 2).sort(),
    );
    // The next dispatcher hands out the others, never the two already claimed.
    expect(await dispatchAll(h)).toBe(4);
    const queued = await h.queues.fileDownloads.getJobs(['waiting'], 0, -1, true);
    expect(queued.map((job) => String(job.data.fileId))).toEqual(company.fileIds.slice(2));
  });
});
