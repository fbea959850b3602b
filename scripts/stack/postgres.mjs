// PostgreSQL as a client sees it: is it there, does our database exist, are migrations applied.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, requireFromShared, StackError } from './context.mjs';

const MIGRATE_CLI = join(ROOT, 'packages/shared/dist/db/migrate-cli.js');

export function postgresTarget(url) {
  const parsed = new URL(url);
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new StackError(`DATABASE_URL must start with postgres://, got "${parsed.protocol}//…"`);
  }
  const database = decodeURIComponent(parsed.pathname.slice(1));
  if (!database)
    throw new StackError('DATABASE_URL must name a database, e.g. …:5432/invoice_extractor');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  return {
    url,
    adminUrl: admin.toString(),
    host: parsed.hostname || '127.0.0.1',
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username) || 'postgres',
    database,
  };
}

async function connectAdmin(target) {
  const { Client } = requireFromShared('pg');
  const client = new Client({ connectionString: target.adminUrl, connectionTimeoutMillis: 3_000 });
  // Without a listener a server-side disconnect would crash this script instead of failing a query.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    // A failed handshake can leave the socket open; left alone, every probe holds a slot until
    // the server refuses everyone with "too many clients".
    await client.end().catch(() => {});
    throw error;
  }
  return client;
}

const AUTH_FAILURES = new Set(['28P01', '28000']);
const STARTING_UP = new Set(['57P03']);

/** { state: 'up' | 'down' | 'starting' | 'auth' | 'other', error? } */
export async function probePostgres(target) {
  try {
    const client = await connectAdmin(target);
    await client.end();
    return { state: 'up' };
  } catch (error) {
    if (error.code === 'ECONNREFUSED') return { state: 'down' };
    if (STARTING_UP.has(error.code)) return { state: 'starting' };
    // pg rejects a password request itself, without a code, when the URL has no password.
    const noPassword = /password must be a string/.test(error.message ?? '');
    if (AUTH_FAILURES.has(error.code) || noPassword) return { state: 'auth', error };
    return { state: 'other', error };
  }
}

export function authProblem(target, error) {
  return new StackError(
    `PostgreSQL at ${target.host}:${target.port} refused user "${target.user}": ${error.message}.\n` +
      '  Put the password in DATABASE_URL (postgres://user:password@host:port/db), or allow local\n' +
      '  logins without one: add `host all all 127.0.0.1/32 trust` at the top of pg_hba.conf and\n' +
      '  reload PostgreSQL (`pg_ctlcluster <version> main reload`).',
  );
}

function quoteIdentifier(name) {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Creates the database when missing; true when it did. */
export async function ensureDatabase(target) {
  const client = await connectAdmin(target);
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [
      target.database,
    ]);
    if (found.rowCount > 0) return false;
    await client.query(`create database ${quoteIdentifier(target.database)}`);
    return true;
  } catch (error) {
    // A parallel stack:up created it between our check and our create (42P04, or 23505 when
    // both creates ran at the same moment).
    if (error.code === '42P04' || error.code === '23505') return false;
    throw new StackError(`Could not create database "${target.database}": ${error.message}`);
  } finally {
    await client.end();
  }
}

/** Runs the migration CLI when it has been built; returns its report lines. */
export function migrate(target) {
  if (!existsSync(MIGRATE_CLI)) {
    return ['migrations skipped: packages/shared is not built yet (run `pnpm build`)'];
  }
  const result = spawnSync(process.execPath, [MIGRATE_CLI], {
    env: { ...process.env, DATABASE_URL: target.url },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status !== 0) {
    const details = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    throw new StackError(`Migrations failed for ${target.database}:\n${details}`);
  }
  return result.stdout.split('\n').filter(Boolean);
}
