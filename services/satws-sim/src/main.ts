import { configFromEnv } from './config/env-config.js';
import { startSimulator } from './simulator.js';

/** `pnpm sim`: configuration from the environment (and `SIM_CONFIG`), then serve until a signal. */
async function main(): Promise<void> {
  const config = configFromEnv(process.env);
  const simulator = await startSimulator(config);
  process.stdout.write(
    `${JSON.stringify({ level: 'info', service: 'satws-sim', msg: 'listening', url: simulator.url, admin: `${simulator.url}/_sim/` })}\n`,
  );
  let signals = 0;
  const shutdown = (signal: string): void => {
    signals += 1;
    if (signals > 1) process.exit(1);
    process.stdout.write(
      `${JSON.stringify({ level: 'info', service: 'satws-sim', msg: 'stopping', signal })}\n`,
    );
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    simulator.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
