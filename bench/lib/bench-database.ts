import { randomBytes } from 'node:crypto';
import { migrateDatabase } from '@invoice-extractor/shared/db';
import pg from 'pg';

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Where `create database` / `drop database` are sent; the stack's server by default. */
function adminUrl(): string {
  return process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

function urlFor(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A fresh database per scenario, migrated with the project's own runner: the server is shared
 * with the tests and other runs, so the benchmark only ever drops what it created.
 */
export async function createBenchDatabase(label: string): Promise<BenchDatabase> {
  const name = `ie_bench_${label}_${randomBytes(4).toString('hex')}`;
  const url = urlFor(name);
  await migrateDatabase(url);
  return {
    name,
    url,
    drop: async () => {
      const admin = new pg.Client({ connectionString: adminUrl() });
      await admin.connect();
      try {
        await admin.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}
