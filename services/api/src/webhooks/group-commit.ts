/** One submitted item and the way to answer its submitter. Settling twice is a no-op. */
export interface Waiter<I, O> {
  readonly item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

export interface GroupCommitOptions<I, O> {
  /** How long the first item of a batch waits for company; short, it is on every request. */
  lingerMs: number;
  /** A batch this large is written at once, without waiting for the linger to end. */
  maxBatch: number;
  /** Likewise a batch whose items add up to this size (as `sizeOf` measures them). */
  maxBatchSize?: number;
  sizeOf?: (item: I) => number;
  /**
   * Batches written at the same time. When that many are in flight, a batch whose linger has
   * ended keeps gathering until one of them settles (a full batch does not wait).
   */
  maxInFlight: number;
  /**
   * Writes one batch and settles its waiters, each as soon as its own result is known. If it
   * throws, every waiter it left unsettled is rejected with that error.
   */
  commit(waiters: readonly Waiter<I, O>[]): Promise<void>;
  /** The error a submission made after `close()` is rejected with. */
  closedError(): Error;
}

export interface GroupCommit<I, O> {
  submit(item: I): Promise<O>;
  /** Items submitted and not yet answered (gathering or being written). */
  readonly pending: number;
  /** Refuses new items, writes those already gathered, and waits for every batch to settle. */
  close(): Promise<void>;
}

interface Settleable<I, O> extends Waiter<I, O> {
  readonly settled: boolean;
}

function waiterFor<I, O>(
  item: I,
  resolve: (value: O) => void,
  reject: (error: unknown) => void,
  onSettled: () => void,
) {
  let settled = false;
  const waiter: Settleable<I, O> = {
    item,
    get settled() {
      return settled;
    },
    resolve: (value) => {
      if (settled) return;
      settled = true;
      onSettled();
      resolve(value);
    },
    reject: (error) => {
      if (settled) return;
      settled = true;
      onSettled();
      reject(error);
    },
  };
  return waiter;
}

async function write<I, O>(options: GroupCommitOptions<I, O>, batch: Settleable<I, O>[]) {
  try {
    await options.commit(batch);
    if (batch.every((waiter) => waiter.settled)) return;
    const forgotten = new Error('group commit: the batch left a waiter unanswered');
    for (const waiter of batch) waiter.reject(forgotten);
  } catch (error) {
    for (const waiter of batch) waiter.reject(error);
  }
}

/**
 * Group commit: items submitted close together are written as one batch (one statement, one
 * commit, one fsync) instead of one each, and each submitter awaits its own item's result.
 *
 * A batch opens with its first item and is written `lingerMs` later or once full (`maxBatch`
 * items or `maxBatchSize`). While `maxInFlight` batches are being written, the next one keeps
 * gathering: under load, batches grow to match the rate instead of multiplying, and the cost
 * per item (a statement's planning, a commit) falls as the rate rises. No waiter is ever left
 * unsettled.
 */
export function createGroupCommit<I, O>(options: GroupCommitOptions<I, O>): GroupCommit<I, O> {
  const sizeOf = options.sizeOf ?? (() => 0);
  const maxBatchSize = options.maxBatchSize ?? Number.POSITIVE_INFINITY;
  let gathering: Settleable<I, O>[] = [];
  let gatheredSize = 0;
  let timer: NodeJS.Timeout | undefined;
  /** The linger ended while every slot was busy: write as soon as one frees. */
  let due = false;
  let closed = false;
  let pending = 0;
  const settledOne = () => {
    pending -= 1;
  };
  const inFlight = new Set<Promise<void>>();

  const flush = (force: boolean) => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (gathering.length === 0) return;
    if (!force && inFlight.size >= options.maxInFlight) {
      due = true;
      return;
    }
    due = false;
    const batch = gathering;
    gathering = [];
    gatheredSize = 0;
    const written = write(options, batch);
    inFlight.add(written);
    void written.then(() => {
      inFlight.delete(written);
      if (due || closed) flush(closed);
    });
  };

  return {
    submit: (item) =>
      new Promise<O>((resolve, reject) => {
        if (closed) {
          reject(options.closedError());
          return;
        }
        pending += 1;
        gathering.push(waiterFor(item, resolve, reject, settledOne));
        gatheredSize += sizeOf(item);
        if (gathering.length >= options.maxBatch || gatheredSize >= maxBatchSize) flush(true);
        else if (!timer && !due) timer = setTimeout(() => flush(false), options.lingerMs);
      }),
    get pending() {
      return pending;
    },
    close: async () => {
      closed = true;
      flush(true);
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
