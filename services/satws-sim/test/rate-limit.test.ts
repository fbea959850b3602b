import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../src/index.js';

describe('rate limit per API key and per endpoint', () => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    // A frozen clock: the fixed window can never roll over halfway through a test.
    const frozen = Date.UTC(2026, 0, 1, 12, 0, 10);
    sim = await startSimulator({
      clock: () => frozen,
      apiKey: 'first-key',
      apiKeys: ['second-key'],
      rateLimit: { enabled: true, limit: 5, windowMs: 60_000 },
      seed: { taxpayers: [{ rfc: 'EKU9003173C9', invoices: 1 }] },
    });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  const call = (path: string, key = 'first-key') =>
    fetch(`${sim.url}${path}`, { headers: { 'X-API-Key': key } });
  const limits = (response: Response) => ({
    limit: Number(response.headers.get('x-ratelimit-limit')),
    remaining: Number(response.headers.get('x-ratelimit-remaining')),
    reset: Number(response.headers.get('x-ratelimit-reset')),
  });

  it('answers 429 {message} with X-RateLimit-* once the window is spent, per key and per endpoint', async () => {
    sim.admin.setRateLimit({ enabled: true, limit: 5 });
    const remaining: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const response = await call('/entities');
      expect(response.status).toBe(200);
      remaining.push(limits(response).remaining);
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    const refused = await call('/entities');
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({ message: 'Too Many Requests' });
    const { limit, reset } = limits(refused);
    expect(limit).toBe(5);
    expect(reset).toBe(Date.UTC(2026, 0, 1, 12, 1, 0) / 1000);
    expect(refused.headers.get('x-request-id')).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);

    expect((await call('/extractions')).status).toBe(200);
    expect((await call('/entities', 'second-key')).status).toBe(200);

    sim.admin.advanceClock(60_000);
    const fresh = await call('/entities');
    expect(fresh.status).toBe(200);
    expect(limits(fresh).remaining).toBe(4);
  });

  it('keeps the headers, and a distinct X-Request-ID, on every response: 401, 404 and with the limit off', async () => {
    sim.admin.setRateLimit({ enabled: false, limit: 2 });
    const statuses: number[] = [];
    const requestIds = new Set<string>();
    for (let i = 0; i < 6; i += 1) {
      const response = await call('/events');
      statuses.push(response.status);
      requestIds.add(response.headers.get('x-request-id') ?? '');
      expect(limits(response).limit).toBe(2);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    expect(requestIds.size).toBe(6);
    for (const response of [
      await fetch(`${sim.url}/events`),
      await call('/no/such/path'),
      await call('/invoices/x'),
    ]) {
      expect([401, 404]).toContain(response.status);
      expect(response.headers.get('x-ratelimit-reset')).toMatch(/^\d{10}$/);
      expect(response.headers.get('x-request-id')).toBeTruthy();
    }
  });

  it('is off by default in tests', async () => {
    const quiet = await startSimulator({ seed: { taxpayers: [] } });
    try {
      const responses = await Promise.all(
        Array.from({ length: 70 }, () =>
          fetch(`${quiet.url}/entities`, { headers: { 'X-API-Key': quiet.apiKey } }),
        ),
      );
      expect(responses.every((response) => response.status === 200)).toBe(true);
    } finally {
      await quiet.stop();
    }
  });
});
