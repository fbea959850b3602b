// `pnpm db:migrate`: creates the database named by DATABASE_URL when missing, applies the
// pending migrations from the repository's sql/ folder and prints what it did.
import { migrateDatabase } from './migrate-database.js';

try {
  const { database, created, applied } = await migrateDatabase(process.env.DATABASE_URL);
  if (created) process.stdout.write(`created database ${database}\n`);
  for (const migration of applied) process.stdout.write(`applied ${migration.fileName}\n`);
  if (applied.length === 0) process.stdout.write(`database ${database} is up to date\n`);
} catch (error) {
  process.stderr.write(
    `db:migrate failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
}
