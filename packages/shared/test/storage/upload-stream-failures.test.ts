import { Readable } from 'node:stream';
import {
  createTestS3Prefix,
  deletePrefix,
  testS3Settings,
} from '@invoice-extractor/test-support/s3';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/index.js';
import { uploadStream } from '../../src/storage/index.js';
import { createObservedClient, expectNoObject, expectUploadGone } from './observed-client.js';
import { startPartHoldingProxy } from './part-holding-proxy.js';
import { generatedBody, interruptedBody } from './streams.js';

const MIB = 1024 * 1024;
const PART = 5 * MIB;

const s3 = createObservedClient();
const { client, bucket } = s3;
let prefix = '';

beforeEach(async (context) => {
  prefix = createTestS3Prefix(context.task.name);
  s3.uploadIds.length = 0;
  return async () => {
    await deletePrefix(client, bucket, prefix);
  };
});

afterAll(() => client.destroy());

async function expectRejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** After a failed multipart upload: no object, and the upload S3 opened accepts no more parts. */
async function expectNothingLeft(key: string): Promise<void> {
  await expectNoObject(client, bucket, key);
  expect(s3.uploadIds).toHaveLength(1);
  await expectUploadGone(client, bucket, key, s3.uploadIds[0] as string);
}

describe('uploadStream when the caller aborts', () => {
  it('aborts a multipart upload mid-stream: no object, no parts left, body destroyed', async () => {
    const key = `${prefix}aborted.zip`;
    const body = interruptedBody(3 * PART, 'stall');
    const controller = new AbortController();
    const upload = uploadStream({
      client,
      bucket,
      key,
      body,
      partSizeBytes: PART,
      signal: controller.signal,
    });
    await waitFor('a part to be stored', () => s3.partsUploaded() >= 1);
    controller.abort();

    const error = await expectRejection(upload);
    expect(error).toMatchObject({ code: 'UPLOAD_ABORTED', retryable: true });
    expect(body.destroyed).toBe(true);
    await expectNothingLeft(key);
  });

  it('aborts a body smaller than a part before it ended: nothing is written', async () => {
    const key = `${prefix}small-aborted.xml`;
    const body = interruptedBody(1000, 'stall');
    const controller = new AbortController();
    const upload = uploadStream({ client, bucket, key, body, signal: controller.signal });
    await waitFor('the body to be read', () => body.producedBytes() === 1000);
    controller.abort();

    expect(await expectRejection(upload)).toMatchObject({ code: 'UPLOAD_ABORTED' });
    await expectNoObject(client, bucket, key);
    expect(s3.uploadIds).toHaveLength(0);
  });

  it('gives up at the timeout when the body stalls', async () => {
    const key = `${prefix}stalled.zip`;
    const body = interruptedBody(2 * PART, 'stall');
    const upload = uploadStream({
      client,
      bucket,
      key,
      body,
      partSizeBytes: PART,
      timeoutMs: 1_500,
    });

    const error = await expectRejection(upload);
    expect(error).toMatchObject({ code: 'UPLOAD_TIMEOUT', retryable: true });
    expect(error.message).toContain('1500 ms');
    await expectNothingLeft(key);
  });
});

describe('uploadStream when the body fails', () => {
  it('aborts the multipart upload when the body errors mid-way, rethrowing it as retryable', async () => {
    const key = `${prefix}cut-short.pdf`;
    const body = interruptedBody(3 * PART + 123, 'error');
    const upload = uploadStream({ client, bucket, key, body, partSizeBytes: PART });

    const error = await expectRejection(upload);
    expect(error).toMatchObject({ code: 'UPLOAD_SOURCE_FAILED', retryable: true });
    expect((error.cause as Error).message).toBe('socket hang up (test)');
    await expectNothingLeft(key);
  });

  it('never writes a small body that errors before its end', async () => {
    const key = `${prefix}small-cut.xml`;
    const body = interruptedBody(10_000, 'error');

    expect(await expectRejection(uploadStream({ client, bucket, key, body }))).toMatchObject({
      code: 'UPLOAD_SOURCE_FAILED',
    });
    await expectNoObject(client, bucket, key);
    expect(s3.uploadIds).toHaveLength(0);
  });
});

describe('uploadStream when S3 refuses or is unreachable', () => {
  it('fails at once, not retryable, on a 4xx such as a missing bucket; the body is released', async () => {
    const body = generatedBody(50 * MIB).stream;
    const upload = uploadStream({
      client,
      bucket: `ie-missing-${Date.now()}`,
      key: `${prefix}x`,
      body,
    });

    const error = await expectRejection(upload);
    expect(error).toMatchObject({ code: 'S3_UPLOAD_FAILED', retryable: false, status: 404 });
    expect(error.message).toContain('NoSuchBucket');
    expect(body.destroyed).toBe(true);
  });

  it('fails as retryable when nothing answers at the endpoint', async () => {
    const unreachable = createObservedClient({ endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
    const upload = uploadStream({
      client: unreachable.client,
      bucket,
      key: `${prefix}x`,
      body: Readable.from([Buffer.from('<cfdi/>')]),
    });

    const error = await expectRejection(upload);
    unreachable.client.destroy();
    expect(error).toMatchObject({ code: 'S3_UPLOAD_FAILED', retryable: true, status: undefined });
    expect(error.message).toContain('no response');
  });
});

describe('uploadStream when S3 stops answering part uploads', () => {
  it('cuts the hung parts at the timeout and aborts the multipart upload', async () => {
    const proxy = await startPartHoldingProxy(testS3Settings().endpoint);
    const viaProxy = createObservedClient({ endpoint: proxy.url });
    const key = `${prefix}hung-parts.zip`;
    const started = Date.now();
    try {
      const body = generatedBody(12 * MIB).stream;
      const upload = uploadStream({
        client: viaProxy.client,
        bucket,
        key,
        body,
        partSizeBytes: PART,
        timeoutMs: 1_000,
      });

      expect(await expectRejection(upload)).toMatchObject({
        code: 'UPLOAD_TIMEOUT',
        retryable: true,
      });
      expect(proxy.heldParts()).toBeGreaterThan(0);
      expect(Date.now() - started).toBeLessThan(10_000);
      await expectNoObject(client, bucket, key);
      expect(viaProxy.uploadIds).toHaveLength(1);
      await expectUploadGone(client, bucket, key, viaProxy.uploadIds[0] as string);
    } finally {
      viaProxy.client.destroy();
      await proxy.close();
    }
  });
});

describe('uploadStream with bad options', () => {
  it.each([
    [{ partSizeBytes: MIB }, 'partSizeBytes must be an integer between 5242880'],
    [{ queueSize: 0 }, 'queueSize must be an integer between 1'],
    [{ key: '' }, 'key is required'],
    [{ metadata: { 'bad name': 'x' } }, 'metadata name "bad name"'],
  ])('rejects %o naming the problem, reading and writing nothing', async (override, message) => {
    const key = `${prefix}bad.xml`;
    const body = Readable.from([Buffer.from('data')]);
    const upload = uploadStream({ client, bucket, key, body, ...override });

    const error = await expectRejection(upload);
    expect(error).toMatchObject({ code: 'INVALID_UPLOAD', retryable: false });
    expect(error.message).toContain(message);
    expect(body.readableDidRead).toBe(false);
    await expectNoObject(client, bucket, key);
  });
});
