#!/usr/bin/env node
// `pnpm start`: runs api, requester and downloader as three processes sharing this environment
// (DESIGN.md "Processes"). Each can also run alone with `node services/<name>/dist/main.js`;
// this only supervises: it forwards SIGTERM/SIGINT so each drains gracefully, and exits with the
// first failing child's code (a crashed service should stop the set, not limp on without it).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const services = ['api', 'requester', 'downloader'];

for (const name of services) {
  const main = join(root, 'services', name, 'dist', 'main.js');
  if (!existsSync(main)) {
    console.error(`${main} is missing: run \`pnpm build\` first.`);
    process.exit(1);
  }
}

const children = services.map((name) => {
  const child = spawn(process.execPath, [join(root, 'services', name, 'dist', 'main.js')], {
    stdio: 'inherit',
    env: process.env,
  });
  return { name, child };
});

let stopping = false;
let exitCode = 0;
function stopAll(signal) {
  if (stopping) return;
  stopping = true;
  for (const { child } of children) if (child.exitCode === null) child.kill(signal);
}

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => stopAll(signal));

let running = children.length;
for (const { name, child } of children) {
  child.on('exit', (code, signal) => {
    running -= 1;
    if (!stopping) {
      console.error(`${name} exited (${signal ?? `code ${code}`}); stopping the others.`);
      exitCode = code || 1;
      stopAll('SIGTERM');
    }
    if (running === 0) process.exit(exitCode);
  });
}
