import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type TestSystem } from '../support/start-system.js';
import { countRows, jobTotals } from '../support/system-checks.js';

const RFC = 'EKU9003173C9';
const VALID = { rfc: RFC, period: { from: '2025-01-01', to: '2025-01-31' } };

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem({
    label: 'bad-api-input',
    companies: [{ rfc: RFC, invoices: 5, from: '2025-01-01', to: '2025-01-31' }],
  });
});

afterAll(async () => {
  await system?.stop();
});

interface BadRequest {
  name: string;
  body?: unknown;
  /** A raw body, sent as is. */
  raw?: string;
  headers?: Record<string, string>;
  /** Authorization header; undefined = the valid key, null = none. */
  auth?: string | null;
  status: number;
  /** The message must name the problem. */
  message: RegExp;
}

const inFuture = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);

const CASES: BadRequest[] = [
  {
    name: 'no Authorization header',
    body: VALID,
    auth: null,
    status: 401,
    message: /Authorization header/,
  },
  {
    name: 'a wrong API key',
    body: VALID,
    auth: 'Bearer not-a-key-we-issued-000000',
    status: 401,
    message: /API key/,
  },
  {
    name: 'basic instead of bearer',
    body: VALID,
    auth: 'Basic b3BzOnNlY3JldA==',
    status: 401,
    message: /Bearer/,
  },
  {
    name: 'a body that is not JSON',
    raw: '{"rfc": "EKU9003173C9",',
    status: 400,
    message: /not valid JSON/,
  },
  { name: 'a JSON array', body: [VALID], status: 400, message: /JSON object/ },
  {
    name: 'rfc of the wrong type',
    body: { ...VALID, rfc: 9003173 },
    status: 400,
    message: /rfc: .*string/,
  },
  {
    name: 'an RFC that is too short',
    body: { ...VALID, rfc: 'EKU900317' },
    status: 400,
    message: /rfc: .*12.*13/,
  },
  {
    name: 'an RFC with a 13th month',
    body: { ...VALID, rfc: 'EKU9013173C9' },
    status: 400,
    message: /rfc: .*date/,
  },
  { name: 'no period', body: { rfc: RFC }, status: 400, message: /period: .*required/ },
  {
    name: 'an inverted period',
    body: { rfc: RFC, period: { from: '2025-03-01', to: '2025-01-31' } },
    status: 400,
    message: /period: .*2025-03-01.*after/,
  },
  {
    name: 'a date that does not exist',
    body: { rfc: RFC, period: { from: '2025-02-30', to: '2025-03-31' } },
    status: 400,
    message: /period\.from: .*2025-02-30/,
  },
  {
    name: 'a timestamp instead of a date',
    body: { rfc: RFC, period: { from: '2025-01-01T00:00:00Z', to: '2025-01-31' } },
    status: 400,
    message: /period\.from: .*YYYY-MM-DD/,
  },
  {
    name: 'a period ending in the future',
    body: { rfc: RFC, period: { from: '2025-01-01', to: inFuture } },
    status: 400,
    message: /period\.to: .*future/,
  },
  {
    name: 'a period before CFDI 3.2 (2014)',
    body: { rfc: RFC, period: { from: '2013-12-01', to: '2014-01-31' } },
    status: 400,
    message: /period\.from: .*2014/,
  },
  {
    name: 'an unknown field',
    body: { ...VALID, format: 'zip' },
    status: 400,
    message: /unknown field "format"/,
  },
  {
    name: 'an unknown field inside period',
    body: { rfc: RFC, period: { ...VALID.period, timezone: 'UTC' } },
    status: 400,
    message: /period: unknown field "timezone"/,
  },
  {
    name: 'an unknown CFDI type',
    body: { ...VALID, types: ['I', 'X'] },
    status: 400,
    message: /types\.1: .*I, E, P, N, T/,
  },
  {
    name: 'types as a string',
    body: { ...VALID, types: 'I' },
    status: 400,
    message: /types: .*array/,
  },
  {
    name: 'issued as a string',
    body: { ...VALID, issued: 'yes' },
    status: 400,
    message: /issued: .*true or false/,
  },
  {
    name: 'neither issued nor received',
    body: { ...VALID, issued: false, received: false },
    status: 400,
    message: /issued and received/,
  },
  {
    name: 'neither XML nor PDF',
    body: { ...VALID, xml: false, pdf: false },
    status: 400,
    message: /xml and pdf/,
  },
  {
    name: 'an oversized body',
    body: { ...VALID, padding: 'x'.repeat(64 * 1024) },
    status: 413,
    message: /larger than/,
  },
  {
    name: 'text/plain instead of JSON',
    raw: JSON.stringify(VALID),
    headers: { 'content-type': 'text/plain' },
    status: 415,
    message: /Content-Type .*application\/json/,
  },
  {
    name: 'an Idempotency-Key of 300 characters',
    body: VALID,
    headers: { 'idempotency-key': 'k'.repeat(300) },
    status: 400,
    message: /idempotency-key/i,
  },
];

async function state() {
  return {
    extractions: await countRows(system, 'extractions'),
    companies: await countRows(system, 'companies'),
    jobs: await jobTotals(system),
  };
}

describe('POST /v1/extractions with bad input, over real HTTP', () => {
  it.each(CASES)('$name → $status naming the problem; nothing created or enqueued', async (bad) => {
    const before = await state();
    const response = await system.api.send<{
      error: { code: string; message: string; requestId: string };
    }>('POST', '/v1/extractions', {
      body: bad.raw ?? JSON.stringify(bad.body),
      ...(bad.headers ? { headers: bad.headers } : {}),
      ...(bad.auth === undefined ? {} : { auth: bad.auth }),
    });
    expect({ status: response.status, message: response.body.error?.message }).toEqual({
      status: bad.status,
      message: expect.stringMatching(bad.message),
    });
    expect(response.body.error.requestId).toBe(response.headers.get('x-request-id'));
    expect(await state()).toEqual(before);
    expect(before).toMatchObject({ extractions: 0, companies: 0 });
  });

  it('accepts the same request once it is valid (the cases failed for their stated reason)', async () => {
    const response = await system.api.send<{ id: string }>('POST', '/v1/extractions', {
      body: JSON.stringify(VALID),
    });
    expect(response.status).toBe(202);
    expect(await countRows(system, 'extractions')).toBe(1);
  });
});
