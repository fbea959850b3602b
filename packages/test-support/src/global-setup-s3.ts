import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { createTestS3Client, testS3Settings } from './s3.ts';

const S3_SERVER_SCRIPT = fileURLToPath(new URL('../../../scripts/s3-server.mjs', import.meta.url));
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const START_TIMEOUT_MS = 15_000;

/** True when anything answers HTTP at `endpoint` (any status: S3 answers `/` with 403 or 200). */
function answersHttp(endpoint: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = request(endpoint, { method: 'HEAD', timeout: 1_000 }, (response) => {
      response.resume();
      resolve(true);
    });
    probe.on('timeout', () => probe.destroy(new Error('timeout')));
    probe.on('error', () => resolve(false));
    probe.end();
  });
}

/** Resolves with the URL the server prints once it listens; rejects with its stderr otherwise. */
function waitForListening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`S3 server did not start within ${START_TIMEOUT_MS} ms: ${stderr}`));
    }, START_TIMEOUT_MS);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`S3 server exited with code ${code} before listening: ${stderr}`));
    });
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(killer);
}

function notUsable(endpoint: string, bucket: string, step: string, error: unknown): Error {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return new Error(
    `Something answers at ${endpoint} but ${step} bucket "${bucket}" failed there ` +
      `(${(error as Error).name}, HTTP ${status ?? 'none'}). Is it an S3 server, and are ` +
      'TEST_S3_ACCESS_KEY_ID / TEST_S3_SECRET_ACCESS_KEY right for it?',
    { cause: error },
  );
}

async function ensureBucket(client: S3Client, endpoint: string, bucket: string): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return;
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status !== 404) throw notUsable(endpoint, bucket, 'checking', error);
  }
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    // A parallel test run may have created it between our check and our create.
    if ((error as Error).name !== 'BucketAlreadyOwnedByYou') {
      throw notUsable(endpoint, bucket, 'creating', error);
    }
  }
}

/**
 * Makes sure an S3 server answers for the tests and that the test bucket exists. When nothing
 * answers at the configured loopback endpoint, starts `scripts/s3-server.mjs` on a free port for
 * this run only (a fixed port would be shared with, and killed under, a parallel run) and
 * points the test workers at it through TEST_S3_ENDPOINT.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const settings = testS3Settings();
  let child: ChildProcess | undefined;
  if (!(await answersHttp(settings.endpoint))) {
    const { hostname } = new URL(settings.endpoint);
    if (!LOOPBACK_HOSTS.has(hostname)) {
      throw new Error(
        `Nothing answers at TEST_S3_ENDPOINT=${settings.endpoint}, and it is not on this ` +
          'machine, so no server can be started for it. Start it, or unset TEST_S3_ENDPOINT.',
      );
    }
    child = spawn(process.execPath, [S3_SERVER_SCRIPT, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    settings.endpoint = await waitForListening(child);
    process.env.TEST_S3_ENDPOINT = settings.endpoint;
  }
  const client = createTestS3Client(settings);
  try {
    await ensureBucket(client, settings.endpoint, settings.bucket);
  } catch (error) {
    if (child) await stopServer(child);
    throw error;
  } finally {
    client.destroy();
  }
  return async () => {
    if (child) await stopServer(child);
  };
}
