import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  apiEnv,
  databaseEnv,
  envSchema,
  loggingEnv,
  parseEnv,
  queueEnv,
  redisEnv,
  s3Env,
  satwsEnv,
  shutdownEnv,
  workerEnv,
} from '../../src/config/index.js';

const EXAMPLE = readFileSync(new URL('../../../../.env.example', import.meta.url), 'utf8');

/** Each `NAME=value` line with whether a comment sits right above it. */
function variables(text: string): { name: string; value: string; commented: boolean }[] {
  const lines = text.split('\n');
  return lines.flatMap((line, index) => {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!match?.[1]) return [];
    return [
      {
        name: match[1],
        value: match[2] ?? '',
        commented: (lines[index - 1] ?? '').startsWith('#'),
      },
    ];
  });
}

describe('.env.example', () => {
  const entries = variables(EXAMPLE);

  it('lists every configuration variable once, each with a comment', () => {
    const names = entries.map((entry) => entry.name);
    expect(names.sort()).toEqual(
      [
        'ADMIN_PASSWORD',
        'ADMIN_USER',
        'API_KEYS',
        'DATABASE_URL',
        'DISPATCH_BACKLOG',
        'DISPATCH_INTERVAL_MS',
        'DOWNLOAD_CONCURRENCY',
        'EXPORT_ENTRY_CONCURRENCY',
        'EXPORT_POLL_MS',
        'EXPORT_THRESHOLD_INVOICES',
        'LOG_LEVEL',
        'PORT',
        'QUEUE_PREFIX',
        'RECONCILE_BATCH_SIZE',
        'RECONCILE_EVERY_MS',
        'REDIS_URL',
        'S3_ACCESS_KEY_ID',
        'S3_BUCKET',
        'S3_ENDPOINT',
        'S3_FORCE_PATH_STYLE',
        'S3_KEY_PREFIX',
        'S3_REGION',
        'S3_REQUEST_CHECKSUM_CALCULATION',
        'S3_RESPONSE_CHECKSUM_VALIDATION',
        'S3_SECRET_ACCESS_KEY',
        'SATWS_API_KEY',
        'SATWS_BASE_URL',
        'SATWS_REQUESTS_PER_MINUTE',
        'SATWS_WEBHOOK_SECRET',
        'SHUTDOWN_TIMEOUT_MS',
        'WORKER_CONCURRENCY',
        'XML_DAILY_BUDGET_PER_RFC',
      ].sort(),
    );
    expect(entries.filter((entry) => !entry.commented).map((entry) => entry.name)).toEqual([]);
  });

  it('parses as it stands and points at the local stack', () => {
    const env = Object.fromEntries(entries.map((entry) => [entry.name, entry.value]));
    const config = parseEnv(
      envSchema({
        database: databaseEnv,
        redis: redisEnv,
        s3: s3Env,
        satws: satwsEnv,
        api: apiEnv,
        logging: loggingEnv,
        queue: queueEnv,
        worker: workerEnv,
        shutdown: shutdownEnv,
      }),
      env,
    );

    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/invoice_extractor');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.s3).toMatchObject({
      endpoint: 'http://127.0.0.1:9000',
      bucket: 'invoices',
      forcePathStyle: true,
    });
    expect(config.satws.baseUrl).toBe('http://127.0.0.1:4010');
  });
});
