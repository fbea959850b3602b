import { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { createTestS3Prefix, deletePrefix } from '@invoice-extractor/test-support/s3';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { uploadStream } from '../../src/storage/index.js';
import { createObservedClient } from './observed-client.js';
import { measureRss } from './rss-sampler.js';
import { generatedBody, sha256Of } from './streams.js';

const SHA256_OF_NOTHING = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const MB = 1_000_000;

const s3 = createObservedClient();
const { client, bucket } = s3;
let prefix = '';

beforeEach(async (context) => {
  prefix = createTestS3Prefix(context.task.name);
  return async () => {
    await deletePrefix(client, bucket, prefix);
  };
});

afterAll(() => client.destroy());

async function download(key: string) {
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return sha256Of(object.Body as Readable);
}

describe('uploadStream round trips', () => {
  it('stores an empty body as an empty object with the sha256 of nothing', async () => {
    const key = `${prefix}empty.xml`;
    const result = await uploadStream({ client, bucket, key, body: Readable.from([]) });

    expect(result).toMatchObject({ key, bytes: 0, sha256: SHA256_OF_NOTHING });
    expect(await download(key)).toEqual({ bytes: 0, sha256: SHA256_OF_NOTHING });
  });

  it('stores a 1-byte body with its content type and metadata', async () => {
    const key = `${prefix}one.pdf`;
    const result = await uploadStream({
      client,
      bucket,
      key,
      body: Readable.from([Buffer.from('A')]),
      contentType: 'application/pdf',
      metadata: { 'cfdi-uuid': 'ABC' },
    });

    const expected = {
      bytes: 1,
      sha256: '559aead08264d5795d3909718cdd05abd49572e84fe55590eef31a88a08fdffd',
    };
    expect(result).toMatchObject(expected);
    expect(result.etag).toMatch(/^[0-9a-f]{32}$/);
    expect(await download(key)).toEqual(expected);
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ContentType).toBe('application/pdf');
    expect(head.Metadata).toEqual({ 'cfdi-uuid': 'ABC' });
  });

  it('writes the same key twice harmlessly: the object holds the second body whole', async () => {
    const key = `${prefix}twice.xml`;
    await uploadStream({
      client,
      bucket,
      key,
      body: Readable.from([Buffer.from('first version')]),
    });
    const second = await uploadStream({
      client,
      bucket,
      key,
      body: Readable.from([Buffer.from('v2')]),
    });

    expect(await download(key)).toEqual({ bytes: 2, sha256: second.sha256 });
  });

  it('streams 100 MB in parts with identical sha256 and size', async () => {
    const key = `${prefix}large.zip`;
    const body = generatedBody(100 * MB);
    const [result, rss] = await measureRss((poke) => {
      body.stream.on('data', poke);
      return uploadStream({ client, bucket, key, body: body.stream });
    });
    console.log(
      `uploadStream 100 MB (8 MiB parts x 4): ${rss.seconds.toFixed(1)} s, ` +
        `${(100 / rss.seconds).toFixed(0)} MB/s, peak RSS growth ${rss.peakGrowthMb.toFixed(1)} MB ` +
        `over ${rss.baselineMb.toFixed(0)} MB, ${s3.partsUploaded()} parts`,
    );

    expect(result).toMatchObject({ key, bytes: 100 * MB, sha256: body.expectedSha256() });
    expect(result.etag).toMatch(/-12$/);
    expect(await download(key)).toEqual({ bytes: 100 * MB, sha256: body.expectedSha256() });
  });
});
