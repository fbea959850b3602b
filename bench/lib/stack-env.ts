import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
  const env: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] && match[2] !== undefined) env[match[1]] = match[2];
  }
  return env;
}
