import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { testS3Settings } from '@invoice-extractor/test-support/s3';
import { describe, expect, it } from 'vitest';
import { createS3Client, type S3ClientSettings } from '../../src/storage/index.js';

const valid: S3ClientSettings = { ...testS3Settings() };

describe('createS3Client', () => {
  it('talks to the configured S3-compatible server with path-style addressing', async () => {
    const client = createS3Client(valid);
    const listing = await client.send(
      new ListObjectsV2Command({ Bucket: testS3Settings().bucket, MaxKeys: 1 }),
    );
    client.destroy();

    expect(listing.$metadata.httpStatusCode).toBe(200);
  });

  it('defaults checksums to WHEN_REQUIRED, which AWS and S3-compatible servers all accept', async () => {
    const client = createS3Client(valid);

    expect(await client.config.requestChecksumCalculation()).toBe('WHEN_REQUIRED');
    expect(await client.config.responseChecksumValidation()).toBe('WHEN_REQUIRED');
    client.destroy();
  });

  it('targets AWS itself when the endpoint is empty', async () => {
    const client = createS3Client({
      ...valid,
      endpoint: '',
      region: 'eu-west-1',
      forcePathStyle: false,
    });
    const endpoint = await client.config.endpointProvider({
      Region: 'eu-west-1',
      Bucket: 'invoices',
    });
    client.destroy();

    expect(endpoint.url.hostname).toBe('invoices.s3.eu-west-1.amazonaws.com');
  });

  it.each([
    [
      { endpoint: 'ftp://127.0.0.1:9000' },
      'endpoint must be an http(s) URL, got "ftp://127.0.0.1:9000"',
    ],
    [{ region: '' }, 'region is required'],
    [{ secretAccessKey: undefined }, 'accessKeyId and secretAccessKey must be given together'],
    [
      { requestChecksumCalculation: 'ALWAYS' },
      'requestChecksumCalculation must be WHEN_REQUIRED or',
    ],
    [{ maxSockets: 0 }, 'maxSockets must be a positive integer, got 0'],
  ])('rejects %o with a message naming the setting', (override, message) => {
    const settings = { ...valid, ...override } as S3ClientSettings;

    expect(() => createS3Client(settings)).toThrow(message);
    expect(() => createS3Client(settings)).toThrow(
      expect.objectContaining({ code: 'INVALID_S3_SETTINGS', retryable: false }),
    );
  });
});
