import { columnList } from './column-list.js';
import type { Queryable } from './queryable.js';
import { singleRow } from './single-row.js';

export interface ExtractionEventRow {
  id: string;
  extraction_id: string;
  /** Dotted lower-case words, e.g. `status.requested`, `webhook.applied`. */
  kind: string;
  detail: Record<string, unknown>;
  created_at: Date;
}

const EVENT_COLUMNS = columnList(['id', 'extraction_id', 'kind', 'detail', 'created_at']);

/** Appends to the extraction's audit log (rows are never updated). */
export async function appendExtractionEvent(
  q: Queryable,
  extractionId: string,
  kind: string,
  detail: Record<string, unknown> = {},
): Promise<ExtractionEventRow> {
  const result = await q.query<ExtractionEventRow>(
    `insert into extraction_events (extraction_id, kind, detail) values ($1, $2, $3::jsonb)
     returning ${EVENT_COLUMNS}`,
    [extractionId, kind, JSON.stringify(detail)],
  );
  return singleRow(result.rows, 'appendExtractionEvent');
}

/** The audit log in the order it was written. */
export async function listExtractionEvents(
  q: Queryable,
  extractionId: string,
): Promise<ExtractionEventRow[]> {
  const result = await q.query<ExtractionEventRow>(
    `select ${EVENT_COLUMNS} from extraction_events where extraction_id = $1 order by id`,
    [extractionId],
  );
  return result.rows;
}
