// One stack:up/down at a time per checkout. A directory, not an open file: nothing a daemon
// could inherit, so a server we start can never keep the lock held after we exit.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STACK_DIR, StackError } from './context.mjs';
import { isAlive } from './processes.mjs';

const LOCK_DIR = join(STACK_DIR, 'lock');
// apt-get may run under the lock: give a parallel run time to finish installing.
const WAIT_MS = 15 * 60_000;

function holder() {
  try {
    return Number.parseInt(readFileSync(join(LOCK_DIR, 'pid'), 'utf8'), 10);
  } catch {
    return undefined;
  }
}

function tryTake() {
  try {
    mkdirSync(LOCK_DIR);
  } catch (error) {
    if (error.code === 'EEXIST') return false;
    throw error;
  }
  writeFileSync(join(LOCK_DIR, 'pid'), String(process.pid));
  return true;
}

export async function withLock(output, work) {
  mkdirSync(STACK_DIR, { recursive: true });
  const started = Date.now();
  let announced = false;
  while (!tryTake()) {
    const pid = holder();
    // A holder that died (or never wrote its pid within a second) left a stale lock.
    if (pid === undefined ? Date.now() - started > 1_000 : !isAlive(pid)) {
      rmSync(LOCK_DIR, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - started > WAIT_MS) {
      throw new StackError(
        `Another stack command (pid ${pid}) holds ${LOCK_DIR}; gave up waiting.`,
      );
    }
    if (!announced) output.info(`waiting for another stack command (pid ${pid ?? '?'})…`);
    announced = true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}
