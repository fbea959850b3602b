import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const FIXTURE = fileURLToPath(new URL('./fixtures/shutdown-child.mjs', import.meta.url));
const BUILT = fileURLToPath(new URL('../../dist/shutdown/index.js', import.meta.url));

interface LogLine {
  msg: string;
  level: string;
  [key: string]: unknown;
}

interface Child {
  process: ChildProcess;
  lines: LogLine[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];

async function start(scenario: string, timeoutMs = 10_000): Promise<Child> {
  const child = spawn(process.execPath, [FIXTURE, scenario, String(timeoutMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines: LogLine[] = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const complete = buffered.split('\n');
    buffered = complete.pop() ?? '';
    for (const line of complete) if (line.trim()) lines.push(JSON.parse(line) as LogLine);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    // 'close', not 'exit': only then has every line the child logged been read.
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  await waitFor('the child to be ready', () => lines.some((line) => line.msg === 'ready'));
  return { process: child, lines, exited };
}

function stepsRun(child: Child): unknown[] {
  return child.lines.filter((line) => line.msg === 'step body').map((line) => line.ran);
}

beforeAll(() => {
  if (!existsSync(BUILT)) {
    throw new Error(`${BUILT} is missing: build packages/shared first (pnpm build)`);
  }
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('createShutdown in a real process', () => {
  it('runs every step once, in order, on SIGTERM and exits 0', async () => {
    const child = await start('clean');
    child.process.kill('SIGTERM');

    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(stepsRun(child)).toEqual([
      'stop intake',
      'let in-flight jobs finish',
      'close queues',
      'close pool',
      'close redis',
    ]);
    const complete = child.lines.find((line) => line.msg === 'shutdown complete');
    expect(complete).toMatchObject({ outcome: 'clean', failures: 0 });
    expect(child.lines.find((line) => line.msg === 'shutdown started')?.reason).toBe('SIGTERM');
  });

  it('runs on SIGINT too', async () => {
    const child = await start('clean');
    child.process.kill('SIGINT');
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(stepsRun(child)).toHaveLength(5);
  });

  it('runs the sequence once however many times it is triggered', async () => {
    const child = await start('reentrant');
    child.process.kill('SIGTERM');

    expect((await child.exited).code).toBe(0);
    expect(stepsRun(child)).toEqual([
      'stop intake',
      'let in-flight jobs finish',
      'close queues',
      'close pool',
      'close redis',
    ]);
    expect(child.lines.filter((line) => line.msg === 'shutdown started')).toHaveLength(1);
  });

  it('logs a step that throws, still runs the next ones and exits 1', async () => {
    const child = await start('throws');
    child.process.kill('SIGTERM');

    expect((await child.exited).code).toBe(1);
    expect(stepsRun(child)).toContain('close redis');
    const failed = child.lines.find((line) => line.msg === 'shutdown step failed');
    expect(failed).toMatchObject({ level: 'error', step: 'close queues' });
    expect(JSON.stringify(failed?.err)).toContain('queue close failed');
  });

  it('forces exit 1 after the timeout and names the step that hung', async () => {
    const child = await start('hang', 500);
    const signalled = Date.now();
    child.process.kill('SIGTERM');

    expect((await child.exited).code).toBe(1);
    expect(Date.now() - signalled).toBeLessThan(5_000);
    const forced = child.lines.find((line) => line.msg.startsWith('shutdown forced'));
    expect(forced).toMatchObject({
      level: 'error',
      hungStep: 'let in-flight jobs finish',
      skippedSteps: ['close queues', 'close pool', 'close redis'],
    });
    expect(forced?.msg).toContain('timed out after 500 ms');
    expect(stepsRun(child)).not.toContain('close pool');
  });

  it('forces exit 1 on a second signal without waiting for the timeout', async () => {
    const child = await start('hang', 60_000);
    child.process.kill('SIGTERM');
    await waitFor('the hanging step to start', () =>
      stepsRun(child).includes('let in-flight jobs finish'),
    );
    const secondSignal = Date.now();
    child.process.kill('SIGINT');

    expect((await child.exited).code).toBe(1);
    expect(Date.now() - secondSignal).toBeLessThan(5_000);
    const forced = child.lines.find((line) => line.msg.startsWith('shutdown forced'));
    expect(forced?.msg).toBe(
      'shutdown forced: received SIGINT during shutdown; step "let in-flight jobs finish" had not finished',
    );
  });
});
