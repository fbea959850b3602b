import pg from 'pg';

export interface PoolOptions {
  /** Connections at most; workers size it to their concurrency. */
  max?: number;
  /** Shown in `pg_stat_activity`, so a DBA can tell which service holds a connection. */
  applicationName?: string;
  /**
   * Called when an idle client fails (server restart, network cut). pg emits 'error' on the pool
   * for it, and an 'error' event without a listener would crash the process.
   */
  onError: (error: Error) => void;
  /** How long to wait for a connection before failing, so a down server fails loudly. */
  connectionTimeoutMs?: number;
}

export function createPool(connectionString: string, options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', options.onError);
  return pool;
}
