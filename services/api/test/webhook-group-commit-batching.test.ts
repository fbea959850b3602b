import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createGroupCommit, type Waiter } from '../src/webhooks/group-commit.js';

const NEVER_MS = 600_000;

/** A commit whose batches are held until the test releases them, and which records them. */
function heldCommits() {
  const batches: number[][] = [];
  const releases: (() => void)[] = [];
  const commit = (waiters: readonly Waiter<number, string>[]) => {
    batches.push(waiters.map((waiter) => waiter.item));
    return new Promise<void>((resolve) => {
      releases.push(() => {
        for (const waiter of waiters) waiter.resolve(`stored ${waiter.item}`);
        resolve();
      });
    });
  };
  return { batches, commit, releaseNext: () => releases.shift()?.() };
}

const closedError = () => new Error('closed');

describe('group commit', () => {
  it('gathers the next batch while the in-flight limit is reached, and writes it when a slot frees', async () => {
    const held = heldCommits();
    const group = createGroupCommit<number, string>({
      lingerMs: 1,
      maxBatch: 4,
      maxInFlight: 1,
      commit: held.commit,
      closedError,
    });
    const first = [1, 2, 3].map((item) => group.submit(item));
    await expect.poll(() => held.batches.length).toBe(1);
    const next = [4, 5].map((item) => group.submit(item));
    // Past the 1 ms linger of [4, 5]: with the one slot taken, it must still be gathering.
    await sleep(50);
    expect(held.batches).toEqual([[1, 2, 3]]);
    const last = group.submit(6);

    held.releaseNext();
    expect(await Promise.all(first)).toEqual(['stored 1', 'stored 2', 'stored 3']);
    await expect
      .poll(() => held.batches)
      .toEqual([
        [1, 2, 3],
        [4, 5, 6],
      ]);
    held.releaseNext();
    expect(await Promise.all([...next, last])).toEqual(['stored 4', 'stored 5', 'stored 6']);
    await group.close();
  });

  it('rejects every waiter of a batch whose commit throws, and only those', async () => {
    const group = createGroupCommit<number, string>({
      lingerMs: NEVER_MS,
      maxBatch: 2,
      maxInFlight: 4,
      commit: async (waiters) => {
        if (waiters.some((waiter) => waiter.item < 0)) throw new Error('batch failed');
        for (const waiter of waiters) waiter.resolve('ok');
      },
      closedError,
    });
    const failed = [group.submit(-1), group.submit(2)];
    const fine = [group.submit(3), group.submit(4)];

    expect(await Promise.allSettled(failed)).toEqual([
      { status: 'rejected', reason: new Error('batch failed') },
      { status: 'rejected', reason: new Error('batch failed') },
    ]);
    expect(await Promise.all(fine)).toEqual(['ok', 'ok']);
    await group.close();
  });

  it('never leaves a waiter hanging when a commit forgets to answer it', async () => {
    const group = createGroupCommit<number, string>({
      lingerMs: 1,
      maxBatch: 10,
      maxInFlight: 1,
      commit: async (waiters) => waiters[0]?.resolve('answered'),
      closedError,
    });

    const answers = await Promise.allSettled([group.submit(1), group.submit(2)]);

    expect(answers[0]).toEqual({ status: 'fulfilled', value: 'answered' });
    expect(answers[1]).toMatchObject({ status: 'rejected', reason: { message: /unanswered/ } });
    await group.close();
  });

  it('on close, writes what is gathering, waits for it, and refuses new items', async () => {
    const held = heldCommits();
    const group = createGroupCommit<number, string>({
      lingerMs: NEVER_MS,
      maxBatch: 100,
      maxInFlight: 1,
      commit: held.commit,
      closedError,
    });
    const gathered = [group.submit(1), group.submit(2)];
    expect(group.pending).toBe(2);

    const closing = group.close();
    await expect(group.submit(3)).rejects.toThrow('closed');
    expect(held.batches).toEqual([[1, 2]]);
    held.releaseNext();
    await closing;

    expect(await Promise.all(gathered)).toEqual(['stored 1', 'stored 2']);
    expect(group.pending).toBe(0);
  });
});
