// Pid files for what stack:up started, so stack:down stops exactly that and nothing else.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STACK_DIR } from './context.mjs';

/**
 * Names of the servers of one kind stack:up started and recorded (`redis-6379`, `s3-9000`…):
 * one record per port, so stacks on other ports never overwrite each other's.
 */
export function recorded(kind) {
  if (!existsSync(STACK_DIR)) return [];
  const pattern = new RegExp(`^(${kind}-\\d+)\\.(pid|json)$`);
  return readdirSync(STACK_DIR).flatMap((file) => {
    const match = pattern.exec(file);
    return match?.[1] ? [match[1]] : [];
  });
}

export function pidFile(name) {
  return join(STACK_DIR, `${name}.pid`);
}

export function readPid(name) {
  const file = pidFile(name);
  if (!existsSync(file)) return undefined;
  const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function writePid(name, pid) {
  writeFileSync(pidFile(name), `${pid}\n`);
}

export function removePid(name) {
  rmSync(pidFile(name), { force: true });
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** The process's command line, to make sure a recycled pid is not someone else's process. */
function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return undefined;
  }
}

/** True when `pid` runs and, where /proc can tell, its command line contains `marker`. */
export function isOurs(pid, marker) {
  if (!isAlive(pid)) return false;
  const line = commandLine(pid);
  return line === undefined || line.includes(marker);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopPid(pid, graceMs = 10_000) {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

/** A small JSON note of what was started, for servers whose pid file belongs to someone else. */
export function writeNote(name, note) {
  writeFileSync(join(STACK_DIR, `${name}.json`), `${JSON.stringify(note)}\n`);
}

export function readNote(name) {
  const file = join(STACK_DIR, `${name}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

export function removeNote(name) {
  rmSync(join(STACK_DIR, `${name}.json`), { force: true });
}
