import pg from 'pg';
import type { SignedDelivery } from './extraction-deliveries.js';

export interface InsertRate {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

const TABLE = 'bench_single_row_inbox';

/**
 * PostgreSQL's single-row insert rate on this machine: the statement the receiver used to run
 * once per delivery (an autocommit `insert … on conflict (event_id) do nothing returning`),
 * into a copy of `webhook_inbox` (same columns, constraints and indexes), from `concurrency`
 * loops sharing a pool of as many connections, with the same bodies as the burst.
 */
export async function measureSingleRowInserts(
  databaseUrl: string,
  deliveries: readonly SignedDelivery[],
  concurrency = 10,
): Promise<InsertRate> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: concurrency });
  try {
    await pool.query(`create table ${TABLE} (like webhook_inbox including all)`);
    // Every connection opened before the clock starts, as the api's pool is when a burst comes.
    const clients = await Promise.all(Array.from({ length: concurrency }, () => pool.connect()));
    for (const client of clients) client.release();
    let next = 0;
    const loop = async () => {
      for (let index = next++; index < deliveries.length; index = next++) {
        const delivery = deliveries[index] as SignedDelivery;
        await pool.query(
          `insert into ${TABLE} (event_id, event_type, payload, signature_verdict, processed_at, outcome)
           values ($1, $2, $3::jsonb, $4, now(), 'ignored')
           on conflict (event_id) do nothing
           returning event_id`,
          [delivery.eventId, 'invoice.created', delivery.body, 'x-satws-signature'],
        );
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, loop));
    const seconds = (performance.now() - started) / 1000;
    const rows = Number((await pool.query(`select count(*)::int as n from ${TABLE}`)).rows[0].n);
    if (rows !== deliveries.length) {
      throw new Error(`single-row baseline stored ${rows} rows of ${deliveries.length}`);
    }
    await pool.query(`drop table ${TABLE}`);
    return { rows, seconds, rowsPerSecond: rows / seconds };
  } finally {
    await pool.end();
  }
}
