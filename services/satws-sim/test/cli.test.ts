import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterEach, describe, expect, it } from 'vitest';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

interface Started {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exit: Promise<number | null>;
}

function startCli(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: PACKAGE_DIR,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stdout, stderr, exit };
}

describe('pnpm sim (src/main.ts)', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('starts from the environment and a JSON config file, serves the API, and stops on SIGTERM', async () => {
    const configPath = join(mkdtempSync(join(tmpdir(), 'satws-sim-')), 'sim.json');
    writeFileSync(
      configPath,
      JSON.stringify({ seed: { taxpayers: [{ rfc: 'CLI010101AB5', invoices: 3 }] } }),
    );
    const cli = startCli({
      SIM_PORT: '0',
      SIM_API_KEY: 'cli-key',
      SIM_RATE_LIMIT: '3',
      SIM_CONFIG: configPath,
      SIM_LOG_LEVEL: 'warn',
    });
    children.push(cli.child);
    const line = await waitFor(
      'the listening line',
      () =>
        cli.stdout
          .join('')
          .split('\n')
          .find((text) => text.includes('"listening"')),
      { timeoutMs: 20_000 },
    );
    const { url } = JSON.parse(line) as { url: string };
    const response = await fetch(`${url}/entities?taxpayer.id=CLI010101AB5`, {
      headers: { 'X-API-Key': 'cli-key', Accept: 'application/json' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-limit')).toBe('3');
    expect(((await response.json()) as Array<{ taxpayer: { id: string } }>)[0]?.taxpayer.id).toBe(
      'CLI010101AB5',
    );
    cli.child.kill('SIGTERM');
    expect(await cli.exit).toBe(0);
  });

  it('refuses a bad configuration, naming every bad variable', async () => {
    const cli = startCli({ SIM_PORT: 'eighty', SIM_RATE_LIMIT: '-5', SIM_DAILY_XML_CAP: 'x' });
    children.push(cli.child);
    expect(await cli.exit).toBe(1);
    const message = cli.stderr.join('');
    expect(message).toContain('SIM_PORT');
    expect(message).toContain('SIM_RATE_LIMIT');
    expect(message).toContain('SIM_DAILY_XML_CAP');
  });
});
