// Redis for the stack: reuse one that answers, else start redis-server with its data in .stack/.
import { connect } from 'node:net';
import { join } from 'node:path';
import {
  ensureStackDir,
  findExecutable,
  isLoopback,
  runLogged,
  STACK_DIR,
  StackError,
  waitUntil,
} from './context.mjs';
import { isOurs, pidFile, readPid, recorded, removePid, stopPid } from './processes.mjs';

export function redisTarget(url) {
  const parsed = new URL(url);
  if (parsed.protocol !== 'redis:') {
    throw new StackError(`REDIS_URL must start with redis:// to be managed here, got "${url}"`);
  }
  return { host: parsed.hostname || '127.0.0.1', port: Number(parsed.port || 6379) };
}

/**
 * 'up' when a Redis answers PING (even with -NOAUTH), 'down' when nothing listens, 'silent' when
 * the connection times out or fails otherwise, 'other' when something else answers.
 */
export function probeRedis({ host, port }) {
  return new Promise((resolve) => {
    const socket = connect({ host: host.replace(/^\[|\]$/g, ''), port });
    const done = (state) => {
      socket.destroy();
      resolve(state);
    };
    socket.setTimeout(1_000, () => done('silent'));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(/^[+-]/.test(data.toString()) ? 'up' : 'other'));
    socket.once('error', (error) => done(error.code === 'ECONNREFUSED' ? 'down' : 'silent'));
  });
}

export function redisBinary() {
  return findExecutable('redis-server', ['/usr/sbin', '/usr/local/sbin']);
}

export async function startRedis(target, output) {
  if (!isLoopback(target.host)) {
    throw new StackError(
      `Redis at ${target.host}:${target.port} does not answer and is not on this machine.`,
    );
  }
  const binary = redisBinary();
  if (!binary) throw new StackError('redis-server is not installed.');
  const name = `redis-${target.port}`;
  const dir = ensureStackDir(name);
  runLogged(
    binary,
    [
      '--daemonize',
      'yes',
      '--bind',
      '127.0.0.1',
      '--port',
      String(target.port),
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
      '--dir',
      dir,
      '--pidfile',
      pidFile(name),
      '--logfile',
      join(STACK_DIR, `${name}.log`),
    ],
    { logFile: join(STACK_DIR, `${name}.log`) },
  );
  if (!(await waitUntil(async () => (await probeRedis(target)) === 'up', 10_000))) {
    throw new StackError(
      `redis-server did not answer on port ${target.port}; see .stack/${name}.log`,
    );
  }
  output.info(`redis: started ${binary} on 127.0.0.1:${target.port} (data in .stack/${name})`);
}

/** Stops every redis-server stack:up started; true when there was one. */
export async function stopRedis(output) {
  let stopped = false;
  for (const name of recorded('redis')) {
    const pid = readPid(name);
    if (pid !== undefined && isOurs(pid, 'redis-server')) {
      await stopPid(pid);
      output.info(`redis: stopped ${name} (pid ${pid})`);
      stopped = true;
    }
    removePid(name);
  }
  return stopped;
}
