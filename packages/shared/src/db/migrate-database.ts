import pg from 'pg';
import { type MigrationFile, migrate } from './migrate.js';

const DUPLICATE_DATABASE = '42P04';

export interface MigrateDatabaseResult {
  database: string;
  created: boolean;
  applied: MigrationFile[];
}

function parseDatabaseUrl(raw: string | undefined): URL {
  if (!raw)
    throw new Error('DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/invoices)');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(
      'DATABASE_URL is not a valid URL (expected postgres://user@host:port/database)',
    );
  }
  if (!/^postgres(ql)?:$/.test(url.protocol) || url.pathname.length <= 1) {
    throw new Error(
      'DATABASE_URL must be postgres://user@host:port/database, with a database name',
    );
  }
  return url;
}

/** Creates the database through the server's `postgres` database; false if it already existed. */
async function ensureDatabase(url: URL, database: string): Promise<boolean> {
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rows.length > 0) return false;
    await admin.query(`create database ${pg.escapeIdentifier(database)}`);
    return true;
  } catch (error) {
    // Another migrator created it between our check and our CREATE.
    if ((error as { code?: unknown }).code === DUPLICATE_DATABASE) return false;
    throw error;
  } finally {
    await admin.end();
  }
}

/** What `pnpm db:migrate` does: create the database named by the URL if missing, then migrate. */
export async function migrateDatabase(
  databaseUrl: string | undefined,
  options: { directory?: string } = {},
): Promise<MigrateDatabaseResult> {
  const url = parseDatabaseUrl(databaseUrl);
  const database = decodeURIComponent(url.pathname.slice(1));
  const created = await ensureDatabase(url, database);
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return { database, created, applied: await migrate(client, options) };
  } finally {
    await client.end();
  }
}
