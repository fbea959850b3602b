import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientBase } from 'pg';
import { AppError } from '../errors/index.js';

/** The repository's top-level `sql/`: four levels up from both `src/db` and `dist/db`. */
export const DEFAULT_MIGRATIONS_DIRECTORY = fileURLToPath(
  new URL('../../../../sql/', import.meta.url),
);

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/**
 * Every runner on a database takes this session lock first, so two processes starting at once
 * apply each file exactly once. Advisory locks are scoped to the current database.
 */
const MIGRATION_LOCK_KEY = 7_316_274_401;

export interface MigrationFile {
  version: number;
  name: string;
  fileName: string;
  sql: string;
  checksum: string;
}

export interface MigrateOptions {
  directory?: string;
}

interface LedgerRow {
  version: number;
  name: string;
  checksum: string;
}

function migrationError(message: string): AppError {
  return new AppError(message, { code: 'MIGRATION_REFUSED', retryable: false });
}

/** Reads and validates `NNNN_name.sql` files in version order. */
export async function readMigrations(
  directory = DEFAULT_MIGRATIONS_DIRECTORY,
): Promise<MigrationFile[]> {
  const entries = (await readdir(directory)).filter((entry) => entry.endsWith('.sql')).sort();
  const migrations: MigrationFile[] = [];
  for (const fileName of entries) {
    const match = FILE_NAME.exec(fileName);
    if (!match?.[1] || !match[2]) {
      throw migrationError(
        `Migration file ${fileName} in ${directory} is not named NNNN_lower_snake_name.sql`,
      );
    }
    const version = Number(match[1]);
    if (migrations.some((existing) => existing.version === version)) {
      throw migrationError(`Two migration files in ${directory} share version ${match[1]}`);
    }
    const sql = await readFile(join(directory, fileName), 'utf8');
    const checksum = createHash('sha256').update(sql).digest('hex');
    migrations.push({ version, name: match[2], fileName, sql, checksum });
  }
  return migrations;
}

/**
 * Applies the pending migrations on `client`, one transaction per file, and returns the files it
 * applied (none when the database is up to date). Refuses, before applying anything, when an
 * applied file was edited, renamed or removed, or when a new file sorts before an applied one.
 */
export async function migrate(
  client: ClientBase,
  options: MigrateOptions = {},
): Promise<MigrationFile[]> {
  const migrations = await readMigrations(options.directory);
  await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    await client.query(`
      create table if not exists schema_migrations (
        version integer primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`);
    const ledger = await client.query<LedgerRow>(
      'select version, name, checksum from schema_migrations order by version',
    );
    const pending = pendingMigrations(migrations, ledger.rows);
    for (const migration of pending) await applyMigration(client, migration);
    return pending;
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  }
}

function pendingMigrations(migrations: MigrationFile[], applied: LedgerRow[]): MigrationFile[] {
  const byVersion = new Map(migrations.map((migration) => [migration.version, migration]));
  for (const row of applied) {
    const file = byVersion.get(row.version);
    const label = `${String(row.version).padStart(4, '0')}_${row.name}.sql`;
    if (!file) throw migrationError(`Applied migration ${label} is missing from the sql folder`);
    if (file.name !== row.name || file.checksum !== row.checksum) {
      throw migrationError(
        `Applied migration ${label} has changed since it was applied (now ${file.fileName}, ` +
          `checksum ${file.checksum.slice(0, 12)} instead of ${row.checksum.slice(0, 12)}); ` +
          'migrations are append-only: restore the file and add a new one',
      );
    }
  }
  const appliedVersions = new Set(applied.map((row) => row.version));
  const latest = applied.at(-1)?.version ?? 0;
  const pending = migrations.filter((migration) => !appliedVersions.has(migration.version));
  const early = pending.find((migration) => migration.version < latest);
  if (early) {
    throw migrationError(
      `Migration ${early.fileName} sorts before the last applied version ${latest}; ` +
        'renumber it after the applied ones',
    );
  }
  return pending;
}

async function applyMigration(client: ClientBase, migration: MigrationFile): Promise<void> {
  await client.query('begin');
  try {
    await client.query(migration.sql);
    await client.query(
      'insert into schema_migrations (version, name, checksum) values ($1, $2, $3)',
      [migration.version, migration.name, migration.checksum],
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError(`Migration ${migration.fileName} failed and was rolled back: ${reason}`, {
      code: 'MIGRATION_FAILED',
      retryable: false,
      cause: error,
    });
  }
}
