import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GroundTruth, type RunningSimulator, startSimulator } from '../src/index.js';
import { type ApiClient, apiClient, entityIdOf } from './support/api.js';
import { pdfXrefIsExact, sha256 } from './support/digest.js';
import { type Json, startExtraction, waitForStatus } from './support/extractions.js';

const RFC = 'EKU9003173C9';

describe('downloads: CFDI by Accept, file redirects and signed blob URLs', () => {
  let sim: RunningSimulator;
  let api: ApiClient;
  let truth: GroundTruth;

  beforeAll(async () => {
    sim = await startSimulator({
      seed: {
        randomSeed: 'downloads',
        taxpayers: [
          { rfc: RFC, invoices: 6, extracted: true, types: ['I', 'P', 'N'] },
          { rfc: 'NOX010101AB2', invoices: 2 },
        ],
      },
    });
    api = apiClient(sim);
    truth = await sim.admin.truth(RFC);
  });
  afterAll(async () => {
    await sim?.stop();
  });

  const bytes = async (path: string, accept: string) => {
    const response = await fetch(`${sim.url}${path}`, {
      headers: { 'X-API-Key': sim.apiKey, Accept: accept },
    });
    return { response, body: Buffer.from(await response.arrayBuffer()) };
  };

  it('returns the stamped XML, the PDF and the CFDI as JSON, matching the ground truth', async () => {
    for (const invoice of truth.taxpayers[0]?.invoices ?? []) {
      const xml = await bytes(`/invoices/${invoice.id}/cfdi`, 'text/xml');
      expect(xml.response.headers.get('content-type')).toContain('text/xml');
      expect(Number(xml.response.headers.get('content-length'))).toBe(invoice.xml.size);
      expect(sha256(xml.body)).toBe(invoice.xml.sha256);
      const text = xml.body.toString('utf8');
      expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<cfdi:Comprobante /);
      expect(text).toContain(`<tfd:TimbreFiscalDigital`);
      expect(text).toContain(`UUID="${invoice.uuid.toUpperCase()}"`);
      expect(text).toContain(`TipoDeComprobante="${invoice.type}"`);

      const pdf = await bytes(`/invoices/${invoice.id}/cfdi`, 'application/pdf');
      expect(pdf.response.headers.get('content-type')).toBe('application/pdf');
      expect(sha256(pdf.body)).toBe(invoice.pdf.sha256);
      expect(pdf.body.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
      expect(pdfXrefIsExact(pdf.body)).toBe(true);
      expect(pdf.body.toString('latin1')).toContain(invoice.uuid.toUpperCase());

      const json = await api.get<Json>(`/invoices/${invoice.id}/cfdi`);
      expect(json.headers.get('content-type')).toContain('application/json');
      const stamp = (json.body.Complemento as Json).TimbreFiscalDigital as Json;
      expect(stamp.UUID).toBe(invoice.uuid.toUpperCase());
      expect(json.body).toMatchObject({
        Version: 4,
        TipoDeComprobante: invoice.type,
        Total: invoice.total,
      });
      expect(Array.isArray((json.body.Conceptos as Json).Concepto)).toBe(true);
    }
  });

  it('answers 404 {message} for an unknown invoice or a file that was not downloaded', async () => {
    const unknown = await api.get<Json>('/invoices/01900000-0000-7000-8000-000000000000/cfdi', {
      Accept: 'text/xml',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/^Not Found/);
    sim.admin.updateSettings({ dailyXmlCap: 0 });
    const entityId = await entityIdOf(api, 'NOX010101AB2');
    await waitForStatus(api, (await startExtraction(api, entityId)).id, 'finished');
    const [invoice] = (
      await api.get<Json[]>(`/entities/${entityId}/invoices`, { Accept: 'application/json' })
    ).body;
    expect(invoice).toMatchObject({ xml: false, pdf: true });
    expect((await api.get(`/invoices/${invoice?.id}/cfdi`, { Accept: 'text/xml' })).status).toBe(
      404,
    );
    expect((await api.get(`/invoices/${invoice?.id}/cfdi`)).status).toBe(404);
    expect((await bytes(`/invoices/${invoice?.id}/cfdi`, 'application/pdf')).response.status).toBe(
      200,
    );
  });

  it('redirects /files/{id}/download to a signed URL that works without the API key', async () => {
    const invoice = truth.taxpayers[0]?.invoices[0];
    const redirect = await api.get(`/files/${invoice?.xml.fileId}/download`);
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`^${sim.url}/blobs/`));
    const blob = await fetch(location);
    expect(blob.status).toBe(200);
    const body = Buffer.from(await blob.arrayBuffer());
    expect(sha256(body)).toBe(invoice?.xml.sha256);
    expect(Number(blob.headers.get('content-length'))).toBe(invoice?.xml.size);

    const signature = new URL(location).searchParams.get('signature') ?? '';
    const forged = location.replace(
      signature,
      `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`,
    );
    const rejected = await fetch(forged);
    expect(rejected.status).toBe(403);
    expect(await rejected.text()).toContain('SignatureDoesNotMatch');
    const unsigned = await fetch(location.split('?')[0] ?? '');
    expect(unsigned.status).toBe(403);

    sim.admin.advanceClock(16 * 60_000);
    const expired = await fetch(location);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Request has expired');
    expect((await api.get('/files/01900000-0000-7000-8000-000000000000/download')).status).toBe(
      404,
    );
  });
});
