// `tsx bench/exports/main.ts [--quick]`: the export ZIP memory rows of `pnpm bench` alone.
// Needs the services built (`pnpm build`) and the local stack (`pnpm stack:up`).
import { renderTable } from '../lib/print-table.js';
import { stackEnv } from '../lib/stack-env.js';
import { runExportRssBench } from './index.js';

function stackOrDefaults(): Record<string, string> {
  try {
    return stackEnv();
  } catch (error) {
    process.stderr.write(
      `stack:up failed (${(error as Error).message.split('\n')[0]}); using the default stack URLs\n`,
    );
    return {};
  }
}

const rows = await runExportRssBench({
  quick: process.argv.includes('--quick'),
  stack: stackOrDefaults(),
});
process.stdout.write(`${renderTable(rows)}\n`);
