import { createTestS3Prefix, deletePrefix } from '@invoice-extractor/test-support/s3';
import { afterAll, expect, it } from 'vitest';
import { uploadStream } from '../../src/storage/index.js';
import { createObservedClient } from './observed-client.js';
import { measureRss } from './rss-sampler.js';
import { generatedBody } from './streams.js';

const MB = 1_000_000;
const BODY_MB = 300;

const { client, bucket } = createObservedClient();
const prefix = createTestS3Prefix('memory');

afterAll(async () => {
  await deletePrefix(client, bucket, prefix);
  client.destroy();
});

// Its own file, so the process is fresh and nothing else runs in it while RSS is sampled.
// The body is 300 MB because memory here is flat at roughly 85-115 MB whatever the body's size:
// about 50 MB of parts held by design (8 MiB x 4 in flight, one being filled, lib-storage's
// concatenation copy) plus Buffers V8 collects lazily. Against a 100 MB body that bound could
// not be told apart from buffering the whole body; against 300 MB it can.
it(`uploads ${BODY_MB} MB with the default part size and queue in memory flat in body size`, async () => {
  const body = generatedBody(BODY_MB * MB);
  const [result, rss] = await measureRss((poke) => {
    body.stream.on('data', poke);
    return uploadStream({ client, bucket, key: `${prefix}big.bin`, body: body.stream });
  });
  console.log(
    `uploadStream ${BODY_MB} MB: ${rss.seconds.toFixed(1)} s, ` +
      `${(BODY_MB / rss.seconds).toFixed(0)} MB/s, peak RSS growth ` +
      `${rss.peakGrowthMb.toFixed(1)} MB over ${rss.baselineMb.toFixed(0)} MB`,
  );

  expect(result).toMatchObject({ bytes: BODY_MB * MB, sha256: body.expectedSha256() });
  expect(rss.peakGrowthMb).toBeLessThan(BODY_MB / 2);
});
