// `pnpm chaos [--short|--long] [--no-<chaos>…]`: builds, then runs the chaos suite against the
// services' built entry points, with the shared test setup (vitest's global setup).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHAOS_USAGE, ChaosUsageError, parseChaosArgs } from './chaos-profile.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);

if (args.includes('--help')) {
  process.stdout.write(CHAOS_USAGE);
  process.exit(0);
}
try {
  parseChaosArgs(args);
} catch (error) {
  if (!(error instanceof ChaosUsageError)) throw error;
  process.stderr.write(`${error.message}\n\n${CHAOS_USAGE}`);
  process.exit(2);
}

const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', CHAOS_ARGS: JSON.stringify(args) };
const build = spawnSync(bin('turbo'), ['run', 'build', '--output-logs=errors-only'], {
  cwd: ROOT,
  env,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync(bin('vitest'), ['run', '--config', 'test/chaos/vitest.config.ts'], {
  cwd: ROOT,
  env,
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
