import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../src/index.js';
import { type ApiClient, apiClient, entityIdOf } from './support/api.js';
import {
  explain,
  loadOpenApiValidators,
  type OpenApiValidators,
} from './support/openapi-schemas.js';
import { startWebhookListener } from './support/webhook-listener.js';

type Json = Record<string, unknown>;

/**
 * Responses of the main operations validated against the upstream OpenAPI document's own
 * schemas (every declared property present, every type as declared), so the simulator cannot
 * drift from the real API unnoticed.
 */
describe('responses match the upstream OpenAPI schemas', () => {
  let sim: RunningSimulator;
  let api: ApiClient;
  let oas: OpenApiValidators;
  let listener: Awaited<ReturnType<typeof startWebhookListener>>;
  let entityId: string;
  let extraction: Json;
  let exported: Json;

  beforeAll(async () => {
    oas = loadOpenApiValidators();
    listener = await startWebhookListener();
    sim = await startSimulator({
      seed: { randomSeed: 'oas', taxpayers: [{ rfc: 'EKU9003173C9', invoices: 12 }] },
    });
    api = apiClient(sim);
    await api.post('/webhook-endpoints', {
      url: listener.url,
      events: ['extraction.updated'],
      enabled: true,
      contentType: 'application/ld+json',
    });
    entityId = await entityIdOf(api, 'EKU9003173C9');
    extraction = (
      await api.post<Json>('/extractions', {
        entity: `/entities/${entityId}`,
        extractor: 'invoice',
      })
    ).body;
    await waitFor(
      'extraction finished',
      async () => (await api.get(`/extractions/${extraction.id}`)).body.status === 'finished',
    );
    exported = (
      await api.post<Json>('/exports', {
        format: 'csv',
        uri: `/entities/${entityId}/invoices`,
        fileTypes: ['invoice.cfdi.xml'],
      })
    ).body;
    await waitFor(
      'export finished',
      async () => (await api.get(`/exports/${exported.id}`)).body.status === 'finished',
    );
    await waitFor('a webhook delivery', () => listener.deliveries.length > 0);
  });

  afterAll(async () => {
    await sim?.stop();
    await listener?.close();
  });

  const check = (name: string, body: unknown) => {
    const validate = oas.schema(name, true);
    expect(validate(body), `${name}: ${explain(validate)}`).toBe(true);
  };

  it('entity, entity collection and the embedded credential', async () => {
    const list = await api.get<Json>('/entities?taxpayer.id=EKU9003173C9');
    check('EntityCollection', list.body);
    const entity = await api.get<Json>(`/entities/${entityId}`);
    expect(entity.headers.get('content-type')).toContain('application/ld+json');
    check('Entity', entity.body);
    check('Credential', entity.body.credential);
  });

  it('extraction as created (202) and as finished, and the extraction collection', async () => {
    expect(extraction.status).toBe('pending');
    check('Extraction', extraction);
    const finished = await api.get<Json>(`/extractions/${extraction.id}`);
    check('Extraction', finished.body);
    check('ExtractionCollection', (await api.get('/extractions')).body);
  });

  it('invoice list items, a single invoice and the invoice collection', async () => {
    const page = await api.get<Json>(`/entities/${entityId}/invoices?itemsPerPage=5`, {
      'X-Pagination-Style': 'cursor',
    });
    check('InvoiceCollection', page.body);
    const members = page.body['hydra:member'] as Json[];
    expect(members).toHaveLength(5);
    for (const item of members) check('InvoiceCollectionItem', item);
    check('InvoiceCollectionItem', (await api.get(`/invoices/${members[0]?.id}`)).body);
  });

  it('file and export (pending and finished)', async () => {
    const files = await api.get<Json>('/files?type=invoice.cfdi.pdf&itemsPerPage=1');
    const file = (files.body['hydra:member'] as Json[])[0];
    check('File', file);
    check('File', (await api.get(`/files/${file?.id}`)).body);
    expect(exported.file).toBeNull();
    check('Export', exported);
    const finished = await api.get<Json>(`/exports/${exported.id}`);
    check('Export', finished.body);
    check('File', finished.body.file);
  });

  it('webhook endpoint, webhook request and event', async () => {
    const endpoints = await api.get<Json>('/webhook-endpoints');
    check('WebhookEndpointCollection', endpoints.body);
    check('WebhookEndpoint', (endpoints.body['hydra:member'] as Json[])[0]);
    const requests = await api.get<Json>('/webhook-requests');
    check('WebhookRequestCollection', requests.body);
    check('WebhookRequest', (requests.body['hydra:member'] as Json[])[0]);
    const events = await api.get<Json>('/events?type=extraction.updated');
    check('EventCollection', events.body);
    check('Event', (events.body['hydra:member'] as Json[])[0]);
    check('Event', listener.deliveries[0]?.body);
  });

  it('error bodies: 401, 404, 400 ConstraintViolation, 409, 429', async () => {
    const validate = (name: string, media: string, body: unknown) => {
      const fn = oas.response(name, media);
      expect(fn(body), `${name}: ${explain(fn)}`).toBe(true);
    };
    const unauthorized = await fetch(`${sim.url}/entities`);
    expect(unauthorized.status).toBe(401);
    const unauthorizedBody = (await unauthorized.json()) as Json;
    validate('Unauthorized', 'application/json', unauthorizedBody);
    expect(unauthorizedBody.message).toMatch(/X-API-Key/);

    const missing = await api.get('/extractions/01900000-0000-7000-8000-000000000000');
    expect(missing.status).toBe(404);
    validate('NotFound', 'application/json', missing.body);

    const invalid = await api.post<Json>('/extractions', {
      entity: `/entities/${entityId}`,
      extractor: 'invoices',
    });
    expect(invalid.status).toBe(400);
    validate('ConstraintViolation', 'application/ld+json', invalid.body);
    expect(invalid.body).toMatchObject({
      '@type': 'ConstraintViolation',
      violations: [{ propertyPath: 'extractor' }],
    });

    const body = {
      entity: `/entities/${entityId}`,
      extractor: 'invoice',
      options: { types: ['I'] },
    };
    sim.admin.setTimings({ extractionPendingMs: 10_000 });
    expect((await api.post('/extractions', body)).status).toBe(202);
    const conflict = await api.post('/extractions', body);
    expect(conflict.status).toBe(409);
    validate('DuplicateExtraction', 'application/ld+json', conflict.body);

    sim.admin.addFault({ kind: 'rate-limit', count: 1, path: '/events' });
    const limited = await api.get('/events');
    expect(limited.status).toBe(429);
    validate('TooManyRequests', 'application/json', limited.body);
    expect(limited.body).toEqual({ message: 'Too Many Requests' });
  });
});
