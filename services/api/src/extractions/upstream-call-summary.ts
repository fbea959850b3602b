import { listUpstreamCalls, type Queryable } from '@invoice-extractor/shared/db';

/** SAT.ws calls made for one extraction: the total and each endpoint template's share. */
export interface UpstreamCallSummary {
  total: number;
  byEndpoint: Record<string, number>;
}

export const noUpstreamCalls = (): UpstreamCallSummary => ({ total: 0, byEndpoint: {} });

/**
 * The call counts of a page of extractions in one query (an extraction without calls gets
 * zeros). Counts reach PostgreSQL within about a second of the call (the workers batch them).
 */
export async function loadUpstreamCalls(
  q: Queryable,
  extractionIds: readonly string[],
): Promise<Map<string, UpstreamCallSummary>> {
  const summaries = new Map(extractionIds.map((id) => [id, noUpstreamCalls()]));
  for (const row of await listUpstreamCalls(q, extractionIds)) {
    if (row.extraction_id === null) continue;
    const summary = summaries.get(row.extraction_id);
    if (!summary) continue;
    const calls = Number(row.calls);
    summary.byEndpoint[row.endpoint] = calls;
    summary.total += calls;
  }
  return summaries;
}

/** One extraction's counts. */
export async function loadUpstreamCallsOf(
  q: Queryable,
  extractionId: string,
): Promise<UpstreamCallSummary> {
  return (await loadUpstreamCalls(q, [extractionId])).get(extractionId) ?? noUpstreamCalls();
}
