import {
  apiEnv,
  databaseEnv,
  type Env,
  envSchema,
  loggingEnv,
  parseEnv,
  queueEnv,
  redisEnv,
  s3Env,
  shutdownEnv,
} from '@invoice-extractor/shared/config';
import type { z } from 'zod';

const groups = {
  database: databaseEnv,
  redis: redisEnv,
  queue: queueEnv,
  s3: s3Env,
  api: apiEnv,
  logging: loggingEnv,
  shutdown: shutdownEnv,
};

export type ApiConfig = { [K in keyof typeof groups]: z.output<(typeof groups)[K]> };

/**
 * Parses `groups` with the shared helpers. The cast is only for the type checker: in this
 * package @hono/zod-openapi augments zod's ZodType with an `openapi()` method whose parameter
 * breaks the assignability of a ZodPipe to `ZodType<unknown, Env>` that `envSchema` asks for.
 */
export function parseGroups<G extends Record<string, z.ZodType>>(groups: G, env: Env) {
  const schema = envSchema(groups as never) as unknown as z.ZodType<unknown, Env>;
  return parseEnv(schema, env) as { [K in keyof G]: z.output<G[K]> };
}

/** The api's settings from the environment; throws one ConfigError naming every bad variable. */
export function loadConfig(env: Env): ApiConfig {
  return parseGroups(groups, env);
}
