import { describe, expect, it } from 'vitest';
import { parseDownloaderConfig } from '../src/config.js';

const VALID = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/invoice_extractor',
  REDIS_URL: 'redis://127.0.0.1:6379',
  S3_BUCKET: 'invoices',
  SATWS_BASE_URL: 'http://127.0.0.1:4010/',
  SATWS_API_KEY: 'sim-local-api-key',
};

describe('parseDownloaderConfig', () => {
  it('applies the defaults: 8 downloads and 5 listings at once, no key prefix', () => {
    const config = parseDownloaderConfig(VALID);

    expect(config.downloader).toMatchObject({
      keyPrefix: '',
      fileConcurrency: 8,
      dispatch: { backlog: 32, intervalMs: 1_000, xmlDailyBudgetPerRfc: 2_000 },
    });
    expect(config.worker.concurrency).toBe(5);
    expect(config.satws).toMatchObject({ baseUrl: 'http://127.0.0.1:4010', requestsPerMinute: 60 });
    expect(config.queue.prefix).toBe('invoice-extractor');
  });

  it('reads the key prefix and the download concurrency', () => {
    const config = parseDownloaderConfig({
      ...VALID,
      S3_KEY_PREFIX: 'staging/run-1/',
      DOWNLOAD_CONCURRENCY: '16',
    });

    expect(config.downloader).toMatchObject({
      keyPrefix: 'staging/run-1/',
      fileConcurrency: 16,
      dispatch: { backlog: 64 },
    });
  });

  it('reads the dispatcher settings; an XML budget of 0 means no limit', () => {
    const config = parseDownloaderConfig({
      ...VALID,
      DISPATCH_BACKLOG: '12',
      DISPATCH_INTERVAL_MS: '250',
      XML_DAILY_BUDGET_PER_RFC: '0',
    });

    expect(config.downloader.dispatch).toEqual({
      backlog: 12,
      intervalMs: 250,
      xmlDailyBudgetPerRfc: 0,
    });
  });

  it('names every bad variable at once, without echoing the API key', () => {
    const env = {
      ...VALID,
      REDIS_URL: 'http://127.0.0.1:6379',
      SATWS_API_KEY: '',
      S3_KEY_PREFIX: '/staging',
      DOWNLOAD_CONCURRENCY: '0',
      DISPATCH_BACKLOG: '0',
      XML_DAILY_BUDGET_PER_RFC: '-1',
    };

    let message = '';
    try {
      parseDownloaderConfig(env);
    } catch (error) {
      message = (error as Error).message;
    }

    expect(message).toContain('REDIS_URL: must be a redis or rediss URL');
    expect(message).toContain('SATWS_API_KEY: required');
    expect(message).toContain('S3_KEY_PREFIX: must be empty, or folder names ending in "/"');
    expect(message).toContain(
      'DOWNLOAD_CONCURRENCY: must be an integer between 1 and 256, got "0"',
    );
    expect(message).toContain('DISPATCH_BACKLOG: must be an integer between 1 and 10000, got "0"');
    expect(message).toContain(
      'XML_DAILY_BUDGET_PER_RFC: must be an integer between 0 and 1000000, got "-1"',
    );
  });
});
