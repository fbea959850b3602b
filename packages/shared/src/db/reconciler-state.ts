import type { Queryable } from './queryable.js';

/** Where the `GET /events` catch-up got to; null before its first complete run. */
export async function getEventsCursor(q: Queryable): Promise<Date | null> {
  const result = await q.query<{ events_cursor: Date | null }>(
    'select events_cursor from reconciler_state where id',
  );
  return result.rows[0]?.events_cursor ?? null;
}

/** Moves the cursor forward to `at`; never back, so a slow run cannot undo a later one. */
export async function advanceEventsCursor(q: Queryable, at: Date): Promise<Date> {
  const result = await q.query<{ events_cursor: Date }>(
    `insert into reconciler_state (id, events_cursor) values (true, $1)
     on conflict (id) do update
       set events_cursor = greatest(reconciler_state.events_cursor, excluded.events_cursor)
     returning events_cursor`,
    [at],
  );
  const row = result.rows[0];
  if (!row) throw new Error('advanceEventsCursor: the upsert returned no row');
  return row.events_cursor;
}
