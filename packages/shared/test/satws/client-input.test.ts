import { describe, expect, it } from 'vitest';
import { createSatwsClient, type SatwsCall, type SatwsClient } from '../../src/satws/index.js';

/** Nothing listens on port 9 of loopback: any call that escaped validation would be refused. */
function clientRecordingCalls() {
  const calls: SatwsCall[] = [];
  const client = createSatwsClient({
    baseUrl: 'http://127.0.0.1:9',
    apiKey: 'test-key',
    retry: { maxAttempts: 1 },
    onCall: (call) => calls.push(call),
  });
  return { client, calls };
}

describe('bad input fails before any call, naming the problem', () => {
  it.each([
    ['findEntityByRfc', (c: SatwsClient) => c.findEntityByRfc('not-an-rfc'), /rfc must be/],
    ['getExtraction', (c: SatwsClient) => c.getExtraction('../admin'), /extractionId must be/],
    [
      'createExtraction period',
      (c: SatwsClient) =>
        c.createExtraction(
          { entityId: 'e1' },
          { period: { from: '2025-02-01', to: '2025-01-01' } },
        ),
      /period.from must not be after period.to/,
    ],
    [
      'createExtraction types',
      (c: SatwsClient) => c.createExtraction({ rfc: 'EKU9003173C9' }, { types: ['X' as 'I'] }),
      /types/,
    ],
    [
      'createWebhookEndpoint',
      (c: SatwsClient) =>
        c.createWebhookEndpoint({ url: 'ftp://x', events: ['extraction.updated'] }),
      /http\(s\) URL/,
    ],
    [
      'createExport',
      (c: SatwsClient) => c.createExport({ format: 'csv', uri: 'entities/1/invoices' }),
      /collection IRI/,
    ],
    [
      'downloadCfdi',
      (c: SatwsClient) => c.downloadCfdi('inv-1', 'docx' as 'xml'),
      /format must be "xml" or "pdf"/,
    ],
  ])('%s', async (_name, run, message) => {
    const { client, calls } = clientRecordingCalls();
    await expect(run(client)).rejects.toMatchObject({
      code: 'satws_invalid_argument',
      retryable: false,
      message: expect.stringMatching(message),
    });
    expect(calls).toEqual([]);
  });

  it('rejects itemsPerPage over the upstream maximum of 1000 when the listing is requested', () => {
    const { client, calls } = clientRecordingCalls();
    expect(() => client.listEntityInvoices('e1', { itemsPerPage: 1001 })).toThrow(/itemsPerPage/);
    expect(calls).toEqual([]);
  });

  it('rejects bad client options with every offending field named', () => {
    expect(() => createSatwsClient({ baseUrl: 'api.syntage.com', apiKey: ' ' })).toThrow(
      /baseUrl.*apiKey/s,
    );
  });

  it('turns a refused connection into a retryable AppError and reports the call', async () => {
    const { client, calls } = clientRecordingCalls();
    await expect(client.getExtraction('e1')).rejects.toMatchObject({
      code: 'satws_network',
      retryable: true,
    });
    expect(calls).toMatchObject([
      { endpoint: 'GET /extractions/{id}', method: 'GET', status: undefined },
    ]);
  });
});
