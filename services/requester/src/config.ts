import {
  databaseEnv,
  type Env,
  envSchema,
  loggingEnv,
  parseEnv,
  queueEnv,
  redisEnv,
  satwsEnv,
  shutdownEnv,
  workerEnv,
} from '@invoice-extractor/shared/config';

const requesterEnv = envSchema({
  database: databaseEnv,
  redis: redisEnv,
  satws: satwsEnv,
  logging: loggingEnv,
  queue: queueEnv,
  worker: workerEnv,
  shutdown: shutdownEnv,
});

export type RequesterConfig = ReturnType<typeof parseRequesterConfig>;

/** The requester's settings; throws one ConfigError naming every bad or missing variable. */
export function parseRequesterConfig(env: Env) {
  return parseEnv(requesterEnv, env);
}
