export { ConfigError, type ConfigProblem } from './config-error.js';
export {
  type Env,
  type EnvField,
  envBoolean,
  envEnum,
  envField,
  envInt,
  envList,
  envSecret,
  envString,
  envUrl,
  type IntOptions,
  type ListOptions,
  type Presence,
  type StringOptions,
  type UrlOptions,
} from './env-fields.js';
export {
  apiEnv,
  databaseEnv,
  loggingEnv,
  queueEnv,
  redisEnv,
  s3Env,
  satwsEnv,
  shutdownEnv,
  workerEnv,
} from './env-groups.js';
export { envSchema, parseEnv } from './parse-env.js';
