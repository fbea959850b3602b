// Shared pieces of `pnpm stack:up` / `stack:down`: paths, output, commands, small probes.
import { spawnSync } from 'node:child_process';
import { accessSync, closeSync, constants, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const STACK_DIR = join(ROOT, '.stack');
export const IS_ROOT = process.getuid?.() === 0;

/** A problem the user must act on; its message says what to do. */
export class StackError extends Error {
  name = 'StackError';
}

/** Status goes to stderr so stdout stays a clean list of KEY=value lines for `.env`. */
export function createOutput(quiet) {
  return {
    info: (line) => {
      if (!quiet) process.stderr.write(`${line}\n`);
    },
    problem: (line) => process.stderr.write(`${line}\n`),
    quiet,
  };
}

export function ensureStackDir(...parts) {
  const dir = join(STACK_DIR, ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopback(hostname) {
  return LOOPBACK.has(hostname);
}

/** An absolute path to `name` found on PATH or in `extraDirs`, or undefined. */
export function findExecutable(name, extraDirs = []) {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extraDirs].filter(Boolean);
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

/**
 * Runs a command to completion with its output appended to `logFile` (never a pipe: a daemon
 * it forks would hold the pipe open and we would wait forever). Throws with the log's path.
 */
export function runLogged(command, args, { logFile, env } = {}) {
  const fd = openSync(logFile, 'a');
  try {
    const result = spawnSync(command, args, { stdio: ['ignore', fd, fd], env: env ?? process.env });
    if (result.error) throw new StackError(`${command} could not run: ${result.error.message}`);
    if (result.status !== 0) {
      throw new StackError(
        `\`${[command, ...args].join(' ')}\` failed (exit ${result.status}); see ${logFile}`,
      );
    }
  } finally {
    closeSync(fd);
  }
}

/** Polls `probe` until it returns true or `timeoutMs` passes. */
export async function waitUntil(probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return probe();
}

/** Loads a package installed for packages/shared (pg, the AWS SDK) without a root dependency. */
export function requireFromShared(name) {
  const require = createRequire(join(ROOT, 'packages/shared/package.json'));
  try {
    return require(name);
  } catch {
    throw new StackError(`Cannot load "${name}": run \`pnpm install\` first.`);
  }
}
