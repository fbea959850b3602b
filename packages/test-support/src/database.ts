import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { databaseUrl, testDatabaseAdminUrl } from './global-setup-database.js';

export {
  databaseUrl,
  dropStaleTemplates,
  ensureTemplate,
  templateName,
  testDatabaseAdminUrl,
} from './global-setup-database.js';

export interface TestDatabase {
  name: string;
  url: string;
  /** Drops the database, closing any connection a test left open. */
  drop(): Promise<void>;
}

async function withAdmin<T>(fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: testDatabaseAdminUrl() });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

export interface CreateTestDatabaseOptions {
  /** No tables at all, e.g. to test the migrations themselves. */
  empty?: boolean;
  /** Clone this template instead of the one the global setup built. */
  template?: string;
}

/**
 * A database of its own for one test file, cloned from the migrated template the global setup
 * built. Call in beforeAll and `drop()` in afterAll.
 */
export async function createTestDatabase(
  options: CreateTestDatabaseOptions = {},
): Promise<TestDatabase> {
  const template = options.empty ? 'template0' : (options.template ?? inject('databaseTemplate'));
  if (!template) {
    throw new Error(
      'No databaseTemplate was provided: add packages/test-support/src/global-setup-database.ts to globalSetup',
    );
  }
  const name = `ie_test_${randomBytes(6).toString('hex')}`;
  const database = pg.escapeIdentifier(name);
  await withAdmin((admin) =>
    admin.query(`create database ${database} template ${pg.escapeIdentifier(template)}`),
  );
  return {
    name,
    url: databaseUrl(testDatabaseAdminUrl(), name),
    drop: () =>
      withAdmin((admin) => admin.query(`drop database if exists ${database} with (force)`)).then(
        () => undefined,
      ),
  };
}
