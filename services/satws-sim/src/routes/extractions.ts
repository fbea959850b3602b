import type { Hono } from 'hono';
import type { SimCore } from '../core/sim-core.js';
import { createExtraction } from '../domain/extractions/create-extraction.js';
import { stopExtraction } from '../domain/extractions/stop-extraction.js';
import { sendCollection } from '../http/pagination.js';
import { notFound } from '../http/problems.js';
import { booleanParam, dateRange, multi, single } from '../http/query.js';
import { readJson } from '../http/read-json.js';
import { sendJson, sendNoContent, sendResource } from '../http/representation.js';
import type { SimEnv } from '../http/sim-env.js';
import { extractionResource } from '../resources/extraction.js';
import type { ExtractionRecord } from '../state/types.js';

/** Extractions: create (202 / 400 / 409), get, list with the §5.4 filters, stop (satws-api.md §5). */
export function registerExtractionRoutes(app: Hono<SimEnv>, core: SimCore): void {
  app.post('/extractions', async (c) => {
    const result = createExtraction(core, await readJson(c));
    if (result.kind === 'conflict') {
      return sendJson(c, { conflictingExtractors: result.conflictingExtractors }, 409);
    }
    return sendResource(c, 'Extraction', extractionResource(core, result.extraction), 202);
  });

  app.get('/extractions', (c) => {
    const extractions = filterExtractions(
      [...core.store.extractions.values()].reverse(),
      new URL(c.req.url).searchParams,
    );
    return sendCollection(c, 'Extraction', extractions, (extraction) =>
      extractionResource(core, extraction),
    );
  });

  app.get('/extractions/:id', (c) => {
    const extraction = core.store.extractions.get(c.req.param('id'));
    if (!extraction) return notFound(c, `no extraction with id ${c.req.param('id')}`);
    return sendResource(c, 'Extraction', extractionResource(core, extraction));
  });

  app.delete('/extractions/:id/stop', (c) => {
    const extraction = core.store.extractions.get(c.req.param('id'));
    if (!extraction) return notFound(c, `no extraction with id ${c.req.param('id')}`);
    stopExtraction(core, extraction);
    return sendNoContent(c);
  });
}

function filterExtractions(
  extractions: ExtractionRecord[],
  params: URLSearchParams,
): ExtractionRecord[] {
  const rfc = single(params, 'taxpayer.id');
  const extractors = multi(params, 'extractor');
  const statuses = multi(params, 'status');
  const rateLimited = booleanParam(params, 'exists[rateLimitedAt]');
  const ranges = (['startedAt', 'finishedAt', 'createdAt'] as const).map(
    (field) => [field, dateRange(params, field)] as const,
  );
  return extractions.filter((extraction) => {
    if (rfc !== undefined && extraction.rfc !== rfc.toUpperCase()) return false;
    if (extractors && !extractors.includes(extraction.extractor)) return false;
    if (statuses && !statuses.includes(extraction.status)) return false;
    if (rateLimited !== undefined && (extraction.rateLimitedAt !== null) !== rateLimited)
      return false;
    return ranges.every(([field, range]) => !range || range(extraction[field]));
  });
}
