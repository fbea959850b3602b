import { AppError } from '../errors/app-error.js';

export interface ConfigProblem {
  /** The environment variable, e.g. `REDIS_URL`. */
  variable: string;
  /** Why it was rejected; never contains a secret's value. */
  reason: string;
}

/** Every bad or missing variable at once, so one restart fixes them all. */
export class ConfigError extends AppError {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const lines = problems.map((problem) => `  - ${problem.variable}: ${problem.reason}`);
    super(['Invalid environment:', ...lines].join('\n'), {
      code: 'invalid_config',
      retryable: false,
    });
    this.problems = problems;
  }
}
