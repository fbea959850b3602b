import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServiceSpec {
  name: string;
  /** Script relative to the repository root, e.g. `services/requester/dist/main.js`. */
  script: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
}

interface Running {
  spec: ServiceSpec;
  child: ChildProcess;
  exited: Promise<void>;
  /** Set before the suite kills it, so the exit is not counted as a crash. */
  expected: boolean;
}

const RESTART_AFTER_CRASH_MS = 500;
const STOP_GRACE_MS = 10_000;

/**
 * The services as real `node` processes with their logs appended to files (restarts add to the
 * same log). `kill` SIGKILLs one and `start` brings it back; a process that dies on its own is
 * restarted too and counted in `crashes`, since the promise is about the data, not uptime.
 */
export class ServiceProcesses {
  readonly #running = new Map<string, Running>();
  readonly crashes: string[] = [];
  #stopping = false;

  constructor(private readonly cwd: string) {}

  start(spec: ServiceSpec): void {
    const log = openSync(spec.logFile, 'a');
    const child = spawn(process.execPath, [spec.script], {
      cwd: this.cwd,
      env: spec.env,
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    const running: Running = { spec, child, exited: Promise.resolve(), expected: false };
    running.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        resolve();
        if (running.expected || this.#stopping) return;
        this.crashes.push(`${spec.name} exited on its own (${signal ?? `code ${code}`})`);
        void sleep(RESTART_AFTER_CRASH_MS).then(() => {
          if (!this.#stopping && this.#running.get(spec.name) === running) this.start(spec);
        });
      });
    });
    this.#running.set(spec.name, running);
  }

  /** SIGKILL, as the OOM killer or a lost node would: no shutdown code runs. */
  async kill(name: string): Promise<void> {
    const running = this.#running.get(name);
    if (!running || running.child.exitCode !== null || running.child.signalCode !== null) return;
    running.expected = true;
    running.child.kill('SIGKILL');
    await running.exited;
  }

  restart(name: string): void {
    const running = this.#running.get(name);
    if (!running) throw new Error(`no service named ${name} was started`);
    if (running.child.exitCode === null && running.child.signalCode === null) return;
    this.start(running.spec);
  }

  /** SIGTERM to every one, SIGKILL to any still there after the grace. */
  async stopAll(): Promise<void> {
    this.#stopping = true;
    const all = [...this.#running.values()].filter(
      (running) => running.child.exitCode === null && running.child.signalCode === null,
    );
    for (const running of all) running.child.kill('SIGTERM');
    const killer = setTimeout(() => {
      for (const running of all) running.child.kill('SIGKILL');
    }, STOP_GRACE_MS);
    await Promise.all(all.map((running) => running.exited));
    clearTimeout(killer);
  }
}
