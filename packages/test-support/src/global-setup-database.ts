// Vitest global setup: builds (or reuses) a migrated template database once per run; each test
// file then clones it in milliseconds with `createTestDatabase()` from ./database.ts.
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate, readMigrations } from '../../shared/src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Name of the migrated template database test files clone. */
    databaseTemplate: string;
  }
}

export const TEMPLATE_PREFIX = 'ie_tpl_';

/** Serializes template builds of parallel runs (and engineers) on the same server. */
const TEMPLATE_LOCK_KEY = 7_316_274_402;

/**
 * Another run may still hand an older template's name to its test files for as long as it
 * runs (a CI run on a clean clone beside a session that has added a migration, say): a template
 * is dropped only once no run has started with it for a day.
 */
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

export function testDatabaseAdminUrl(): string {
  return process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Named after the migrations' contents, so editing or adding one builds a new template. */
export async function templateName(directory?: string): Promise<string> {
  const hash = createHash('sha256');
  for (const migration of await readMigrations(directory)) {
    hash.update(`${migration.fileName}\0${migration.checksum}\0`);
  }
  return `${TEMPLATE_PREFIX}${hash.digest('hex').slice(0, 12)}`;
}

/**
 * Migrates under a temporary name and renames at the end, so a run that dies half-way never
 * leaves a template that looks finished. Connections are then disallowed: one stray session
 * on a template makes every CREATE DATABASE … TEMPLATE fail. Its comment records when a run last
 * started with it (`markUsed`), for `dropStaleTemplates`.
 */
async function buildTemplate(
  admin: pg.Client,
  { adminUrl, name, directory }: { adminUrl: string; name: string; directory?: string },
): Promise<void> {
  const building = pg.escapeIdentifier(`${name}_build`);
  await admin.query(`drop database if exists ${building} with (force)`);
  await admin.query(`create database ${building}`);
  const client = new pg.Client({ connectionString: databaseUrl(adminUrl, `${name}_build`) });
  await client.connect();
  try {
    await migrate(client, directory === undefined ? {} : { directory });
  } finally {
    await client.end();
  }
  const template = pg.escapeIdentifier(name);
  await admin.query(`alter database ${building} rename to ${template}`);
  await admin.query(`alter database ${template} with is_template true allow_connections false`);
}

async function markUsed(admin: pg.Client, name: string): Promise<void> {
  const template = pg.escapeIdentifier(name);
  await admin.query(
    `comment on database ${template} is ${pg.escapeLiteral(new Date().toISOString())}`,
  );
}

interface TemplateCandidate {
  datname: string;
  /** Left behind by an interrupted DROP DATABASE: it can only be dropped (ALTER is fatal). */
  invalid: boolean;
  lastUsed: string | null;
}

/** Put back as a template if the drop failed before touching it (e.g. it was being cloned). */
async function dropTemplate(
  admin: pg.Client,
  { datname, invalid }: TemplateCandidate,
): Promise<void> {
  const database = pg.escapeIdentifier(datname);
  if (!invalid) await admin.query(`alter database ${database} with is_template false`);
  try {
    await admin.query(`drop database ${database}`);
  } catch (error) {
    const still = await admin.query<{ invalid: boolean }>(
      'select datconnlimit = -2 as invalid from pg_database where datname = $1',
      [datname],
    );
    if (still.rows[0]?.invalid === false) {
      await admin.query(`alter database ${database} with is_template true`);
    }
    throw error;
  }
}

/**
 * Drops templates other than `keep` no run has used for a day (or never finished), under the
 * build lock so two runs never drop the same one. One being cloned right now holds a lock: the
 * drop gives up after two seconds and keeps it.
 */
export async function dropStaleTemplates(
  admin: pg.Client,
  { keep, prefix = TEMPLATE_PREFIX }: { keep: string; prefix?: string },
): Promise<string[]> {
  const dropped: string[] = [];
  await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
  try {
    await admin.query(`set lock_timeout = '2s'`);
    const candidates = await admin.query<TemplateCandidate>(
      `select datname, datconnlimit = -2 as invalid, shobj_description(oid, 'pg_database') as "lastUsed"
       from pg_database where starts_with(datname, $1) and datname <> $2`,
      [prefix, keep],
    );
    for (const candidate of candidates.rows) {
      const lastUsed = candidate.lastUsed === null ? Number.NaN : Date.parse(candidate.lastUsed);
      if (Date.now() - lastUsed < STALE_AFTER_MS) continue;
      try {
        await dropTemplate(admin, candidate);
        dropped.push(candidate.datname);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        process.stderr.write(`kept stale template ${candidate.datname}: ${reason}\n`);
      }
    }
  } finally {
    await admin.query(`reset lock_timeout`);
    await admin.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]);
  }
  return dropped;
}

export interface EnsureTemplateOptions {
  adminUrl: string;
  /** The sql folder; the repository's by default. */
  directory?: string;
  dropStale?: boolean;
}

/** Returns the name of a template migrated with `directory`'s files, building it if missing. */
export async function ensureTemplate(options: EnsureTemplateOptions): Promise<string> {
  const name = await templateName(options.directory);
  const admin = new pg.Client({ connectionString: options.adminUrl });
  await admin.connect();
  try {
    // Session lock: released by the server even if this process dies mid-build.
    await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
    const existing = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (existing.rows.length === 0) await buildTemplate(admin, { ...options, name });
    await markUsed(admin, name);
    if (options.dropStale ?? true) await dropStaleTemplates(admin, { keep: name });
    return name;
  } finally {
    await admin.end();
  }
}

export default async function setup(project: TestProject): Promise<void> {
  project.provide('databaseTemplate', await ensureTemplate({ adminUrl: testDatabaseAdminUrl() }));
}
