import { describe, expect, it } from 'vitest';
import { parseChaosArgs } from './chaos-profile.js';
import { chaosFailures, formatChaosReport } from './chaos-report.js';
import { runChaos } from './chaos-run.js';

// Run by `pnpm chaos` (test/chaos/run.ts) through vitest, for the shared test setup: the
// migrated database template and the S3 server. Its arguments travel in CHAOS_ARGS.
const profile = parseChaosArgs(JSON.parse(process.env.CHAOS_ARGS ?? '[]') as string[]);

describe(`chaos (${profile.name})`, () => {
  it(
    'every file in S3 intact, no duplicate rows, every extraction completed',
    async () => {
      const report = await runChaos(profile);
      process.stdout.write(`\n${formatChaosReport(report)}`);
      expect(chaosFailures(report)).toEqual([]);
    },
    profile.timeoutMs + 120_000,
  );
});
