import pg from 'pg';

export interface PoolOptions {
  /** Connections at most; workers size it to their concurrency. */
  max?: number;
  /** Shown in `pg_stat_activity`, so a DBA can tell which service holds a connection. */
  applicationName?: string;
  /**
   * Called when a client's connection fails (server restart, network cut, a terminated
   * backend), idle or checked out. pg emits 'error' for it, and an 'error' event without a
   * listener would crash the process.
   */
  onError: (error: Error) => void;
  /** How long to wait for a connection before failing, so a down server fails loudly. */
  connectionTimeoutMs?: number;
  /**
   * `synchronous_commit = off` for this pool's sessions: a commit returns before its WAL is on
   * disk, so a PostgreSQL crash can lose the last fraction of a second of commits (never
   * corrupt anything). Only for a process whose every write is redone idempotently if lost;
   * a transaction that must not be lost sets `synchronous_commit = on` locally.
   */
  asynchronousCommit?: boolean;
}

export function createPool(connectionString: string, options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
    ...(options.asynchronousCommit ? { options: '-c synchronous_commit=off' } : {}),
  });
  // Every client reports its own failure, idle or checked out (a checked-out client's error
  // never reaches the pool); its holder still sees it on the next query, and pg-pool discards
  // the broken client. The pool re-emits idle clients' errors: already reported, but an
  // 'error' event with no listener would still end the process.
  pool.on('connect', (client) => client.on('error', options.onError));
  pool.on('error', () => {});
  return pool;
}
