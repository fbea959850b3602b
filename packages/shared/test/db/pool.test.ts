import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCompanyByRfc, upsertCompany } from '../../src/db/companies.js';
import { createPool } from '../../src/db/pool.js';
import { withTransaction } from '../../src/db/transaction.js';
import { type OpenDatabase, openDatabase, uniqueRfc } from './fixtures.js';

describe('pool and transactions', () => {
  let db: OpenDatabase;

  beforeAll(async () => {
    db = await openDatabase();
  });

  afterAll(async () => {
    await db.close();
  });

  it('commits the work of a transaction that succeeds', async () => {
    const rfc = uniqueRfc();

    const result = await withTransaction(db.pool, (client) => upsertCompany(client, { rfc }));

    expect((await getCompanyByRfc(db.pool, rfc))?.id).toBe(result.id);
  });

  it('rolls back, rethrows the same error and returns the client to the pool', async () => {
    const rfc = uniqueRfc();
    const failure = new Error('callback failed after writing');

    await expect(
      withTransaction(db.pool, async (client) => {
        await upsertCompany(client, { rfc });
        throw failure;
      }),
    ).rejects.toBe(failure);

    expect(await getCompanyByRfc(db.pool, rfc)).toBeNull();
    expect(db.pool.totalCount).toBe(db.pool.idleCount);
  });

  it('survives an idle connection being killed, reports it, and keeps working', async () => {
    const errors: Error[] = [];
    const pool = createPool(db.database.url, {
      max: 2,
      applicationName: 'pool-error-test',
      onError: (error) => errors.push(error),
    });
    try {
      await pool.query('select 1');
      await db.pool.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
         where datname = current_database() and application_name = 'pool-error-test'`,
      );

      await waitFor('the pool to report the killed idle client', () => errors.length > 0);
      const again = await pool.query<{ ok: number }>('select 1 as ok');

      expect(errors[0]?.message).toMatch(/terminat/);
      expect(again.rows[0]?.ok).toBe(1);
    } finally {
      await pool.end();
    }
  });

  it('survives a checked-out connection being killed: the holder gets the error, the process lives', async () => {
    const errors: Error[] = [];
    const pool = createPool(db.database.url, {
      max: 2,
      applicationName: 'pool-checked-out-test',
      onError: (error) => errors.push(error),
    });
    try {
      const client = await pool.connect();
      await db.pool.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
         where datname = current_database() and application_name = 'pool-checked-out-test'`,
      );
      // A held client's 'error' event has no listener of pg-pool's: without ours it would be
      // an unhandled 'error' and end the process (seen when the chaos suite killed backends).
      await waitFor('the pool to report the killed checked-out client', () => errors.length > 0);
      await expect(client.query('select 1')).rejects.toThrow();
      client.release(true);
      const again = await pool.query<{ ok: number }>('select 1 as ok');

      expect(errors[0]?.message).toMatch(/terminat/);
      expect(again.rows[0]?.ok).toBe(1);
    } finally {
      await pool.end();
    }
  });
});
