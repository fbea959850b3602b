import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@invoice-extractor/test-support/database';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MIGRATIONS_DIRECTORY, migrate, readMigrations } from '../../src/db/migrate.js';
import { migrateDatabase } from '../../src/db/migrate-database.js';

const TABLES = [
  'companies',
  'dispatch_turns',
  'extraction_events',
  'extraction_exports',
  'extraction_invoices',
  'extractions',
  'invoice_files',
  'invoices',
  'reconciler_state',
  'schema_migrations',
  'upstream_calls',
  'webhook_inbox',
  'xml_budget_days',
];

describe('migrate', () => {
  let database: TestDatabase;
  let clients: pg.Client[];

  async function connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    clients.push(client);
    return client;
  }

  async function ledger(client: pg.Client) {
    const result = await client.query<{ version: number; checksum: string; applied_at: Date }>(
      'select version, checksum, applied_at from schema_migrations order by version',
    );
    return result.rows;
  }

  beforeEach(async () => {
    clients = [];
    database = await createTestDatabase({ empty: true });
  });

  afterEach(async () => {
    await Promise.all(clients.map((client) => client.end()));
    await database.drop();
  });

  it('applies every migration to a fresh database and records each in the ledger', async () => {
    const files = await readMigrations();
    const client = await connect();

    const applied = await migrate(client);

    expect(applied.map((migration) => migration.fileName)).toEqual(
      files.map((file) => file.fileName),
    );
    const tables = await client.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    expect(tables.rows.map((row) => row.table_name)).toEqual(TABLES);
    expect((await ledger(client)).map((row) => [row.version, row.checksum])).toEqual(
      files.map((file) => [file.version, file.checksum]),
    );
  });

  it('changes nothing when applied again', async () => {
    const client = await connect();
    await migrate(client);
    const before = await ledger(client);

    const applied = await migrate(client);

    expect(applied).toEqual([]);
    expect(await ledger(client)).toEqual(before);
  });

  it('applies each file once when two runners start at the same time', async () => {
    const files = await readMigrations();
    const [first, second] = [await connect(), await connect()];

    const [a, b] = await Promise.all([migrate(first), migrate(second)]);

    expect(a.length + b.length).toBe(files.length);
    expect((await ledger(first)).map((row) => row.version)).toEqual(files.map((f) => f.version));
  });
});

describe('migrate with a copied sql folder', () => {
  let database: TestDatabase;
  let client: pg.Client;
  let directory: string;

  beforeEach(async () => {
    database = await createTestDatabase({ empty: true });
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    directory = await mkdtemp(join(tmpdir(), 'ie-sql-'));
    await cp(DEFAULT_MIGRATIONS_DIRECTORY, directory, { recursive: true });
  });

  afterEach(async () => {
    await client.end();
    await database.drop();
    await rm(directory, { recursive: true, force: true });
  });

  it('refuses, applying nothing, when an applied file was edited', async () => {
    await migrate(client, { directory });
    const first = (await readMigrations(directory))[0];
    if (!first) throw new Error('no migrations found');
    await writeFile(join(directory, first.fileName), `${first.sql}\n-- edited\n`);
    await writeFile(join(directory, '0900_later.sql'), 'create table later (id int);');

    await expect(migrate(client, { directory })).rejects.toThrow(
      new RegExp(`Applied migration ${first.fileName} has changed since it was applied`),
    );
    const later = await client.query(`select to_regclass('later') as found`);
    expect(later.rows[0].found).toBeNull();
  });

  it('rolls a failing file back whole and names it', async () => {
    await writeFile(
      join(directory, '0900_broken.sql'),
      'create table half_done (id int);\nselect * from no_such_table;',
    );

    await expect(migrate(client, { directory })).rejects.toThrow(
      /Migration 0900_broken\.sql failed and was rolled back: relation "no_such_table" does not exist/,
    );
    const state = await client.query(
      `select to_regclass('half_done') as half, to_regclass('companies') as companies,
              (select max(version) from schema_migrations) as latest`,
    );
    expect(state.rows[0]).toMatchObject({ half: null, companies: 'companies' });
    expect(state.rows[0].latest).toBeLessThan(900);
  });

  it('refuses a file that is not named NNNN_name.sql', async () => {
    await writeFile(join(directory, '7_oops.sql'), 'select 1;');

    await expect(migrate(client, { directory })).rejects.toThrow(
      /7_oops\.sql .* is not named NNNN_lower_snake_name\.sql/,
    );
    const ledger = await client.query(`select to_regclass('schema_migrations') as found`);
    expect(ledger.rows[0].found).toBeNull();
  });

  it('refuses a new file numbered before one already applied', async () => {
    await migrate(client, { directory });
    await writeFile(join(directory, '0000_too_early.sql'), 'create table too_early (id int);');

    await expect(migrate(client, { directory })).rejects.toThrow(
      /0000_too_early\.sql sorts before the last applied version/,
    );
  });
});

describe('migrateDatabase (pnpm db:migrate)', () => {
  it('creates a missing database, migrates it, and is a no-op the second time', async () => {
    const scratch = await createTestDatabase({ empty: true });
    await scratch.drop();
    try {
      const first = await migrateDatabase(scratch.url);
      const second = await migrateDatabase(scratch.url);

      expect(first.created).toBe(true);
      expect(first.applied.length).toBe((await readMigrations()).length);
      expect(second).toMatchObject({ created: false, applied: [] });
    } finally {
      await scratch.drop();
    }
  });

  it('names the problem when DATABASE_URL is missing or has no database', async () => {
    await expect(migrateDatabase(undefined)).rejects.toThrow(/DATABASE_URL is not set/);
    await expect(migrateDatabase('postgres://postgres@127.0.0.1:5432')).rejects.toThrow(
      /with a database name/,
    );
  });
});
