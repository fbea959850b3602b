import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

export interface CommandResult {
  stdout: string;
}

/** The last lines of a log, to show with an error instead of sending the user hunting. */
export function tailOf(file: string, lines = 15): string {
  try {
    const text = readFileSync(file, 'utf8').trimEnd();
    return text.split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Runs a command to completion. stdout is captured and returned; stderr goes to `logFile` (a
 * file, never a pipe: a daemon the command forks would keep a pipe open forever).
 */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
): Promise<CommandResult> {
  const log = openSync(options.logFile, 'w');
  return new Promise<CommandResult>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', log],
    });
    let stdout = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.once('error', (error) =>
      reject(new Error(`${command} could not start: ${error.message}`)),
    );
    child.once('close', (code, signal) => {
      if (code === 0) {
        resolve({ stdout });
        return;
      }
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      const tail = [stdout.trim().split('\n').slice(-10).join('\n'), tailOf(options.logFile)]
        .filter(Boolean)
        .join('\n');
      reject(
        new Error(`\`${[command, ...args].join(' ')}\` ${how}; see ${options.logFile}\n${tail}`),
      );
    });
  }).finally(() => closeSync(log));
}

/** `KEY=value` lines (what `stack.mjs up` prints for `.env`) as an object. */
export function parseEnvLines(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) env[match[1]] = match[2];
  }
  return env;
}
