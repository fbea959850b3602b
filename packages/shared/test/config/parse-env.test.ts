import { describe, expect, it } from 'vitest';
import {
  apiEnv,
  ConfigError,
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

const LOCAL_STACK = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/invoice_extractor',
  REDIS_URL: 'redis://127.0.0.1:6379',
  S3_ENDPOINT: 'http://127.0.0.1:9000',
  S3_REGION: 'us-east-1',
  S3_BUCKET: 'invoices',
  S3_ACCESS_KEY_ID: 'S3RVER',
  S3_SECRET_ACCESS_KEY: 'S3RVER',
  S3_FORCE_PATH_STYLE: 'true',
  SATWS_BASE_URL: 'http://127.0.0.1:4010/',
  SATWS_API_KEY: 'sim-api-key',
  SATWS_WEBHOOK_SECRET: 'sim-webhook-secret',
  API_KEYS: 'local-dev-key-0123456789, second-key-abcdefghij',
  ADMIN_USER: 'admin',
  ADMIN_PASSWORD: 'change-me-please',
  PORT: '3000',
  LOG_LEVEL: 'debug',
  QUEUE_PREFIX: 'ie',
};

const everything = envSchema({
  database: databaseEnv,
  redis: redisEnv,
  s3: s3Env,
  satws: satwsEnv,
  api: apiEnv,
  logging: loggingEnv,
  queue: queueEnv,
  worker: workerEnv,
  shutdown: shutdownEnv,
});

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseEnv', () => {
  it('turns a complete environment into camelCase typed config with defaults', () => {
    const config = parseEnv(everything, LOCAL_STACK);

    expect(config.database.url).toBe(LOCAL_STACK.DATABASE_URL);
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.s3).toEqual({
      endpoint: 'http://127.0.0.1:9000',
      region: 'us-east-1',
      bucket: 'invoices',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    expect(config.satws).toEqual({
      baseUrl: 'http://127.0.0.1:4010',
      apiKey: 'sim-api-key',
      requestsPerMinute: 60,
    });
    expect(config.api.apiKeys).toEqual(['local-dev-key-0123456789', 'second-key-abcdefghij']);
    expect(config.api.admin).toEqual({ user: 'admin', password: 'change-me-please' });
    expect(config.api.port).toBe(3000);
    expect(config.logging.level).toBe('debug');
    expect(config.queue.prefix).toBe('ie');
    expect(config.worker.concurrency).toBe(5);
    expect(config.shutdown.timeoutMs).toBe(30_000);
  });

  it('names every bad or missing variable in one error, with the reason', () => {
    const { REDIS_URL: _redis, SATWS_API_KEY: _key, ...rest } = LOCAL_STACK;
    const error = configError(() =>
      parseEnv(everything, { ...rest, PORT: 'abc', WORKER_CONCURRENCY: '0', LOG_LEVEL: 'loud' }),
    );

    expect(error.message).toBe(
      [
        'Invalid environment:',
        '  - REDIS_URL: required',
        '  - SATWS_API_KEY: required',
        '  - PORT: must be an integer between 1 and 65535, got "abc"',
        '  - LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
        '  - WORKER_CONCURRENCY: must be an integer between 1 and 1000, got "0"',
      ].join('\n'),
    );
    expect(error.problems.map((problem) => problem.variable)).toEqual([
      'REDIS_URL',
      'SATWS_API_KEY',
      'PORT',
      'LOG_LEVEL',
      'WORKER_CONCURRENCY',
    ]);
    expect(error.retryable).toBe(false);
  });

  it('never echoes a secret, an API key or a password inside a URL', () => {
    const error = configError(() =>
      parseEnv(everything, {
        ...LOCAL_STACK,
        ADMIN_PASSWORD: 'hunter2',
        API_KEYS: 'a-long-enough-key-123456,tiny-key',
        DATABASE_URL: 'mysql://app:s3cr3t-pw@db.internal/app',
      }),
    );

    expect(error.message).toContain('ADMIN_PASSWORD: must be at least 12 characters long');
    expect(error.message).toContain('API_KEYS: item 2 must be at least 16 characters long');
    expect(error.message).toContain(
      'DATABASE_URL: must be a postgres or postgresql URL, got "mysql://***@db.internal/app"',
    );
    for (const secret of ['hunter2', 'tiny-key', 's3cr3t-pw', 'a-long-enough-key']) {
      expect(error.message).not.toContain(secret);
    }
  });

  it('treats an empty value as unset: defaults apply, required variables are reported', () => {
    const config = parseEnv(envSchema({ api: apiEnv, s3: s3Env }), {
      ...LOCAL_STACK,
      PORT: '',
      S3_ENDPOINT: '',
      S3_ACCESS_KEY_ID: '',
      S3_SECRET_ACCESS_KEY: '',
      S3_FORCE_PATH_STYLE: '',
    });
    expect(config.api.port).toBe(3000);
    expect(config.s3.endpoint).toBeUndefined();
    expect(config.s3.accessKeyId).toBeUndefined();
    expect(config.s3.secretAccessKey).toBeUndefined();
    expect(config.s3.forcePathStyle).toBe(false);

    const error = configError(() => parseEnv(redisEnv, { REDIS_URL: '  ' }));
    expect(error.problems).toEqual([{ variable: 'REDIS_URL', reason: 'required' }]);
  });

  it('rejects one S3 access key variable without the other', () => {
    const { S3_SECRET_ACCESS_KEY: _secret, ...rest } = LOCAL_STACK;
    const error = configError(() => parseEnv(s3Env, rest));
    expect(error.problems).toEqual([
      {
        variable: 'S3_SECRET_ACCESS_KEY',
        reason: 'required when the other S3 access key variable is set',
      },
    ]);
  });

  it('accepts the two checksum modes and nothing else', () => {
    const supported = parseEnv(s3Env, {
      ...LOCAL_STACK,
      S3_REQUEST_CHECKSUM_CALCULATION: 'WHEN_SUPPORTED',
    });
    expect(supported.requestChecksumCalculation).toBe('WHEN_SUPPORTED');

    const error = configError(() =>
      parseEnv(s3Env, { ...LOCAL_STACK, S3_RESPONSE_CHECKSUM_VALIDATION: 'ALWAYS' }),
    );
    expect(error.message).toContain(
      'S3_RESPONSE_CHECKSUM_VALIDATION: must be one of WHEN_REQUIRED, WHEN_SUPPORTED, got "ALWAYS"',
    );
  });

  it('refuses a queue prefix that would break Redis keys or SCAN patterns', () => {
    for (const prefix of ['ie:prod', 'ie*', 'a b']) {
      const error = configError(() => parseEnv(queueEnv, { QUEUE_PREFIX: prefix }));
      expect(error.problems[0]?.variable).toBe('QUEUE_PREFIX');
    }
  });

  it('lets a service compose only the groups it needs', () => {
    const workerConfig = parseEnv(envSchema({ redis: redisEnv, worker: workerEnv }), {
      REDIS_URL: 'rediss://cache.example.com:6380/2',
      WORKER_CONCURRENCY: '20',
    });
    expect(workerConfig).toEqual({
      redis: { url: 'rediss://cache.example.com:6380/2' },
      worker: { concurrency: 20 },
    });
  });
});
