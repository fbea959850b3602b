import {
  databaseEnv,
  type Env,
  envInt,
  envSchema,
  loggingEnv,
  parseEnv,
  queueEnv,
  redisEnv,
  satwsEnv,
  shutdownEnv,
  workerEnv,
} from '@invoice-extractor/shared/config';
import { z } from 'zod';

// Unset, this process runs no reconciler: one process of a deployment (or several, they take
// turns) sets it; the reconciler's runs would otherwise mix into every requester's job logs.
const reconcilerEnv = z
  .object({
    RECONCILE_EVERY_MS: envInt({ min: 1_000, max: 86_400_000, optional: true }),
    RECONCILE_BATCH_SIZE: envInt({ min: 1, max: 1_000, default: 1_000 }),
  })
  .transform((env) =>
    env.RECONCILE_EVERY_MS === undefined
      ? undefined
      : { everyMs: env.RECONCILE_EVERY_MS, batchSize: env.RECONCILE_BATCH_SIZE },
  );

const requesterEnv = envSchema({
  database: databaseEnv,
  redis: redisEnv,
  satws: satwsEnv,
  logging: loggingEnv,
  queue: queueEnv,
  worker: workerEnv,
  shutdown: shutdownEnv,
  reconciler: reconcilerEnv,
});

export type RequesterConfig = ReturnType<typeof parseRequesterConfig>;

/** The requester's settings; throws one ConfigError naming every bad or missing variable. */
export function parseRequesterConfig(env: Env) {
  return parseEnv(requesterEnv, env);
}
