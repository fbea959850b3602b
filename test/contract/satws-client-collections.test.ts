import { type RunningSimulator, startSimulator } from '@invoice-extractor/satws-sim';
import type { SatwsClient, SatwsInvoice } from '@invoice-extractor/shared/satws';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPages, entityIdOf, settled } from './support/collections.js';
import { clientFor } from './support/contract-client.js';
import { readStream } from './support/stream-digest.js';

const COMPANY = 'EKU9003173C9';
const SMALL = 'XEKU9003173C9';
const EVENTFUL = 'DDD010101DDD';

const SEED = {
  randomSeed: 'contract-collections',
  taxpayers: [
    { rfc: COMPANY, invoices: 257, extracted: true, from: '2025-01-01', to: '2025-06-30' },
    { rfc: SMALL, personType: 'physical' as const, invoices: 3, extracted: true },
    { rfc: EVENTFUL, invoices: 12, from: '2025-01-01', to: '2025-01-31' },
  ],
};

let sim: RunningSimulator;
let client: SatwsClient;

beforeAll(async () => {
  sim = await startSimulator({ seed: SEED });
  client = clientFor(sim).client;
});

afterAll(async () => {
  await sim.stop();
});

describe('invoices and files', () => {
  it('pages every invoice to the end with no duplicates and none missed (ground truth)', async () => {
    const entityId = await entityIdOf(client, COMPANY);
    const { items, pages } = await allPages(
      client.listEntityInvoices(entityId, { itemsPerPage: 25 }),
    );
    const truth = (await sim.admin.truth(COMPANY, { digests: false })).taxpayers[0];
    const expected =
      truth?.invoices.filter((invoice) => invoice.extracted).map((invoice) => invoice.id) ?? [];
    const ids = items.map((invoice) => invoice.id);
    expect(expected).toHaveLength(257);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(expected));
    expect(pages).toBe(Math.ceil(257 / 25));
  });

  it('asks for 1000 per page by default', async () => {
    const entityId = await entityIdOf(client, COMPANY);
    const { items, pages } = await allPages(client.listEntityInvoices(entityId));
    expect(items).toHaveLength(257);
    expect(pages).toBe(1);
  });

  it('filters by direction, type, issue date and UUID as the upstream does', async () => {
    const entityId = await entityIdOf(client, COMPANY);
    const list = async (filters: Parameters<SatwsClient['listEntityInvoices']>[1]) =>
      (await allPages(client.listEntityInvoices(entityId, filters))).items;
    const issued = await list({ isIssuer: true });
    const received = await list({ isReceiver: true });
    expect(issued.every((invoice) => invoice.isIssuer)).toBe(true);
    expect(received.every((invoice) => invoice.isReceiver)).toBe(true);
    expect(issued.length + received.length).toBe(257);

    const march = await list({
      issuedAfter: '2025-03-01T00:00:00.000Z',
      issuedBefore: '2025-03-31T23:59:59.000Z',
    });
    expect(march.length).toBeGreaterThan(0);
    expect(
      march.every((invoice) => invoice.issuedAt >= '2025-03-01' && invoice.issuedAt < '2025-04-01'),
    ).toBe(true);

    const payments = await list({ type: 'P' });
    expect(payments.every((invoice) => invoice.type === 'P')).toBe(true);
    const someTypes = await list({ type: ['I', 'E'] });
    expect(someTypes.every((invoice) => invoice.type === 'I' || invoice.type === 'E')).toBe(true);

    const target = issued[0] as SatwsInvoice;
    const byUuid = await list({ uuid: target.uuid });
    expect(byUuid.map((invoice) => invoice.id)).toEqual([target.id]);
  });

  it('reads an invoice and its files as the ground truth has them', async () => {
    const truth = (await sim.admin.truth(COMPANY, { digests: false })).taxpayers[0]?.invoices[0];
    if (!truth?.id || !truth.xml.fileId) throw new Error('seeded invoice missing');
    const invoice = await client.getInvoice(truth.id);
    expect(invoice).toMatchObject({
      uuid: truth.uuid,
      type: truth.type,
      isIssuer: truth.isIssuer,
      xml: true,
      pdf: true,
    });
    const file = await client.getFile(truth.xml.fileId);
    expect(file).toMatchObject({
      type: 'invoice.cfdi.xml',
      size: truth.xml.size,
      resource: `/invoices/${truth.id}`,
    });
  });

  it('exports invoices with fileTypes to a ZIP and downloads it', async () => {
    const entityId = await entityIdOf(client, SMALL);
    const created = await client.createExport({
      format: 'json',
      uri: `/entities/${entityId}/invoices`,
      fileTypes: ['invoice.cfdi.xml', 'invoice.cfdi.pdf'],
    });
    expect(created.status).toBe('pending');
    const finished = await waitFor('the export', async () => {
      const current = await client.getExport(created.id);
      return current.status === 'finished' || current.status === 'failed' ? current : undefined;
    });
    expect(finished.status).toBe('finished');
    if (!finished.file) throw new Error('finished export without a file');
    const download = await client.downloadFile(finished.file.id);
    const zip = await readStream(download.stream);
    expect(zip.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    expect(zip.length).toBe(finished.file.size);
    expect(download.contentLength).toBe(zip.length);
  });
});

describe('events and webhook endpoints', () => {
  it('lists the events of an extraction by type and date, and resumes from a stored cursor', async () => {
    const startedAt = new Date(Date.now() - 1000);
    const extraction = await client.createExtraction({ rfc: EVENTFUL }, {});
    expect((await settled(client, extraction.id)).status).toBe('finished');
    const truth = (await sim.admin.truth(EVENTFUL, { digests: false })).taxpayers[0];
    const extracted = truth?.invoices.filter((invoice) => invoice.extracted).length;
    expect(extracted).toBe(12);

    const filters = { type: 'invoice.created', rfc: EVENTFUL, createdAfter: startedAt };
    const { items: events } = await allPages(client.listEvents(filters));
    expect(events).toHaveLength(12);
    expect(
      events.every((event) => event.type === 'invoice.created' && event.taxpayer?.id === EVENTFUL),
    ).toBe(true);

    const resumed: string[] = [];
    let page = await client.listEventsPage({ filters: { ...filters, itemsPerPage: 5 } });
    resumed.push(...page.items.map((event) => event.id));
    while (page.next !== undefined) {
      page = await client.listEventsPage({ cursor: page.next });
      resumed.push(...page.items.map((event) => event.id));
    }
    expect(resumed).toEqual(events.map((event) => event.id));

    const later = await allPages(
      client.listEvents({ ...filters, createdAfter: new Date(Date.now() + 60_000) }),
    );
    expect(later.items).toEqual([]);
  });

  it('creates, lists and deletes webhook endpoints', async () => {
    const created = await client.createWebhookEndpoint({
      url: 'http://127.0.0.1:9/hooks/satws',
      events: ['extraction.updated', 'export.updated'],
    });
    expect(created.signingSecret.length).toBeGreaterThanOrEqual(16);
    expect(created).toMatchObject({ enabled: true, contentType: 'application/json' });
    expect((await client.listWebhookEndpoints()).map((endpoint) => endpoint.id)).toContain(
      created.id,
    );
    await client.deleteWebhookEndpoint(created.id);
    expect((await client.listWebhookEndpoints()).map((endpoint) => endpoint.id)).not.toContain(
      created.id,
    );
    await expect(client.deleteWebhookEndpoint(created.id)).rejects.toMatchObject({
      code: 'satws_not_found',
    });
  });
});

describe('hooks', () => {
  it('awaits the budget before every call and reports each call as the upstream counted it', async () => {
    const acquired: string[] = [];
    const { client: budgeted, calls } = clientFor(sim, {
      budget: { acquire: async (endpoint) => void acquired.push(endpoint) },
    });
    sim.admin.resetCalls();
    const entity = await budgeted.findEntityByRfc(COMPANY);
    if (!entity) throw new Error('entity missing');
    for await (const _page of budgeted.listEntityInvoices(entity.id, { itemsPerPage: 100 })) {
      // Paging is the point: three pages, three calls.
    }
    await budgeted.getEntity(entity.id);

    expect(acquired).toEqual([
      'GET /entities',
      'GET /entities/{id}/invoices',
      'GET /entities/{id}/invoices',
      'GET /entities/{id}/invoices',
      'GET /entities/{id}',
    ]);
    expect(calls.map((call) => call.endpoint)).toEqual(acquired);
    expect(
      calls.every((call) => call.status === 200 && call.requestId && call.durationMs >= 0),
    ).toBe(true);
    const counted: Record<string, number> = {};
    for (const call of calls) counted[call.endpoint] = (counted[call.endpoint] ?? 0) + 1;
    expect(sim.admin.calls()).toEqual(counted);
  });
});
