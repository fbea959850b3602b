import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseEnvLines } from '../../scripts/demo/run-command.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Brings the local stack up (reusing what already runs) and returns its settings, the
 * `KEY=value` lines `scripts/stack.mjs up` prints: REDIS_URL, S3_*, DATABASE_URL.
 */
export function stackEnv(): Record<string, string> {
  const stdout = execFileSync(process.execPath, ['scripts/stack.mjs', 'up'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return parseEnvLines(stdout);
}
