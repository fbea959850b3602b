import { createWriteStream, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, type Logger } from '@invoice-extractor/shared/logger';

const LOG_DIR = fileURLToPath(new URL('../../.stack/logs/e2e/', import.meta.url));
const KEEP_LOGS_MS = 24 * 60 * 60 * 1000;

export interface SystemLogger {
  logger: Logger;
  file: string;
  close(): Promise<void>;
}

/** Logs of earlier runs are kept a day: long enough to read a failure, not forever. */
function pruneOldLogs(): void {
  for (const name of readdirSync(LOG_DIR)) {
    const file = join(LOG_DIR, name);
    // A test file running beside this one may be pruning the same logs.
    const modified = statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
    if (Date.now() - modified > KEEP_LOGS_MS) rmSync(file, { force: true });
  }
}

/**
 * Every in-process service logs to one file per system (`.stack/logs/e2e/<label>-….log`), so
 * a failing run can be read afterwards without flooding the test output. `E2E_LOG_LEVEL` sets
 * the level (default info).
 */
export function createSystemLogger(label: string): SystemLogger {
  mkdirSync(LOG_DIR, { recursive: true });
  pruneOldLogs();
  const file = join(LOG_DIR, `${label}-${Date.now().toString(36)}.log`);
  const destination = createWriteStream(file);
  const logger = createLogger({
    level: process.env.E2E_LOG_LEVEL ?? 'info',
    name: label,
    destination,
  });
  return {
    logger,
    file,
    close: () => new Promise((resolve) => destination.end(resolve)),
  };
}
