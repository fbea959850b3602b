import { Writable } from 'node:stream';
import { createLogger } from '@invoice-extractor/shared/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, type ApiHarness, json, startHarness } from './support/api-harness.js';

let h: ApiHarness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('health', () => {
  it('answers /healthz without touching a dependency', async () => {
    const response = await h.app.request('/healthz');
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ status: 'ok' });
  });

  it('answers /readyz with every dependency up', async () => {
    const response = await h.app.request('/readyz');
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({
      status: 'ready',
      checks: { postgres: { status: 'up' }, redis: { status: 'up' }, s3: { status: 'up' } },
    });
  });

  it('names a missing bucket as the reason S3 is not ready', async () => {
    const readiness = {
      ...h.deps.readiness,
      s3: { client: h.s3, bucket: 'no-such-bucket-ie-test' },
    };
    const response = await h.appWith({ readiness }).request('/readyz');
    expect(response.status).toBe(503);
    const body = await json(response);
    expect(body.error.message).toBe(
      'Not ready: s3 is down (bucket "no-such-bucket-ie-test" does not exist)',
    );
    expect(body.checks.s3).toEqual({
      status: 'down',
      reason: 'bucket "no-such-bucket-ie-test" does not exist',
    });
  });
});

describe('errors and request ids', () => {
  it('answers an unknown route with a 404 in the error shape', async () => {
    const response = await h.app.request('/v2/nothing');
    expect(response.status).toBe(404);
    const body = await json(response);
    expect(body).toEqual({
      error: {
        code: 'not_found',
        message: 'No route for GET /v2/nothing; see /docs',
        requestId: expect.any(String),
      },
    });
  });

  it('answers a known path with the wrong method with a 405 and Allow', async () => {
    const response = await h.app.request('/v1/extractions', { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST, GET, HEAD');
    expect((await json(response)).error.code).toBe('method_not_allowed');
  });

  it('echoes a caller X-Request-Id and makes one up otherwise', async () => {
    const echoed = await h.app.request('/healthz', { headers: { 'x-request-id': 'caller-id-42' } });
    expect(echoed.headers.get('x-request-id')).toBe('caller-id-42');
    const made = await h.app.request('/healthz', {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs one line per request with its request id, route and outcome, and no key', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).trim().split('\n'));
        done();
      },
    });
    const app = h.appWith({ logger: createLogger({ level: 'info', destination }) });
    await app.request('/v1/extractions/0192a1b2-0000-7000-8000-0000000000e1', {
      headers: { authorization: `Bearer ${API_KEY}`, 'x-request-id': 'log-test-1' },
    });
    const entries = lines.map((line) => JSON.parse(line));
    expect(entries).toEqual([
      expect.objectContaining({
        requestId: 'log-test-1',
        method: 'GET',
        route: '/v1/extractions/:id',
        status: 404,
        outcome: 'rejected',
        durationMs: expect.any(Number),
      }),
    ]);
    expect(lines.join('\n')).not.toContain(API_KEY);
  });
});

describe('a bug', () => {
  it('is a 500 that says nothing of the cause to the caller and logs the stack', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).trim().split('\n'));
        done();
      },
    });
    // Not a server stand-in: a query function that fails the way a programming error does.
    const broken = {
      query: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'rows')");
      },
    } as unknown as typeof h.pool;
    const app = h.appWith({ pool: broken, logger: createLogger({ level: 'info', destination }) });

    const response = await app.request('/v1/extractions/0192a1b2-0000-7000-8000-0000000000e1', {
      headers: { authorization: `Bearer ${API_KEY}`, 'x-request-id': 'bug-1' },
    });

    expect(response.status).toBe(500);
    expect(await json(response)).toEqual({
      error: { code: 'internal_error', message: 'Internal error', requestId: 'bug-1' },
    });
    const logged = lines
      .map((line) => JSON.parse(line))
      .find((entry) => entry.level === 'error' && entry.err);
    expect(logged).toMatchObject({ requestId: 'bug-1', err: { type: 'TypeError' } });
    expect(logged.err.stack).toContain('TypeError: Cannot read properties of undefined');
  });
});

describe('GET /metrics', () => {
  it('exposes requests by route and status, and queue depths by queue and state', async () => {
    await h.post('/v1/extractions', {
      rfc: 'EKU9003173C9',
      period: { from: '2025-01-01', to: '2025-01-31' },
    });
    const response = await h.app.request('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/);
    const text = await response.text();
    expect(text).toContain(
      'http_requests_total{method="POST",route="/v1/extractions",status="202"} 1',
    );
    expect(text).toMatch(/http_requests_total\{method="GET",route="unmatched",status="404"\} \d+/);
    expect(text).toContain('queue_jobs{queue="extraction-requests",state="delayed"} 1');
    expect(text).toContain('queue_jobs{queue="file-downloads",state="failed"} 0');
    expect(text).toContain('# TYPE webhook_deliveries_total counter');
    expect(text).toContain('process_resident_memory_bytes');
  });
});
