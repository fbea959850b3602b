// `pnpm demo`: the whole system on this machine. Builds, brings up the local stack, starts the
// SAT.ws simulator and the three services as real processes, asks for an extraction per seeded
// company over HTTP, shows their progress and checks every stored file against the simulator.
// Exit 0 only when every file is stored with the simulator's sha256 and size.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChildProcesses } from './child-processes.js';
import { DemoApi, simulatorTruth } from './demo-api.js';
import { DEMO_USAGE, type DemoOptions, parseDemoOptions, UsageError } from './demo-options.js';
import { type LaunchedSystem, launchSystem } from './launch-system.js';
import { ProgressDisplay } from './progress-display.js';
import { parseEnvLines, runCommand } from './run-command.js';
import { demoPeriod } from './simulator-config.js';
import { StepLog } from './step-log.js';
import { printResults, printWhereToLook } from './summary.js';
import { verifyExtraction } from './verify-files.js';
import { DemoFailure, watchExtractions } from './watch-extractions.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LOG_DIR = join(ROOT, '.stack', 'logs');
const started = performance.now();
const steps = new StepLog(process.stdout);
let crash: string | undefined;
const children = new ChildProcesses(ROOT, (message) => {
  crash ??= message;
});

async function prepare(options: DemoOptions): Promise<Record<string, string>> {
  const run = (
    name: string,
    command: string,
    args: string[],
    env: NodeJS.ProcessEnv = process.env,
  ) => runCommand(command, args, { cwd: ROOT, env, logFile: join(LOG_DIR, `demo-${name}.log`) });
  if (!options.skipBuild) {
    await steps.step('build (turbo)', () =>
      run(
        'build',
        join(ROOT, 'node_modules', '.bin', 'turbo'),
        ['run', 'build', '--output-logs=errors-only'],
        {
          ...process.env,
          TURBO_TELEMETRY_DISABLED: '1',
        },
      ),
    );
  }
  const stack = await steps.step('local stack: Redis, PostgreSQL, S3', async () =>
    parseEnvLines((await run('stack', process.execPath, ['scripts/stack.mjs', 'up'])).stdout),
  );
  await steps.step('database migrations', () =>
    run('migrate', process.execPath, ['packages/shared/dist/db/migrate-cli.js'], {
      ...process.env,
      ...stack,
    }),
  );
  return stack;
}

async function requestAll(system: LaunchedSystem, options: DemoOptions) {
  const api = new DemoApi(system.apiUrl, system.api.apiKey);
  const period = demoPeriod(options.months);
  const taxpayers = await simulatorTruth(system.simUrl);
  const ids = await steps.step(
    `${taxpayers.length} extractions requested (${period.from} to ${period.to})`,
    () =>
      Promise.all(
        taxpayers.map(async (taxpayer) => (await api.requestExtraction(taxpayer.rfc, period)).id),
      ),
  );
  return { api, ids };
}

async function run(options: DemoOptions): Promise<number> {
  mkdirSync(LOG_DIR, { recursive: true });
  steps.line('invoice-extractor demo: SAT.ws simulator → api → requester → downloader → S3');
  const stack = await prepare(options);
  const period = demoPeriod(options.months);
  const system = await launchSystem({
    root: ROOT,
    logDir: LOG_DIR,
    options,
    period,
    stack,
    children,
    steps,
  });
  const { api, ids } = await requestAll(system, options);
  steps.line();
  const extractions = await watchExtractions({
    api,
    ids,
    display: new ProgressDisplay(process.stdout),
    deadline: Date.now() + options.timeoutMs,
    crashed: () => crash,
  });
  const results = await Promise.all(
    extractions.map((extraction) => verifyExtraction(api, system.simUrl, extraction)),
  );
  printResults(steps, results, performance.now() - started);
  printWhereToLook(steps, system, stack, results, options.keep);
  const failures = results.filter((result) => result.problems.length > 0);
  if (failures.length > 0) {
    throw new DemoFailure(
      `${failures.length} of ${results.length} extractions did not store every file (see above)`,
    );
  }
  steps.line();
  steps.line('✓ every file is in S3 with the sha256 and size SAT.ws (the simulator) serves');
  if (options.keep) {
    steps.line('Everything keeps running for you to explore; press Ctrl-C to stop it.');
    await waitForSignal();
  }
  return 0;
}

/** Resolved by Ctrl-C once the demo is only being kept up for exploring. */
let endKeeping: (() => void) | undefined;

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    endKeeping = resolve;
  });
}

let interrupted = false;

function onSignal(signal: NodeJS.Signals): void {
  if (endKeeping) {
    endKeeping();
    return;
  }
  // A terminal's Ctrl-C reaches tsx and this process both: act on the first one only.
  if (interrupted) return;
  interrupted = true;
  process.stderr.write(`\n${signal}: stopping the demo's processes…\n`);
  void children.stopAll().then(() => process.exit(130));
}

async function main(): Promise<void> {
  let options: DemoOptions | 'help';
  try {
    options = parseDemoOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${DEMO_USAGE}`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(DEMO_USAGE);
    return;
  }
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let code = 1;
  try {
    code = await run(options);
  } catch (error) {
    const known = error instanceof DemoFailure || error instanceof UsageError;
    const message = known ? (error as Error).message : String((error as Error).stack ?? error);
    process.stderr.write(`\n✗ demo failed: ${message}\n`);
  } finally {
    await children.stopAll();
  }
  process.exit(code);
}

await main();
