// The S3 server for the stack: reuse one that answers, else start scripts/s3-server.mjs (fauxqs,
// in memory) detached, and make sure the bucket exists.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import {
  isLoopback,
  ROOT,
  requireFromShared,
  STACK_DIR,
  StackError,
  waitUntil,
} from './context.mjs';
import { isOurs, readPid, recorded, removePid, stopPid, writePid } from './processes.mjs';

const SERVER_SCRIPT = join(ROOT, 'scripts', 's3-server.mjs');

export function s3Target(settings) {
  const url = new URL(settings.endpoint);
  if (url.protocol !== 'http:') {
    throw new StackError(
      `S3_ENDPOINT must be an http:// URL to be managed here, got "${settings.endpoint}"`,
    );
  }
  return { ...settings, host: url.hostname, port: Number(url.port || 80) };
}

/** The HTTP status of `method path` without credentials, or undefined when nothing answers. */
function anonymousStatus(target, method, path) {
  return new Promise((resolve) => {
    const probe = request(
      new URL(path, target.endpoint),
      { method, timeout: 1_000 },
      (response) => {
        response.resume();
        resolve(response.statusCode);
      },
    );
    probe.on('timeout', () => probe.destroy(new Error('timeout')));
    probe.on('error', () => resolve(undefined));
    probe.end();
  });
}

export async function probeS3(target) {
  return (await anonymousStatus(target, 'GET', '/')) === undefined ? 'down' : 'up';
}

export async function startS3(target, output) {
  if (!isLoopback(target.host)) {
    throw new StackError(`S3 at ${target.endpoint} does not answer and is not on this machine.`);
  }
  const name = `s3-${target.port}`;
  const log = openSync(join(STACK_DIR, `${name}.log`), 'a');
  const child = spawn(process.execPath, [SERVER_SCRIPT, '--port', String(target.port)], {
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  child.unref();
  writePid(name, child.pid);
  if (!(await waitUntil(async () => (await probeS3(target)) === 'up', 15_000))) {
    throw new StackError(
      `The S3 server did not answer on port ${target.port}; see .stack/${name}.log`,
    );
  }
  output.info(
    `s3: started fauxqs (in memory) on ${target.endpoint}, pid ${child.pid}, log .stack/${name}.log`,
  );
}

async function createBucketSigned(target) {
  const { S3Client, CreateBucketCommand, HeadBucketCommand } =
    requireFromShared('@aws-sdk/client-s3');
  const client = new S3Client({
    endpoint: target.endpoint,
    region: target.region,
    forcePathStyle: true,
    credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
  });
  try {
    await client.send(new HeadBucketCommand({ Bucket: target.bucket }));
    return false;
  } catch (error) {
    if (error.$metadata?.httpStatusCode !== 404) {
      throw new StackError(
        `Cannot check bucket "${target.bucket}" at ${target.endpoint}: ${error.name}`,
      );
    }
    await client.send(new CreateBucketCommand({ Bucket: target.bucket }));
    return true;
  } finally {
    client.destroy();
  }
}

/**
 * Creates the bucket when missing; true when it did. fauxqs answers unsigned requests, which
 * is fast; a server that checks credentials (MinIO) answers 403, and then we sign with the SDK.
 */
export async function ensureBucket(target) {
  const path = `/${encodeURIComponent(target.bucket)}`;
  const status = await anonymousStatus(target, 'HEAD', path);
  if (status === 200) return false;
  if (status === 404) {
    const created = await anonymousStatus(target, 'PUT', path);
    if (created === 200) return true;
  }
  return createBucketSigned(target);
}

/** Stops every S3 server stack:up started; true when there was one. */
export async function stopS3(output) {
  let stopped = false;
  for (const name of recorded('s3')) {
    const pid = readPid(name);
    if (pid !== undefined && isOurs(pid, 's3-server.mjs')) {
      await stopPid(pid);
      output.info(`s3: stopped ${name} (pid ${pid}); its objects were in memory and are gone`);
      stopped = true;
    }
    removePid(name);
  }
  return stopped;
}
