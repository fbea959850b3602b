import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@invoice-extractor/test-support/database';
import { testRedisUrl } from '@invoice-extractor/test-support/redis';
import { testS3Settings } from '@invoice-extractor/test-support/s3';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterAll, describe, expect, it } from 'vitest';
import { filesOf } from './support/extractions.js';
import type { Harness } from './support/harness.js';
import { readObjectDigest } from './support/s3-objects.js';
import { extractedScenario, listExtraction, RFC } from './support/scenario.js';
import { expectedKey, truthOf } from './support/truth.js';

// The sources through tsx, as the requester's main test does: rebuilding dist/ here would race
// the other test files that import the built package while this one runs.
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const SHUTDOWN_TIMEOUT_MS = 10_000;
/** Each download waits this long for its first byte, so SIGTERM always finds one in flight. */
const DOWNLOAD_DELAY_MS = 2_000;

interface Run {
  stdout: () => string;
  kill: (signal: NodeJS.Signals) => void;
  exited: Promise<number | null>;
}

function runMain(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  child.stderr?.resume();
  // 'close', not 'exit': only then has every byte the child wrote to stdout been read.
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  return { stdout: () => out, kill: (signal) => child.kill(signal), exited };
}

function logLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('downloader main on SIGTERM', () => {
  let database: TestDatabase;
  let harness: Harness | undefined;
  let run: Run | undefined;

  afterAll(async () => {
    run?.kill('SIGKILL');
    await run?.exited;
    await harness?.close();
    await database?.drop();
  });

  it('finishes the download in flight, exits 0 in time and leaves nothing active', async () => {
    database = await createTestDatabase();
    const scenario = await extractedScenario(database.url, { invoices: 3 });
    harness = scenario.h;
    const h = scenario.h;
    await listExtraction(h, scenario.extraction);
    expect(await h.queues.fileDownloads.getWaitingCount()).toBe(6);
    h.sim.admin.addFault({
      kind: 'slow',
      path: '/invoices/*/cfdi',
      firstByteDelayMs: DOWNLOAD_DELAY_MS,
      bytesPerSecond: 10_000_000,
    });
    const s3 = testS3Settings();
    run = runMain({
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: h.deps.queuePrefix,
      SATWS_BASE_URL: h.sim.url,
      SATWS_API_KEY: h.sim.apiKey,
      S3_ENDPOINT: s3.endpoint,
      S3_REGION: s3.region,
      S3_BUCKET: s3.bucket,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
      S3_KEY_PREFIX: h.keyPrefix,
      WORKER_CONCURRENCY: '1',
      DOWNLOAD_CONCURRENCY: '1',
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    });

    const [inFlight] = await waitFor('a file download to be in flight', async () => {
      const active = await h.queues.fileDownloads.getActive();
      return active.length > 0 ? active : undefined;
    });
    const fileId = String(inFlight?.data.fileId);
    const signalledAt = Date.now();
    run.kill('SIGTERM');
    const code = await run.exited;
    const shutdownMs = Date.now() - signalledAt;

    expect(code).toBe(0);
    expect(shutdownMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    const files = await filesOf(h.pool, scenario.extraction.id);
    const stored = files.find((file) => file.id === fileId);
    // One attempt: it was finished, not abandoned and retried.
    expect(stored).toMatchObject({ state: 'stored', attempts: 1 });
    const invoice = (await truthOf(h.sim, RFC)).find(
      (upstream) => upstream.uuid.toUpperCase() === stored?.uuid.toUpperCase(),
    );
    if (!invoice || !stored) throw new Error('the stored file has no upstream invoice');
    const kind = stored.kind;
    expect(
      await readObjectDigest(h.s3Client, h.bucket, expectedKey(h.keyPrefix, RFC, invoice, kind)),
    ).toEqual({
      sha256: invoice[kind].sha256,
      bytes: invoice[kind].size,
    });

    const counts = await h.queues.fileDownloads.getJobCounts(
      'active',
      'waiting',
      'delayed',
      'completed',
      'failed',
      'prioritized',
    );
    const pending = files.filter((file) => file.state === 'pending').length;
    expect(counts).toMatchObject({ active: 0, failed: 0 });
    expect(counts.completed).toBe(6 - pending);
    expect((counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0)).toBe(pending);
    expect(pending).toBeGreaterThan(0);
    const lines = logLines(run.stdout());
    expect(lines.at(-1)).toMatchObject({ msg: 'shutdown complete', outcome: 'clean' });
  });
});
