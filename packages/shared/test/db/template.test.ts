import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestDatabase,
  dropStaleTemplates,
  ensureTemplate,
  templateName,
  testDatabaseAdminUrl,
} from '@invoice-extractor/test-support/database';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MIGRATIONS_DIRECTORY, readMigrations } from '../../src/db/migrate.js';

describe('template databases for tests', () => {
  let admin: pg.Client;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: testDatabaseAdminUrl() });
    await admin.connect();
  });

  afterAll(async () => {
    await admin.end();
  });

  async function dropTemplate(name: string): Promise<void> {
    const database = pg.escapeIdentifier(name);
    await admin.query(`alter database ${database} with is_template false`);
    await admin.query(`drop database ${database}`);
  }

  async function databasesLike(prefix: string): Promise<string[]> {
    const result = await admin.query<{ datname: string }>(
      'select datname from pg_database where starts_with(datname, $1) order by 1',
      [prefix],
    );
    return result.rows.map((row) => row.datname);
  }

  it('builds one template when two runs start together, and its clones carry the schema', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'ie-tpl-'));
    await cp(DEFAULT_MIGRATIONS_DIRECTORY, directory, { recursive: true });
    const marker = `-- ${randomBytes(8).toString('hex')}\ncreate table template_marker (id int);\n`;
    await writeFile(join(directory, '0900_template_marker.sql'), marker);
    const expected = await templateName(directory);
    try {
      const options = { adminUrl: testDatabaseAdminUrl(), directory, dropStale: false };
      const names = await Promise.all([ensureTemplate(options), ensureTemplate(options)]);

      expect(names).toEqual([expected, expected]);
      const info = await admin.query(
        `select datistemplate, datallowconn from pg_database where datname = $1`,
        [expected],
      );
      expect(info.rows).toEqual([{ datistemplate: true, datallowconn: false }]);
      expect(await databasesLike(`${expected}_build`)).toEqual([]);
      const clone = await createTestDatabase({ template: expected });
      const client = new pg.Client({ connectionString: clone.url });
      await client.connect();
      try {
        const state = await client.query(
          `select to_regclass('template_marker') as marker,
                  (select count(*)::int from schema_migrations) as migrations`,
        );
        expect(state.rows[0]).toEqual({
          marker: 'template_marker',
          migrations: (await readMigrations(directory)).length,
        });
      } finally {
        await client.end();
        await clone.drop();
      }
    } finally {
      await dropTemplate(expected).catch(() => undefined);
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('drops templates no run used for a day or never finished, and keeps ones still in use', async () => {
    const prefix = `ie_tpl_zz${randomBytes(4).toString('hex')}_`;
    // A long run elsewhere may still clone a template it started with hours ago.
    const lastUsed = {
      old: new Date(Date.now() - 25 * 3_600_000).toISOString(),
      recent: new Date(Date.now() - 3 * 3_600_000).toISOString(),
    };
    for (const suffix of ['old', 'recent', 'unfinished'] as const) {
      const database = pg.escapeIdentifier(`${prefix}${suffix}`);
      await admin.query(`create database ${database} template template0`);
      if (suffix !== 'unfinished') {
        await admin.query(
          `comment on database ${database} is ${pg.escapeLiteral(lastUsed[suffix])}`,
        );
        await admin.query(
          `alter database ${database} with is_template true allow_connections false`,
        );
      }
    }
    try {
      await dropStaleTemplates(admin, { keep: `${prefix}none`, prefix });

      expect(await databasesLike(prefix)).toEqual([`${prefix}recent`]);
    } finally {
      await dropTemplate(`${prefix}recent`);
    }
  });
});
