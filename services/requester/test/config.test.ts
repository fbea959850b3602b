import { ConfigError } from '@invoice-extractor/shared/config';
import { describe, expect, it } from 'vitest';
import { parseRequesterConfig } from '../src/config.js';

const GOOD = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/invoice_extractor',
  REDIS_URL: 'redis://127.0.0.1:6379',
  SATWS_BASE_URL: 'http://127.0.0.1:4010/',
  SATWS_API_KEY: 'sim-local-api-key',
};

describe('requester configuration', () => {
  it('reads what the requester needs, with the documented defaults', () => {
    expect(parseRequesterConfig(GOOD)).toMatchObject({
      satws: { baseUrl: 'http://127.0.0.1:4010', requestsPerMinute: 60 },
      queue: { prefix: 'invoice-extractor' },
      worker: { concurrency: 5 },
      shutdown: { timeoutMs: 30_000 },
    });
  });

  it('names every bad or missing variable at once, never echoing the key', () => {
    const error = (() => {
      try {
        parseRequesterConfig({
          ...GOOD,
          DATABASE_URL: 'mysql://x',
          SATWS_API_KEY: undefined,
          WORKER_CONCURRENCY: '0',
        });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).problems.map((problem) => problem.variable);
    expect(variables.sort()).toEqual(['DATABASE_URL', 'SATWS_API_KEY', 'WORKER_CONCURRENCY']);
  });
});
