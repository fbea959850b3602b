import type { Queryable } from '../db/queryable.js';
import { addUpstreamCalls, type UpstreamCallIncrement } from '../db/upstream-calls.js';
import { AppError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';
import type { SatwsCall } from './client-options.js';

export interface CallLedgerOptions {
  /** Where the counts go (`upstream_calls`). */
  pool: Queryable;
  logger: Logger;
  /** How often buffered counts are written; 500 ms by default. */
  flushIntervalMs?: number;
}

const DEFAULT_FLUSH_INTERVAL_MS = 500;

/**
 * Counts SAT.ws calls per extraction and endpoint in memory and adds them to PostgreSQL in one
 * upsert every `flushIntervalMs`, so counting a file download costs no round trip of its own.
 * A failed write keeps its counts for the next one (logged, never thrown at a caller);
 * `close()` writes what is left and must run in shutdown after the workers have stopped.
 */
export class CallLedger {
  readonly #pool: Queryable;
  readonly #logger: Logger;
  readonly #timer: NodeJS.Timeout;
  #pending = new Map<string, UpstreamCallIncrement>();
  /** Writes run one after another: a slow database gets one statement at a time from us. */
  #writing: Promise<void> | undefined;
  #closed = false;
  #warnedClosed = false;

  constructor(options: CallLedgerOptions) {
    this.#pool = options.pool;
    this.#logger = options.logger;
    const intervalMs = options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
    if (!Number.isInteger(intervalMs) || intervalMs <= 0) {
      throw new AppError(
        `CallLedger: flushIntervalMs must be a positive integer, got ${String(intervalMs)}`,
        { code: 'invalid_argument', retryable: false },
      );
    }
    this.#timer = setInterval(() => this.#tick(), intervalMs);
    // Counting must never keep a process alive; shutdown calls close() for the last counts.
    this.#timer.unref();
  }

  /** For the client's `onCall`: counts one attempt. Synchronous, never throws. */
  readonly record = (call: Pick<SatwsCall, 'endpoint' | 'extractionId'>): void => {
    if (this.#closed) {
      this.#warnClosed(call.endpoint);
      return;
    }
    this.#add({ extractionId: call.extractionId ?? null, endpoint: call.endpoint, calls: 1 });
  };

  /** Calls counted and not yet written. */
  get pendingCalls(): number {
    let calls = 0;
    for (const increment of this.#pending.values()) calls += increment.calls;
    return calls;
  }

  /**
   * Writes what is buffered now (after any write already running). Rejects when the write
   * fails; the counts stay buffered for the next one.
   */
  flush(): Promise<void> {
    const previous = this.#writing ?? Promise.resolve();
    const write = previous.catch(() => undefined).then(() => this.#writePending());
    this.#writing = write;
    const clear = () => {
      if (this.#writing === write) this.#writing = undefined;
    };
    write.then(clear, clear);
    return write;
  }

  /** Stops the timer and writes the rest; rejects naming how many calls went unwritten. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    try {
      await this.flush();
    } catch (error) {
      throw new AppError(
        `Could not write ${this.pendingCalls} SAT.ws call counts at shutdown; they are lost`,
        { code: 'call_ledger_flush_failed', retryable: true, cause: error },
      );
    }
  }

  #tick(): void {
    // A write still running (a slow database) is not queued behind: the next tick catches up.
    if (this.#writing || this.#pending.size === 0) return;
    this.flush().catch(() => undefined);
  }

  async #writePending(): Promise<void> {
    if (this.#pending.size === 0) return;
    const batch = [...this.#pending.values()];
    this.#pending = new Map();
    try {
      await addUpstreamCalls(this.#pool, batch);
    } catch (error) {
      for (const increment of batch) this.#add(increment);
      this.#logger.warn(
        { err: error, pendingCalls: this.pendingCalls },
        'could not write SAT.ws call counts; keeping them for the next flush',
      );
      throw error;
    }
  }

  #add(increment: UpstreamCallIncrement): void {
    const key = `${increment.extractionId ?? ''} ${increment.endpoint}`;
    const existing = this.#pending.get(key);
    if (existing) existing.calls += increment.calls;
    else this.#pending.set(key, { ...increment });
  }

  #warnClosed(endpoint: string): void {
    if (this.#warnedClosed) return;
    this.#warnedClosed = true;
    this.#logger.warn({ endpoint }, 'SAT.ws call made after the call ledger closed; not counted');
  }
}

export function createCallLedger(options: CallLedgerOptions): CallLedger {
  return new CallLedger(options);
}
