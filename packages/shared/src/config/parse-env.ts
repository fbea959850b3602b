import { z } from 'zod';
import { ConfigError, type ConfigProblem } from './config-error.js';
import type { Env } from './env-fields.js';

type Groups = Record<string, z.ZodType<unknown, Env>>;

/**
 * Combines groups into one schema over the whole environment, e.g.
 * `envSchema({ redis: redisEnv, queue: queueEnv })` parses to `{ redis: { url }, queue: { prefix } }`.
 * Each group reads the same environment, so every group's problems are reported together.
 */
export function envSchema<const G extends Groups>(groups: G) {
  const names = Object.keys(groups);
  const whole = z.object(groups);
  return z.preprocess(
    (env) => Object.fromEntries(names.map((name) => [name, env])),
    whole,
  ) as unknown as z.ZodType<z.output<typeof whole>, Env>;
}

function toProblems(issues: readonly z.core.$ZodIssue[]): ConfigProblem[] {
  const byVariable = new Map<string, string>();
  for (const issue of issues) {
    const last = issue.path.at(-1);
    const variable = typeof last === 'string' ? last : '(environment)';
    // Two groups may read the same variable; say it once.
    if (!byVariable.has(variable)) byVariable.set(variable, issue.message);
  }
  return [...byVariable].map(([variable, reason]) => ({ variable, reason }));
}

/** Parses `env` (normally `process.env`) or throws one ConfigError naming every problem. */
export function parseEnv<T>(schema: z.ZodType<T, Env>, env: Env): T {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(toProblems(result.error.issues));
}
