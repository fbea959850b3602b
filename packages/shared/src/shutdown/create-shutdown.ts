import type { Logger } from '../logger/create-logger.js';

export type ShutdownStep = () => Promise<unknown> | unknown;

export interface ShutdownOptions {
  logger: Logger;
  /** The whole sequence's budget; past it the process exits with code 1. */
  timeoutMs: number;
  /** Ends the process; tests and embedders replace it. Defaults to `process.exit`. */
  exit?: (code: number) => void;
  /** Signals that start the sequence (a second one forces exit). Pass `[]` to listen to none. */
  signals?: readonly NodeJS.Signals[];
}

export interface Shutdown {
  /**
   * Adds a step; steps run in registration order, so `main.ts` registers them as: stop intake,
   * let in-flight jobs finish, close queues, pool, Redis.
   */
  register(name: string, step: ShutdownStep): void;
  /** Starts the sequence; every later call returns the same promise. */
  run(reason: string): Promise<void>;
}

interface NamedStep {
  name: string;
  step: ShutdownStep;
}

/**
 * A once-only, ordered shutdown. A step that throws is logged and the next still runs (a
 * failed queue close must not leave the pool open); a hung step, a timeout or a second signal
 * ends the process with code 1 and a log line naming the step that was running.
 */
export function createShutdown(options: ShutdownOptions): Shutdown {
  const { logger, timeoutMs } = options;
  const exitNow = options.exit ?? ((code: number) => process.exit(code));
  const exit = (code: number) => flushThenExit(logger, exitNow, code);
  const steps: NamedStep[] = [];
  let current: string | undefined;
  let sequence: Promise<void> | undefined;

  const force = (why: string) => {
    const pending = steps.map((entry) => entry.name);
    const index = current === undefined ? -1 : pending.indexOf(current);
    logger.error(
      { hungStep: current, skippedSteps: pending.slice(index + 1), outcome: 'forced' },
      `shutdown forced: ${why}${current ? `; step "${current}" had not finished` : ''}`,
    );
    exit(1);
  };

  const runSteps = async (reason: string) => {
    const started = performance.now();
    logger.info({ reason, steps: steps.map((entry) => entry.name) }, 'shutdown started');
    // Not unref'd on purpose: it is what ends a process whose step waits on nothing at all.
    const timer = setTimeout(() => force(`timed out after ${timeoutMs} ms`), timeoutMs);
    const failures = await runInOrder(steps, logger, (name) => {
      current = name;
    });
    current = undefined;
    clearTimeout(timer);
    const outcome = failures === 0 ? 'clean' : 'with-errors';
    logger.info({ durationMs: elapsed(started), failures, outcome }, 'shutdown complete');
    exit(failures === 0 ? 0 : 1);
  };

  const run = (reason: string) => {
    // Assigned before any step runs, so a step that triggers shutdown again gets this promise.
    sequence ??= Promise.resolve().then(() => runSteps(reason));
    return sequence;
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (sequence) force(`received ${signal} during shutdown`);
    else void run(signal);
  };
  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) process.on(signal, onSignal);

  const register = (name: string, step: ShutdownStep) => {
    if (sequence) {
      logger.warn({ step: name }, 'shutdown step registered after shutdown started; not run');
      return;
    }
    steps.push({ name, step });
  };

  return { register, run };
}

/** Runs every step, logging each outcome; returns how many threw. */
async function runInOrder(
  steps: readonly NamedStep[],
  logger: Logger,
  onStart: (name: string) => void,
): Promise<number> {
  let failures = 0;
  for (const { name, step } of steps) {
    onStart(name);
    const started = performance.now();
    try {
      await step();
      logger.info({ step: name, durationMs: elapsed(started) }, 'shutdown step done');
    } catch (error) {
      failures += 1;
      logger.error(
        { step: name, durationMs: elapsed(started), err: error },
        'shutdown step failed',
      );
    }
  }
  return failures;
}

/** Bounds the wait for the log to drain: a stuck stdout must not keep a process alive. */
const FLUSH_LIMIT_MS = 1_000;

/**
 * pino writes stdout asynchronously; exiting with a write in flight can lose or reorder the
 * very line that says why the process stopped, so drain it first.
 */
function flushThenExit(logger: Logger, exit: (code: number) => void, code: number): void {
  let exited = false;
  const once = () => {
    if (exited) return;
    exited = true;
    clearTimeout(limit);
    exit(code);
  };
  const limit = setTimeout(once, FLUSH_LIMIT_MS);
  try {
    logger.flush(() => once());
  } catch {
    once();
  }
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}
