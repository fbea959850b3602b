#!/usr/bin/env node
// `pnpm stack:up` / `pnpm stack:down`: Redis, PostgreSQL and an S3 server on loopback for the
// tests and the demo. Reuses servers that already answer, starts installed ones with their data
// in .stack/, installs missing ones on Debian when root, and prints the URLs as KEY=value lines
// (stdout; status goes to stderr) so that `pnpm -s stack:up > .env` works. Safe to run twice;
// `down` stops only what `up` started.
import { parseArgs } from 'node:util';
import { createOutput, isLoopback, StackError, waitUntil } from './stack/context.mjs';
import { installServers } from './stack/install.mjs';
import { withLock } from './stack/lock.mjs';
import {
  authProblem,
  ensureDatabase,
  migrate,
  postgresTarget,
  probePostgres,
} from './stack/postgres.mjs';
import {
  postgresInstalled,
  startPostgres,
  stopPostgres,
  trustLoopback,
} from './stack/postgres-server.mjs';
import { probeRedis, redisBinary, redisTarget, startRedis, stopRedis } from './stack/redis.mjs';
import { ensureBucket, probeS3, s3Target, startS3, stopS3 } from './stack/s3.mjs';

const USAGE = 'usage: node scripts/stack.mjs up|down [--quiet]';

function readSettings(env) {
  return {
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    databaseUrl: env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/invoice_extractor',
    s3: {
      endpoint: env.S3_ENDPOINT || 'http://127.0.0.1:9000',
      region: env.S3_REGION || 'us-east-1',
      bucket: env.S3_BUCKET || 'invoices',
      // fauxqs takes any key; these are .env.example's and docker-compose.yml's (MinIO's).
      accessKeyId: env.S3_ACCESS_KEY_ID || 'local-access-key',
      secretAccessKey: env.S3_SECRET_ACCESS_KEY || 'local-secret-key',
    },
  };
}

async function probeAll(targets) {
  const [redis, postgres, s3] = await Promise.all([
    probeRedis(targets.redis),
    probePostgres(targets.postgres),
    probeS3(targets.s3),
  ]);
  return { redis, postgres, s3 };
}

function somethingDown(states) {
  return states.redis === 'down' || states.postgres.state === 'down' || states.s3 === 'down';
}

function missingBinaries(targets, states) {
  const missing = [];
  if (states.redis === 'down' && isLoopback(targets.redis.host) && !redisBinary())
    missing.push('redis');
  const pgDown = states.postgres.state === 'down' && isLoopback(targets.postgres.host);
  if (pgDown && !postgresInstalled()) missing.push('postgres');
  return missing;
}

async function startPostgresAnswering(target, installedNow, output) {
  const cluster = startPostgres(target, output);
  const answers = async () => ['up', 'auth'].includes((await probePostgres(target)).state);
  if (!(await waitUntil(answers, 30_000))) {
    throw new StackError(
      `PostgreSQL did not answer on port ${target.port}; see .stack/postgres-ctl.log`,
    );
  }
  // A cluster apt-get just created asks loopback logins for a password the URL does not have.
  const state = (await probePostgres(target)).state;
  if (cluster && installedNow && state === 'auth' && trustLoopback(cluster)) {
    output.info(
      `postgres: allowed passwordless logins on loopback in the new ${cluster.version}/${cluster.name} cluster`,
    );
  }
}

async function startMissing(targets, states, output) {
  const missing = missingBinaries(targets, states);
  installServers(missing, output);
  if (states.redis === 'down') await startRedis(targets.redis, output);
  if (states.postgres.state === 'down') {
    await startPostgresAnswering(targets.postgres, missing.includes('postgres'), output);
  }
  if (states.s3 === 'down') await startS3(targets.s3, output);
}

function checkAnswering(targets, states, output) {
  if (states.redis === 'silent') {
    throw new StackError(
      `Redis at ${targets.redis.host}:${targets.redis.port} does not answer (timed out or unreachable).`,
    );
  }
  if (states.redis === 'other') {
    throw new StackError(
      `Something answers on ${targets.redis.host}:${targets.redis.port}, but not as Redis.`,
    );
  }
  if (states.postgres.state === 'other') {
    throw new StackError(
      `PostgreSQL at ${targets.postgres.host}:${targets.postgres.port}: ${states.postgres.error.message}`,
    );
  }
  if (states.redis === 'up')
    output.info(`redis: reusing ${targets.redis.host}:${targets.redis.port}`);
  if (states.postgres.state === 'up')
    output.info(`postgres: reusing ${targets.postgres.host}:${targets.postgres.port}`);
  if (states.s3 === 'up') output.info(`s3: reusing ${targets.s3.endpoint}`);
}

async function prepareContents(targets, output) {
  const pg = await probePostgres(targets.postgres);
  if (pg.state === 'auth') throw authProblem(targets.postgres, pg.error);
  if (await ensureDatabase(targets.postgres))
    output.info(`postgres: created database ${targets.postgres.database}`);
  for (const line of migrate(targets.postgres)) output.info(`postgres: ${line}`);
  if (await ensureBucket(targets.s3)) output.info(`s3: created bucket ${targets.s3.bucket}`);
}

function printEnv(settings) {
  const lines = [
    `DATABASE_URL=${settings.databaseUrl}`,
    `REDIS_URL=${settings.redisUrl}`,
    `S3_ENDPOINT=${settings.s3.endpoint}`,
    `S3_REGION=${settings.s3.region}`,
    `S3_BUCKET=${settings.s3.bucket}`,
    `S3_ACCESS_KEY_ID=${settings.s3.accessKeyId}`,
    `S3_SECRET_ACCESS_KEY=${settings.s3.secretAccessKey}`,
    'S3_FORCE_PATH_STYLE=true',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function up(output) {
  const settings = readSettings(process.env);
  const targets = {
    redis: redisTarget(settings.redisUrl),
    postgres: postgresTarget(settings.databaseUrl),
    s3: s3Target(settings.s3),
  };
  let states = await probeAll(targets);
  checkAnswering(targets, states, output);
  if (somethingDown(states)) {
    await withLock(output, async () => {
      // Another stack:up may have started some of them while we waited for the lock.
      states = await probeAll(targets);
      await startMissing(targets, states, output);
    });
  }
  await prepareContents(targets, output);
  if (!output.quiet) printEnv(settings);
}

async function down(output) {
  await withLock(output, async () => {
    const stopped = [await stopS3(output), await stopRedis(output), stopPostgres(output)];
    if (!stopped.some(Boolean)) output.info('stack:down: nothing that stack:up started is running');
  });
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { quiet: { type: 'boolean', default: false } },
    });
  } catch (error) {
    throw new StackError(`${error.message}\n${USAGE}`);
  }
  const { positionals, values } = parsed;
  const [command] = positionals;
  if (positionals.length !== 1 || (command !== 'up' && command !== 'down')) {
    throw new StackError(USAGE);
  }
  const output = createOutput(values.quiet);
  await (command === 'up' ? up(output) : down(output));
}

main().catch((error) => {
  const message = error instanceof StackError ? error.message : (error?.stack ?? String(error));
  process.stderr.write(`stack: ${message}\n`);
  process.exit(1);
});
