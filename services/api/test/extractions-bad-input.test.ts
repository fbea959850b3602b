import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInMexicoCity } from '../src/extractions/calendar-date.js';
import { API_KEY, type ApiHarness, json, startHarness } from './support/api-harness.js';

let h: ApiHarness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const RFC = 'EKU9003173C9';
const PERIOD = { from: '2025-01-01', to: '2025-01-31' };

function daysAfterToday(days: number): string {
  const today = new Date(`${todayInMexicoCity()}T00:00:00Z`);
  return new Date(today.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

interface Case {
  name: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  status: number;
  code: string;
  /** Every fragment must appear in the message. */
  message: string[];
}

const CASES: Case[] = [
  {
    name: 'rfc of the wrong type',
    body: { rfc: 12, period: PERIOD },
    status: 400,
    code: 'validation_failed',
    message: ['rfc: must be a string'],
  },
  {
    name: 'missing rfc',
    body: { period: PERIOD },
    status: 400,
    code: 'validation_failed',
    message: ['rfc: is required'],
  },
  {
    name: 'rfc too short',
    body: { rfc: 'EKU900317', period: PERIOD },
    status: 400,
    code: 'validation_failed',
    message: ['rfc: must be 12 (legal person) or 13'],
  },
  {
    name: 'rfc with a bad date',
    body: { rfc: 'EKU9013173C9', period: PERIOD },
    status: 400,
    code: 'validation_failed',
    message: ['rfc: has 901317', 'not a calendar date'],
  },
  {
    name: 'generic rfc',
    body: { rfc: 'XAXX010101000', period: PERIOD },
    status: 400,
    code: 'validation_failed',
    message: ['generic RFC'],
  },
  {
    name: 'period missing',
    body: { rfc: RFC },
    status: 400,
    code: 'validation_failed',
    message: ['period: is required'],
  },
  {
    name: 'inverted period',
    body: { rfc: RFC, period: { from: '2025-03-01', to: '2025-02-01' } },
    status: 400,
    code: 'validation_failed',
    message: ['period: from 2025-03-01 is after to 2025-02-01'],
  },
  {
    name: 'date not YYYY-MM-DD',
    body: { rfc: RFC, period: { from: '01/02/2025', to: '2025-02-01' } },
    status: 400,
    code: 'validation_failed',
    message: ['period.from: must be a calendar date written YYYY-MM-DD'],
  },
  {
    name: 'impossible date',
    body: { rfc: RFC, period: { from: '2025-02-01', to: '2025-02-30' } },
    status: 400,
    code: 'validation_failed',
    message: ['period.to', '2025-02-30'],
  },
  {
    name: 'date of the wrong type',
    body: { rfc: RFC, period: { from: 20250101, to: '2025-02-01' } },
    status: 400,
    code: 'validation_failed',
    message: ['period.from: must be a date written YYYY-MM-DD'],
  },
  {
    name: 'before 2014',
    body: { rfc: RFC, period: { from: '2013-12-31', to: '2014-01-31' } },
    status: 400,
    code: 'validation_failed',
    message: ['period.from: 2013-12-31 is before 2014-01-01'],
  },
  {
    name: 'future end date',
    body: { rfc: RFC, period: { from: '2025-01-01', to: daysAfterToday(1) } },
    status: 400,
    code: 'validation_failed',
    message: [`period.to: ${daysAfterToday(1)} is in the future`],
  },
  {
    name: 'unknown top-level field',
    body: { rfc: RFC, period: PERIOD, callback: 'http://x' },
    status: 400,
    code: 'validation_failed',
    message: ['unknown field "callback"'],
  },
  {
    name: 'unknown nested field',
    body: { rfc: RFC, period: { ...PERIOD, timezone: 'UTC' } },
    status: 400,
    code: 'validation_failed',
    message: ['period: unknown field "timezone"'],
  },
  {
    name: 'boolean as a string',
    body: { rfc: RFC, period: PERIOD, issued: 'false' },
    status: 400,
    code: 'validation_failed',
    message: ['issued: must be true or false'],
  },
  {
    name: 'unknown CFDI type',
    body: { rfc: RFC, period: PERIOD, types: ['I', 'X'] },
    status: 400,
    code: 'validation_failed',
    message: ['types.1: must be one of I, E, P, N, T'],
  },
  {
    name: 'types not an array',
    body: { rfc: RFC, period: PERIOD, types: 'I' },
    status: 400,
    code: 'validation_failed',
    message: ['types: must be an array'],
  },
  {
    name: 'empty types',
    body: { rfc: RFC, period: PERIOD, types: [] },
    status: 400,
    code: 'validation_failed',
    message: ['types: must list at least one CFDI type'],
  },
  {
    name: 'neither issued nor received',
    body: { rfc: RFC, period: PERIOD, issued: false, received: false },
    status: 400,
    code: 'validation_failed',
    message: ['issued and received cannot both be false'],
  },
  {
    name: 'neither xml nor pdf',
    body: { rfc: RFC, period: PERIOD, xml: false, pdf: false },
    status: 400,
    code: 'validation_failed',
    message: ['xml and pdf cannot both be false'],
  },
  {
    name: 'several problems at once',
    body: { rfc: 'nope', period: { from: '2025-01-01' }, pdf: 1 },
    status: 400,
    code: 'validation_failed',
    message: ['rfc:', 'period.to: is required', 'pdf: must be true or false'],
  },
  {
    name: 'body an array',
    body: [RFC],
    status: 400,
    code: 'validation_failed',
    message: ['must be a JSON object'],
  },
  {
    name: 'body not JSON',
    rawBody: '{"rfc": "EKU9003173C9",',
    status: 400,
    code: 'malformed_json',
    message: ['not valid JSON'],
  },
  {
    name: 'idempotency key too long',
    body: { rfc: RFC, period: PERIOD },
    headers: { 'idempotency-key': 'k'.repeat(201) },
    status: 400,
    code: 'validation_failed',
    message: ['idempotency-key: must be 1 to 200'],
  },
  {
    name: 'wrong content type',
    rawBody: JSON.stringify({ rfc: RFC, period: PERIOD }),
    headers: { 'content-type': 'text/plain' },
    status: 415,
    code: 'unsupported_media_type',
    message: ['application/json'],
  },
  {
    name: 'oversized body',
    body: { rfc: RFC, period: PERIOD, padding: 'x'.repeat(20_000) },
    status: 413,
    code: 'payload_too_large',
    message: ['larger than the 16 KiB'],
  },
  {
    name: 'missing API key',
    body: { rfc: RFC, period: PERIOD },
    headers: { authorization: '' },
    status: 401,
    code: 'unauthorized',
    message: ['Missing Authorization header'],
  },
  {
    name: 'wrong API key',
    body: { rfc: RFC, period: PERIOD },
    headers: { authorization: `Bearer ${API_KEY}x` },
    status: 401,
    code: 'unauthorized',
    message: ['API key not recognized'],
  },
  {
    name: 'wrong auth scheme',
    body: { rfc: RFC, period: PERIOD },
    headers: { authorization: `Basic ${API_KEY}` },
    status: 401,
    code: 'unauthorized',
    message: ['must be "Bearer <API key>"'],
  },
];

describe('POST /v1/extractions refuses bad input and changes nothing', () => {
  it.each(CASES)('$name → $status $code', async (testCase) => {
    const before = await h.counts();
    const headers = new Headers({
      'content-type': 'application/json',
      authorization: `Bearer ${API_KEY}`,
    });
    for (const [name, value] of Object.entries(testCase.headers ?? {})) {
      if (value === '') headers.delete(name);
      else headers.set(name, value);
    }
    const response = await h.app.request('/v1/extractions', {
      method: 'POST',
      headers,
      body: testCase.rawBody ?? JSON.stringify(testCase.body),
    });

    const body = await json(response);
    expect(response.status, JSON.stringify(body)).toBe(testCase.status);
    expect(body.error.code).toBe(testCase.code);
    for (const fragment of testCase.message) expect(body.error.message).toContain(fragment);
    expect(body.error.requestId).toBe(response.headers.get('x-request-id'));
    if (testCase.status === 401)
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await h.counts()).toEqual(before);
  });

  it('accepts today in Mexico City as the last day', async () => {
    const response = await h.post('/v1/extractions', {
      rfc: 'EKU9003173C9',
      period: { from: '2014-01-01', to: todayInMexicoCity() },
    });
    expect(response.status).toBe(202);
  });

  it('reads a streamed body without Content-Length against the same limit', async () => {
    const before = await h.counts();
    const chunk = new TextEncoder().encode(`{"rfc":"${RFC}","pad":"${'x'.repeat(20_000)}"}`);
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(chunk);
        controller.close();
      },
    });
    const response = await h.app.request('/v1/extractions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await h.counts()).toEqual(before);
  });
});
