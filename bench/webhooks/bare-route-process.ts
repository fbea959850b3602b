import { join } from 'node:path';
import { ChildProcesses } from '../../scripts/demo/child-processes.js';
import { choosePort, waitForHttp } from '../../scripts/demo/network.js';
import { ROOT } from '../lib/stack-env.js';

export interface BareRoute {
  url: string;
  stop(): Promise<void>;
}

/** `bare-route-main.ts` in a process of its own (through tsx, as the bench itself runs). */
export async function startBareRoute(options: { logDir: string }): Promise<BareRoute> {
  let crash: string | undefined;
  const children = new ChildProcesses(ROOT, (message) => {
    crash ??= message;
  });
  const port = await choosePort(0);
  children.start({
    name: 'bare-route',
    args: ['--import', 'tsx', 'bench/webhooks/bare-route-main.ts'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port) },
    logFile: join(options.logDir, 'bare-route.log'),
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/healthz`, { timeoutMs: 30_000, isAlive: () => crash === undefined });
  } catch (error) {
    await children.stopAll();
    throw new Error(`the bare route did not start${crash ? `: ${crash}` : ''}`, { cause: error });
  }
  return { url, stop: () => children.stopAll() };
}
