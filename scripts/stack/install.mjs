// Last resort when a server is missing: install it from Debian's packages, if we may.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findExecutable, IS_ROOT, StackError } from './context.mjs';

const PACKAGES = { redis: 'redis-server', postgres: 'postgresql' };
const HELP = {
  redis: 'Redis 6+ (Debian/Ubuntu: `apt-get install redis-server`; macOS: `brew install redis`)',
  postgres:
    'PostgreSQL 14+ (Debian/Ubuntu: `apt-get install postgresql`; macOS: `brew install postgresql@16`)',
};

function canUseApt() {
  return IS_ROOT && existsSync('/etc/debian_version') && findExecutable('apt-get') !== undefined;
}

function apt(args, output) {
  output.info(`$ apt-get ${args.join(' ')}`);
  const result = spawnSync('apt-get', args, {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    // apt's progress goes to our stderr: stdout is reserved for the KEY=value lines.
    stdio: ['ignore', output.quiet ? 'ignore' : 2, 2],
  });
  if (result.status !== 0)
    throw new StackError(`\`apt-get ${args.join(' ')}\` failed (exit ${result.status}).`);
}

/** Installs the servers named in `missing` ('redis', 'postgres') or explains what to install. */
export function installServers(missing, output) {
  if (missing.length === 0) return;
  if (!canUseApt()) {
    const needs = missing.map((name) => `  - ${HELP[name]}`).join('\n');
    throw new StackError(
      'Not running here and not installed (stack:up installs them only as root on Debian/Ubuntu):\n' +
        `${needs}\n` +
        'Install them, or run everything in containers with `docker compose up -d`, then set the URLs.',
    );
  }
  apt(['update'], output);
  apt(
    ['install', '-y', '--no-install-recommends', ...missing.map((name) => PACKAGES[name])],
    output,
  );
}
