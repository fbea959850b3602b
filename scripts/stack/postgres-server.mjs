// Starting and stopping a PostgreSQL server for the stack: the Debian cluster on our port when
// there is one, else a private cluster in .stack/postgres with trust auth on 127.0.0.1.
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chownSync,
  existsSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  ensureStackDir,
  findExecutable,
  IS_ROOT,
  isLoopback,
  runLogged,
  STACK_DIR,
  StackError,
} from './context.mjs';
import { readNote, recorded, removeNote, writeNote } from './processes.mjs';

const CTL_LOG = join(STACK_DIR, 'postgres-ctl.log');

/** Debian's clusters (postgresql-common): [{ version, name, port, online }]. */
export function debianClusters() {
  const lsclusters = findExecutable('pg_lsclusters');
  if (!lsclusters) return [];
  const result = spawnSync(lsclusters, ['--no-header'], { encoding: 'utf8' });
  if (result.status !== 0) return [];
  return result.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 4)
    .map(([version, name, port, status]) => ({
      version,
      name,
      port: Number(port),
      online: status === 'online',
    }));
}

function newestVersionDir() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return [];
  const versions = readdirSync(base).filter((entry) => /^\d+$/.test(entry));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions.map((version) => join(base, version, 'bin'));
}

/** initdb and pg_ctl from PATH or Debian's versioned folders, or undefined. */
export function postgresBinaries() {
  const extra = newestVersionDir();
  const initdb = findExecutable('initdb', extra);
  const pgCtl = findExecutable('pg_ctl', extra);
  return initdb && pgCtl ? { initdb, pgCtl } : undefined;
}

export function postgresInstalled() {
  return debianClusters().length > 0 || postgresBinaries() !== undefined;
}

function postgresUser() {
  const result = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new StackError(
      'Running as root, PostgreSQL must run as another user, and there is no "postgres" user.',
    );
  }
  const uid = Number(result.stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid, gid };
}

/** PostgreSQL refuses to run as root: as root, run its tools as the postgres user. */
function runAsPostgres(binary, args) {
  if (IS_ROOT)
    runLogged('runuser', ['-u', 'postgres', '--', binary, ...args], { logFile: CTL_LOG });
  else runLogged(binary, args, { logFile: CTL_LOG });
}

const TRUST_LINES = [
  '# Added by invoice-extractor `pnpm stack:up` on a cluster it installed: local development only.',
  'host all all 127.0.0.1/32 trust',
  'host all all ::1/128 trust',
];

/** Lets a passwordless DATABASE_URL log in over loopback, as on the project's machines. */
export function trustLoopback(cluster) {
  const hba = `/etc/postgresql/${cluster.version}/${cluster.name}/pg_hba.conf`;
  const current = readFileSync(hba, 'utf8');
  if (current.includes(TRUST_LINES[1])) return false;
  writeFileSync(hba, `${TRUST_LINES.join('\n')}\n${current}`);
  runLogged('pg_ctlcluster', [cluster.version, cluster.name, 'reload'], { logFile: CTL_LOG });
  return true;
}

function startCluster(cluster, output) {
  runLogged('pg_ctlcluster', [cluster.version, cluster.name, 'start'], { logFile: CTL_LOG });
  writeNote(`postgres-${cluster.port}`, {
    kind: 'cluster',
    version: cluster.version,
    name: cluster.name,
  });
  output.info(
    `postgres: started Debian cluster ${cluster.version}/${cluster.name} on port ${cluster.port}`,
  );
}

function initPrivateCluster(binaries, dir, dataDir) {
  if (IS_ROOT) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
  }
  runAsPostgres(binaries.initdb, [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-locale',
  ]);
  // TCP on loopback only, and no Unix socket: its default folder may not exist or be writable.
  appendFileSync(
    join(dataDir, 'postgresql.conf'),
    "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n",
  );
}

function startPrivateCluster(target, output) {
  const binaries = postgresBinaries();
  if (!binaries) throw new StackError('PostgreSQL (initdb, pg_ctl) is not installed.');
  const name = `postgres-${target.port}`;
  const dir = ensureStackDir(name);
  const dataDir = join(dir, 'data');
  if (!existsSync(join(dataDir, 'PG_VERSION'))) initPrivateCluster(binaries, dir, dataDir);
  const log = join(dir, 'postgres.log');
  runAsPostgres(binaries.pgCtl, [
    '-D',
    dataDir,
    '-l',
    log,
    '-o',
    `-p ${target.port}`,
    '-w',
    '-t',
    '60',
    'start',
  ]);
  writeNote(name, { kind: 'private', pgCtl: binaries.pgCtl, dataDir });
  output.info(
    `postgres: started ${binaries.pgCtl} on 127.0.0.1:${target.port} (data in .stack/${name})`,
  );
}

/** Starts a server for `target`; returns the Debian cluster used, if any. */
export function startPostgres(target, output) {
  if (!isLoopback(target.host)) {
    throw new StackError(
      `PostgreSQL at ${target.host}:${target.port} does not answer and is not on this machine.`,
    );
  }
  const cluster = debianClusters().find((candidate) => candidate.port === target.port);
  if (cluster && !cluster.online) {
    startCluster(cluster, output);
    return cluster;
  }
  startPrivateCluster(target, output);
  return undefined;
}

function stopRecorded(name, note, output) {
  if (note.kind === 'cluster') {
    runLogged('pg_ctlcluster', [note.version, note.name, 'stop'], { logFile: CTL_LOG });
    output.info(`postgres: stopped Debian cluster ${note.version}/${note.name}`);
    return true;
  }
  if (!existsSync(join(note.dataDir, 'postmaster.pid'))) return false;
  runAsPostgres(note.pgCtl, ['-D', note.dataDir, '-m', 'fast', '-w', 'stop']);
  output.info(`postgres: stopped the cluster in .stack/${name} (its data stays there)`);
  return true;
}

/** Stops every server stack:up started; true when there was one. */
export function stopPostgres(output) {
  let stopped = false;
  for (const name of recorded('postgres')) {
    try {
      stopped = stopRecorded(name, readNote(name), output) || stopped;
    } catch (error) {
      // Already stopped by someone else: nothing left for us to do but forget it.
      output.problem(`postgres: could not stop ${name} (${error.message})`);
    }
    removeNote(name);
  }
  return stopped;
}
