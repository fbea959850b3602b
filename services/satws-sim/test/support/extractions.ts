import { waitFor } from '@invoice-extractor/test-support/wait';
import type { ApiClient } from './api.js';

export type Json = Record<string, unknown>;

export async function startExtraction(
  api: ApiClient,
  entityId: string,
  options: Json = {},
): Promise<Json> {
  const created = await api.post<Json>('/extractions', {
    entity: `/entities/${entityId}`,
    extractor: 'invoice',
    options,
  });
  if (created.status !== 202)
    throw new Error(`POST /extractions answered ${created.status}: ${created.text}`);
  return created.body;
}

export async function waitForStatus(
  api: ApiClient,
  id: unknown,
  status: string,
  timeoutMs = 15_000,
): Promise<Json> {
  return waitFor(
    `extraction ${String(id)} to be ${status}`,
    async () => {
      const current = await api.get<Json>(`/extractions/${String(id)}`);
      return current.body.status === status ? current.body : undefined;
    },
    { timeoutMs, intervalMs: 20 },
  );
}

export async function eventsOf(api: ApiClient, query: string): Promise<Json[]> {
  const page = await api.get<Json[]>(`/events?itemsPerPage=1000&${query}`, {
    Accept: 'application/json',
  });
  return page.body;
}
