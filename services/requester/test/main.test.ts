import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { enqueue, extractionRequestsJob } from '@invoice-extractor/shared/queues';
import { testRedisUrl } from '@invoice-extractor/test-support/redis';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queuedExtraction, reload } from './support/fixtures.js';
import { type Harness, openContext, openHarness, type TestContext } from './support/harness.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const RFC = 'EKU9003173C9';

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function runMain(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  // 'close', not 'exit': only then has every byte the child wrote to stdout been read.
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  return { child, stdout: () => out, stderr: () => err, exited };
}

function logLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('requester main', () => {
  let harness: Harness;
  let context: TestContext;
  let run: Run | undefined;

  beforeAll(async () => {
    harness = await openHarness({ timings: { extractionPendingMs: 600_000 } });
  });
  afterAll(() => harness.close());
  afterEach(async () => {
    if (run && run.child.exitCode === null) run.child.kill('SIGKILL');
    run = undefined;
    await context?.close();
  });

  it('requests extractions from the queue and stops cleanly on SIGTERM', async () => {
    context = openContext(harness);
    run = runMain({
      DATABASE_URL: harness.databaseUrl,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: context.prefix,
      SATWS_BASE_URL: harness.sim.url,
      SATWS_API_KEY: harness.sim.apiKey,
      SHUTDOWN_TIMEOUT_MS: '10000',
    });
    const row = await queuedExtraction(harness.pool, RFC);
    await enqueue(context.queues.extractionRequests, extractionRequestsJob, {
      extractionId: row.id,
    });

    await waitFor('the extraction to be requested', async () => {
      return (await reload(harness.pool, row.id)).status === 'requested';
    });
    run.child.kill('SIGTERM');

    expect(await run.exited).toBe(0);
    const lines = logLines(run.stdout());
    const attempt = lines.find((line) => line.msg === 'job attempt done');
    expect(attempt).toMatchObject({
      queue: 'extraction-requests',
      jobId: `extraction-${row.id}`,
      attempt: 1,
      outcome: 'requested',
      durationMs: expect.any(Number),
    });
    expect(lines.at(-1)).toMatchObject({ msg: 'shutdown complete', outcome: 'clean' });
    expect(run.stdout()).not.toContain(harness.sim.apiKey);
  });

  it('refuses to start with a bad environment, naming every problem', async () => {
    context = openContext(harness);
    run = runMain({ REDIS_URL: 'http://nope', SATWS_API_KEY: 'k' });

    expect(await run.exited).toBe(1);
    const stderr = run.stderr();
    for (const variable of ['DATABASE_URL', 'REDIS_URL', 'SATWS_BASE_URL']) {
      expect(stderr).toContain(variable);
    }
  });
});
