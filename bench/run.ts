// `pnpm bench`: the pipeline's figures printed side by side with the baselines they are compared
// to, all measured in this run on this machine. A benchmark, not a test: it asserts nothing;
// a missed target is printed as MISSED. `--quick` runs small sizes (a smoke run, not the figures
// the README quotes); `--only=modes,pipeline,exports,webhooks` runs some sections.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { runExportRssBench } from './exports/index.js';
import type { BenchRow } from './lib/bench-row.js';
import { renderTable } from './lib/print-table.js';
import { ROOT, stackEnv } from './lib/stack-env.js';
import { runModesBench } from './modes/index.js';
import { runPipelineBench } from './pipeline/index.js';
import { runWebhookBench } from './webhooks/index.js';

const SECTIONS = ['modes', 'pipeline', 'exports', 'webhooks'] as const;
type Section = (typeof SECTIONS)[number];

function parseArgs(argv: string[]): { quick: boolean; only: Set<Section> } {
  let quick = false;
  let only = new Set<Section>(SECTIONS);
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg.startsWith('--only=')) {
      const names = arg.slice('--only='.length).split(',');
      const unknown = names.filter((name) => !SECTIONS.includes(name as Section));
      if (unknown.length > 0) {
        throw new Error(`unknown section(s) ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
      }
      only = new Set(names as Section[]);
    } else {
      throw new Error(
        `unknown argument ${arg}; usage: pnpm bench [--quick] [--only=${SECTIONS.join(',')}]`,
      );
    }
  }
  return { quick, only };
}

function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const gib = (totalmem() / 1024 ** 3).toFixed(0);
  return `${cpus().length} × ${cpu}, ${gib} GiB RAM, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
}

async function main(): Promise<void> {
  const { quick, only } = parseArgs(process.argv.slice(2));
  process.stderr.write('building services…\n');
  execFileSync('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const stack = stackEnv();
  const rows: BenchRow[] = [];
  const run = async (section: Section, fn: () => Promise<BenchRow[]>) => {
    if (!only.has(section)) return;
    process.stderr.write(`\n== ${section} ==\n`);
    const started = performance.now();
    const result = await fn();
    rows.push(...result);
    process.stderr.write(
      `${renderTable(result)}\n(${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
    );
  };
  await run('modes', () =>
    runModesBench({
      stack,
      invoices: quick ? 1_000 : 10_000,
      requestsPerMinute: 6_000,
      concurrency: 16,
    }),
  );
  await run('pipeline', () =>
    runPipelineBench({ stack, invoices: quick ? 500 : 2_000, concurrency: 16 }),
  );
  await run('exports', () => runExportRssBench({ quick, stack }));
  await run('webhooks', () => runWebhookBench({ quick, stack }));
  const table = renderTable(rows);
  const report = `Machine: ${machine()}\nCommand: pnpm bench${quick ? ' --quick' : ''}\n\n${table}\n`;
  process.stdout.write(`\n${report}`);
  const out = join(ROOT, '.stack', 'bench');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'latest.md'), report);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
