import type { Queryable } from './queryable.js';

/** Calls to add for one extraction (or none) and endpoint template. */
export interface UpstreamCallIncrement {
  /** Null for calls made for no extraction. */
  extractionId: string | null;
  /** A template such as `GET /invoices/{id}/cfdi`. */
  endpoint: string;
  calls: number;
}

export interface UpstreamCallRow {
  extraction_id: string | null;
  endpoint: string;
  /** int8 as text. */
  calls: string;
}

/**
 * Adds every increment in one statement. Calls for an extraction that no longer exists are
 * added to the no-extraction row instead of failing the whole batch on the foreign key: a
 * counted call stays counted. Rows are written in key order so two processes flushing the same
 * rows lock them in the same order and cannot deadlock.
 */
export async function addUpstreamCalls(
  q: Queryable,
  increments: readonly UpstreamCallIncrement[],
): Promise<void> {
  const wanted = increments.filter((increment) => increment.calls > 0);
  if (wanted.length === 0) return;
  await q.query(
    `insert into upstream_calls as u (extraction_id, endpoint, calls)
     select e.id, i.endpoint, sum(i.calls)
     from unnest($1::uuid[], $2::text[], $3::int8[]) as i(extraction_id, endpoint, calls)
     left join extractions e on e.id = i.extraction_id
     group by e.id, i.endpoint
     order by e.id nulls first, i.endpoint
     on conflict (extraction_id, endpoint) do update
       set calls = u.calls + excluded.calls, updated_at = now()`,
    [
      wanted.map((increment) => increment.extractionId),
      wanted.map((increment) => increment.endpoint),
      wanted.map((increment) => increment.calls),
    ],
  );
}

/** The counted calls of these extractions, by endpoint (extractions without calls have no rows). */
export async function listUpstreamCalls(
  q: Queryable,
  extractionIds: readonly string[],
): Promise<UpstreamCallRow[]> {
  if (extractionIds.length === 0) return [];
  const result = await q.query<UpstreamCallRow>(
    `select extraction_id, endpoint, calls from upstream_calls
     where extraction_id = any($1::uuid[])
     order by extraction_id, endpoint`,
    [extractionIds],
  );
  return result.rows;
}

export interface UpstreamCallTotal {
  endpoint: string;
  /** int8 as text. */
  calls: string;
}

/** Every call ever counted, by endpoint, extractions or not. */
export async function sumUpstreamCallsByEndpoint(q: Queryable): Promise<UpstreamCallTotal[]> {
  const result = await q.query<UpstreamCallTotal>(
    `select endpoint, sum(calls)::int8 as calls from upstream_calls
     group by endpoint order by endpoint`,
  );
  return result.rows;
}
