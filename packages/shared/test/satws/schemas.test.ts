import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors/index.js';
import { parseResponse } from '../../src/satws/parse-response.js';
import { eventSchema } from '../../src/satws/schemas/event.js';
import { extractionSchema } from '../../src/satws/schemas/extraction.js';
import { invoiceSchema } from '../../src/satws/schemas/invoice.js';
import { parseWebhookEvent } from '../../src/satws/webhook-event.js';
import { VECTOR_BODY } from './known-answer.js';

/** The invoice of satws-api.md §9.3, as the upstream sends it. */
const INVOICE = {
  '@id': '/invoices/9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
  '@type': 'Invoice',
  id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
  uuid: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  version: 4.0,
  type: 'I',
  issuer: {
    rfc: 'EKU9003173C9',
    name: 'ESCUELA KEMPER URGATE SA DE CV',
    taxRegime: 601,
    blacklistStatus: null,
  },
  isIssuer: true,
  receiver: { rfc: 'CACX7605101P8', name: 'CLIENTE EJEMPLO', blacklistStatus: null },
  isReceiver: false,
  currency: 'MXN',
  exchangeRate: null,
  subtotal: 10000.0,
  tax: 1600.0,
  total: 11600.0,
  status: 'VIGENTE',
  issuedAt: '2025-01-15T10:22:31.000Z',
  canceledAt: null,
  xml: true,
  pdf: true,
  tags: [],
};

const context = { endpoint: 'GET /invoices/{id}', status: 200, requestId: 'req-1' };

function failureOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('invoice schema', () => {
  it('parses the documented invoice and keeps keys it does not declare', () => {
    const invoice = parseResponse(invoiceSchema, INVOICE, context);
    expect(invoice.uuid).toBe('3f2504e0-4f89-41d3-9a0c-0305e82c3301');
    expect(invoice.total).toBe(11600);
    expect((invoice as Record<string, unknown>).exchangeRate).toBeNull();
    expect((invoice as Record<string, unknown>)['@type']).toBe('Invoice');
  });

  it('accepts amounts sent as strings', () => {
    const invoice = parseResponse(
      invoiceSchema,
      { ...INVOICE, total: '1250.00', version: '3.3' },
      context,
    );
    expect(invoice.total).toBe(1250);
    expect(invoice.version).toBe(3.3);
  });

  it('rejects an invoice without what the downloader relies on, naming the fields', () => {
    const { xml: _xml, uuid: _uuid, ...broken } = INVOICE;
    const error = failureOf(() => parseResponse(invoiceSchema, broken, context));
    expect(error.code).toBe('satws_invalid_response');
    expect(error.retryable).toBe(false);
    expect(error.requestId).toBe('req-1');
    expect(error.message).toContain('uuid');
    expect(error.message).toContain('xml');
  });

  it('rejects a non-numeric amount string', () => {
    const error = failureOf(() =>
      parseResponse(invoiceSchema, { ...INVOICE, total: 'mucho' }, context),
    );
    expect(error.message).toContain('total');
  });
});

describe('extraction schema', () => {
  it('accepts every status the upstream sends, including waiting and cancelled', () => {
    for (const status of [
      'pending',
      'waiting',
      'running',
      'finished',
      'failed',
      'stopping',
      'stopped',
      'cancelled',
    ]) {
      expect(parseResponse(extractionSchema, { id: 'e1', status }, context).status).toBe(status);
    }
  });

  it('rejects an extraction with no id or an unknown status', () => {
    expect(
      failureOf(() => parseResponse(extractionSchema, { status: 'running' }, context)).message,
    ).toContain('id');
    expect(
      failureOf(() => parseResponse(extractionSchema, { id: 'e1', status: 'done' }, context))
        .message,
    ).toContain('status');
  });
});

describe('events', () => {
  it('parses the signed test-vector delivery', () => {
    const event = parseWebhookEvent(Buffer.from(VECTOR_BODY));
    expect(event.type).toBe('extraction.updated');
    expect(event.data.object.status).toBe('finished');
    expect(event.data.changes).toEqual({ status: { old: 'running', new: 'finished' } });
    expect(event.taxpayer).toBeUndefined();
  });

  it('reads PHP empty-array changes as no changes', () => {
    const event = parseResponse(
      eventSchema,
      { id: 'e', type: 'invoice.created', data: { object: {}, changes: [] } },
      context,
    );
    expect(event.data.changes).toEqual({});
  });

  it('refuses a delivery that is not JSON, or lacks data.object', () => {
    expect(() => parseWebhookEvent('not json')).toThrow(/not JSON/);
    const error = failureOf(() =>
      parseWebhookEvent(JSON.stringify({ id: 'e', type: 'invoice.created', data: {} })),
    );
    expect(error.code).toBe('satws_invalid_event');
    expect(error.message).toContain('data.object');
  });
});
