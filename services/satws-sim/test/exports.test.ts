import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GroundTruth, type RunningSimulator, startSimulator } from '../src/index.js';
import { type ApiClient, apiClient, entityIdOf } from './support/api.js';
import { sha256 } from './support/digest.js';
import type { Json } from './support/extractions.js';
import { startWebhookListener } from './support/webhook-listener.js';
import { readZip } from './support/zip.js';

const RFC = 'EKU9003173C9';

describe('exports', () => {
  let sim: RunningSimulator;
  let api: ApiClient;
  let entityId: string;
  let truth: GroundTruth;
  let listener: Awaited<ReturnType<typeof startWebhookListener>>;

  beforeAll(async () => {
    listener = await startWebhookListener();
    sim = await startSimulator({
      seed: { randomSeed: 'exports', taxpayers: [{ rfc: RFC, invoices: 12, extracted: true }] },
      webhookEndpoints: [{ url: listener.url, events: ['export.created', 'export.updated'] }],
    });
    api = apiClient(sim);
    entityId = await entityIdOf(api, RFC);
    truth = await sim.admin.truth(RFC);
  });
  afterAll(async () => {
    await sim?.stop();
    await listener?.close();
  });

  const finish = async (body: Json) => {
    const created = await api.post<Json>('/exports', body);
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ status: 'pending', file: null });
    return waitFor('export finished', async () => {
      const current = (await api.get<Json>(`/exports/${created.body.id}`)).body;
      return current.status === 'finished' ? current : undefined;
    });
  };
  const download = async (file: Json) => {
    const redirect = await api.get(`/files/${file.id}/download`);
    expect(redirect.status).toBe(302);
    const blob = await fetch(redirect.headers.get('location') ?? '');
    return Buffer.from(await blob.arrayBuffer());
  };

  it('produces a ZIP with <UUID>.xml / .pdf entries matching the ground truth plus an index at the root', async () => {
    const done = await finish({
      format: 'csv',
      uri: `/entities/${entityId}/invoices?isIssuer=true`,
      fileTypes: ['invoice.cfdi.xml', 'invoice.cfdi.pdf'],
    });
    const file = done.file as Json;
    expect(file).toMatchObject({
      mimeType: 'application/zip',
      extension: 'zip',
      resource: `/exports/${done.id}`,
    });
    const zip = await download(file);
    expect(zip.length).toBe(file.size);
    const entries = await readZip(zip, (name) => name === 'index.csv');
    const issued = (truth.taxpayers[0]?.invoices ?? []).filter((invoice) => invoice.isIssuer);
    const expected = issued.flatMap((invoice) => [
      {
        name: `${invoice.uuid.toUpperCase()}.xml`,
        size: invoice.xml.size,
        sha256: invoice.xml.sha256,
      },
      {
        name: `${invoice.uuid.toUpperCase()}.pdf`,
        size: invoice.pdf.size,
        sha256: invoice.pdf.sha256,
      },
    ]);
    const files = entries
      .filter((entry) => entry.name !== 'index.csv')
      .map(({ name, size, sha256: digest }) => ({ name, size, sha256: digest }));
    expect(files.sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      expected.sort((a, b) => a.name.localeCompare(b.name)),
    );
    const index =
      entries
        .find((entry) => entry.name === 'index.csv')
        ?.content?.toString('utf8')
        .trim()
        .split('\n') ?? [];
    expect(index[0]).toBe(
      'id,uuid,type,issuedAt,issuerRfc,receiverRfc,isIssuer,total,currency,status,xml,pdf',
    );
    expect(index).toHaveLength(issued.length + 1);
    expect(sha256(await download(file))).toBe(sha256(zip));

    const types = await waitFor('export events', () => {
      const mine = listener.deliveries.filter(
        (delivery) => delivery.body.resource === `/exports/${done.id}`,
      );
      return mine.length === 3 ? mine : undefined;
    });
    expect(
      types.map((delivery) => [
        delivery.body.type,
        ((delivery.body.data as Json).object as Json).status,
      ]),
    ).toEqual([
      ['export.created', 'pending'],
      ['export.updated', 'running'],
      ['export.updated', 'finished'],
    ]);
  });

  it('exports only the index without fileTypes, and nests an xlsx index in the ZIP', async () => {
    const plain = await finish({ format: 'json', uri: `/taxpayers/${RFC}/invoices?type=I` });
    expect(plain.fileTypes).toBeUndefined();
    expect(plain.file).toMatchObject({ mimeType: 'application/json', extension: 'json' });
    const rows = JSON.parse((await download(plain.file as Json)).toString('utf8')) as Json[];
    expect(rows.length).toBe(
      (truth.taxpayers[0]?.invoices ?? []).filter((invoice) => invoice.type === 'I').length,
    );

    const workbook = await finish({
      format: 'xlsx',
      uri: `/entities/${entityId}/invoices`,
      fileTypes: ['invoice.cfdi.xml'],
    });
    const entries = await readZip(
      await download(workbook.file as Json),
      (name) => name === 'index.xlsx',
    );
    expect(entries.filter((entry) => entry.name.endsWith('.xml'))).toHaveLength(12);
    const sheet = await readZip(
      entries.find((entry) => entry.name === 'index.xlsx')?.content ?? Buffer.alloc(0),
    );
    expect(sheet.map((entry) => entry.name)).toEqual(
      expect.arrayContaining([
        '[Content_Types].xml',
        'xl/workbook.xml',
        'xl/worksheets/sheet1.xml',
      ]),
    );
  });

  it('rejects bad export requests with a ConstraintViolation and creates nothing', async () => {
    const before = (await api.get<Json>('/exports')).body['hydra:totalItems'];
    for (const [body, field] of [
      [{ format: 'pdf', uri: `/entities/${entityId}/invoices` }, 'format'],
      [{ format: 'csv', uri: '/events' }, 'uri'],
      [{ format: 'csv', uri: `/entities/${entityId}/invoices?issuedAt[after]=soon` }, 'uri'],
      [
        { format: 'csv', uri: `/entities/${entityId}/invoices`, fileTypes: ['invoice.zip'] },
        'fileTypes',
      ],
    ] as const) {
      const refused = await api.post<Json>('/exports', body);
      expect(refused.status).toBe(400);
      expect((refused.body.violations as Json[])[0]?.propertyPath).toBe(field);
    }
    expect((await api.get<Json>('/exports')).body['hydra:totalItems']).toBe(before);
  });
});
