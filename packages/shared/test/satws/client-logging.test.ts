import { PassThrough } from 'node:stream';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger/index.js';
import { createSatwsClient } from '../../src/satws/index.js';

const API_KEY = 'sk_live_do_not_leak_0123456789';

describe('the API key never leaves in a log line or an error', () => {
  it('logs method, endpoint template, status and duration at debug, without the key', async () => {
    const destination = new PassThrough();
    const lines: string[] = [];
    destination.on('data', (chunk: Buffer) =>
      lines.push(...chunk.toString('utf8').trim().split('\n')),
    );
    const client = createSatwsClient({
      // Nothing listens on port 9 of loopback: the call is refused.
      baseUrl: 'http://127.0.0.1:9',
      apiKey: API_KEY,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
      logger: createLogger({ level: 'debug', destination }),
    });
    const error = await client
      .getInvoice('0192a1b2-0000-7000-8000-0000000000e1')
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: 'satws_network', retryable: true });
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(API_KEY);
    const calls = lines
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.msg === 'satws call');
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({
      level: 'debug',
      method: 'GET',
      endpoint: 'GET /invoices/{id}',
    });
    expect(calls[0].durationMs).toEqual(expect.any(Number));
    expect(lines.join('\n')).not.toContain(API_KEY);
    expect(lines.join('\n')).not.toContain('0192a1b2-0000-7000-8000-0000000000e1');
  });
});
