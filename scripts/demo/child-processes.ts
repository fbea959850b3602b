import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { tailOf } from './run-command.js';

export interface ChildSpec {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
}

interface RunningChild {
  spec: ChildSpec;
  process: ChildProcess;
  exited: Promise<void>;
}

const STOP_GRACE_MS = 10_000;

/**
 * The demo's long-running children (simulator, api, requester, downloader): real `node`
 * processes with their logs in files. A child that dies on its own is reported through
 * `onCrash`; `stopAll` ends every one, gently first, and is safe to call more than once.
 */
export class ChildProcesses {
  readonly #children: RunningChild[] = [];
  #stopping = false;

  constructor(
    private readonly cwd: string,
    private readonly onCrash: (message: string) => void,
  ) {}

  start(spec: ChildSpec): void {
    const log = openSync(spec.logFile, 'w');
    const child = spawn(process.execPath, spec.args, {
      cwd: this.cwd,
      env: spec.env,
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    const exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        resolve();
        if (this.#stopping) return;
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        this.onCrash(`${spec.name} ${how}; see ${spec.logFile}\n${tailOf(spec.logFile, 10)}`);
      });
    });
    child.once('error', (error) => this.onCrash(`${spec.name} could not start: ${error.message}`));
    this.#children.push({ spec, process: child, exited });
  }

  /** SIGTERM to every child (newest first), SIGKILL to any still there after the grace. */
  async stopAll(): Promise<void> {
    this.#stopping = true;
    const running = [...this.#children]
      .reverse()
      .filter((child) => child.process.exitCode === null && child.process.signalCode === null);
    for (const child of running) child.process.kill('SIGTERM');
    const killer = setTimeout(() => {
      for (const child of running) child.process.kill('SIGKILL');
    }, STOP_GRACE_MS);
    await Promise.all(running.map((child) => child.exited));
    clearTimeout(killer);
  }
}
