import { parseArgs } from 'node:util';

export interface DemoOptions {
  companies: number;
  invoicesPerCompany: number;
  months: number;
  /** Give up (exit 1) when the extractions are not done by then. */
  timeoutMs: number;
  /** Leave everything running after the summary, until Ctrl-C, to explore. */
  keep: boolean;
  skipBuild: boolean;
}

export const DEMO_USAGE = `Usage: pnpm demo [options]

  --companies <n>   companies to extract (1-6, default 3)
  --invoices <n>    invoices per company (1-2000, default 75)
  --months <n>      months of invoices per company (1-12, default 3)
  --timeout <s>     seconds before giving up (default 180)
  --keep            keep the simulator and services running after the summary (Ctrl-C stops)
  --skip-build      do not run the build first (it is cached, but takes a few seconds)
  --help            this text
`;

export class UsageError extends Error {
  override name = 'UsageError';
}

function integer(
  name: string,
  raw: string | undefined,
  min: number,
  max: number,
  fallback: number,
) {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** Parses `pnpm demo` arguments; a bad one is a UsageError naming it. */
export function parseDemoOptions(argv: string[]): DemoOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        companies: { type: 'string' },
        invoices: { type: 'string' },
        months: { type: 'string' },
        timeout: { type: 'string' },
        keep: { type: 'boolean', default: false },
        'skip-build': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const text = (name: string) => values[name] as string | undefined;
  return {
    companies: integer('companies', text('companies'), 1, 6, 3),
    invoicesPerCompany: integer('invoices', text('invoices'), 1, 2000, 75),
    months: integer('months', text('months'), 1, 12, 3),
    timeoutMs: integer('timeout', text('timeout'), 10, 3600, 180) * 1000,
    keep: values.keep === true,
    skipBuild: values['skip-build'] === true,
  };
}
