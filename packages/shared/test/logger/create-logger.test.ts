import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger/index.js';

const SECRET = 'sk_live_do-not-log-me';

function capture(level = 'info') {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  const logger = createLogger({ level, name: 'test-service', destination: stream });
  const raw = () => chunks.join('');
  const lines = () =>
    raw()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, raw, lines };
}

describe('createLogger', () => {
  it('writes one JSON object per line with level label, time, service and message', () => {
    const { logger, raw, lines } = capture();
    logger.info({ jobId: 'file-1', queue: 'file-downloads', durationMs: 12 }, 'job done');
    logger.warn('second');

    expect(raw().endsWith('\n')).toBe(true);
    const [first, second] = lines();
    expect(first).toMatchObject({
      level: 'info',
      service: 'test-service',
      jobId: 'file-1',
      queue: 'file-downloads',
      durationMs: 12,
      msg: 'job done',
    });
    expect(Number.isNaN(Date.parse(String(first?.time)))).toBe(false);
    expect(second).toMatchObject({ level: 'warn', msg: 'second' });
  });

  it('drops lines below its level', () => {
    const { logger, lines } = capture('warn');
    logger.info('quiet');
    logger.error('loud');
    expect(lines().map((line) => line.msg)).toEqual(['loud']);
  });

  it('redacts secrets at the top level, in headers, and in any spelling of the header', () => {
    const { logger, raw, lines } = capture();
    logger.info({
      apiKey: SECRET,
      password: SECRET,
      request: {
        headers: {
          authorization: `Bearer ${SECRET}`,
          Authorization: `Bearer ${SECRET}`,
          'X-API-Key': SECRET,
          'X-Api-Key': SECRET,
          'x-api-key': SECRET,
          'content-type': 'application/json',
        },
      },
    });

    expect(raw()).not.toContain(SECRET);
    const [line] = lines();
    expect(line).toMatchObject({
      apiKey: '[redacted]',
      password: '[redacted]',
      request: {
        headers: {
          authorization: '[redacted]',
          'X-Api-Key': '[redacted]',
          'content-type': 'application/json',
        },
      },
    });
  });

  it('redacts secrets however deep they sit, inside arrays too', () => {
    const { logger, raw, lines } = capture();
    logger.info({
      upstream: {
        response: {
          body: {
            data: { items: [{ id: 'we-1', url: 'https://example.com', signingSecret: SECRET }] },
          },
        },
      },
      config: { s3: { credentials: { accessKeyId: SECRET, secretAccessKey: SECRET } } },
      api: { apiKeys: [SECRET], webhookSecret: SECRET },
    });

    expect(raw()).not.toContain(SECRET);
    const [line] = lines();
    expect(line).toMatchObject({
      upstream: {
        response: { body: { data: { items: [{ id: 'we-1', signingSecret: '[redacted]' }] } } },
      },
    });
  });

  it('redacts secrets carried by a logged error and in child bindings', () => {
    const { logger, raw, lines } = capture();
    const error = Object.assign(new Error('upstream said 401'), {
      options: { headers: { 'x-api-key': SECRET } },
    });
    logger.child({ token: SECRET, requestId: 'req-1' }).error({ err: error }, 'call failed');

    expect(raw()).not.toContain(SECRET);
    const [line] = lines();
    expect(line).toMatchObject({
      requestId: 'req-1',
      err: { message: 'upstream said 401', options: { headers: { 'x-api-key': '[redacted]' } } },
    });
  });

  it('does not alter the object the caller logged', () => {
    const { logger } = capture();
    const payload = { nested: { password: SECRET } };
    logger.info(payload);
    expect(payload.nested.password).toBe(SECRET);
  });
});
