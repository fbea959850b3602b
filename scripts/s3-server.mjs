#!/usr/bin/env node
// A local S3 server for the stack and the tests: fauxqs (in memory), bound to loopback only.
// fauxqs 1.9.2's own CLI hard-codes 0.0.0.0, which would expose an unauthenticated S3 to the
// network, so this builds its app and listens where we say.
//
//   node scripts/s3-server.mjs [--port 9000] [--host 127.0.0.1]
//
// Port 0 picks a free port. Prints one line, "S3 server listening on http://host:port", once it
// accepts connections (test-support's global setup reads the port from it).
import { parseArgs } from 'node:util';
import { buildApp } from 'fauxqs';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

function readOptions() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.S3_PORT ?? '9000' },
      host: { type: 'string', default: '127.0.0.1' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer between 0 and 65535, got "${values.port}"`);
  }
  if (!LOOPBACK_HOSTS.has(values.host)) {
    throw new Error(
      `--host must be a loopback address (127.0.0.1, ::1, localhost), got "${values.host}"`,
    );
  }
  return { port, host: values.host };
}

async function main() {
  const { port, host } = readOptions();
  const app = buildApp({ logger: false });
  const address = await app.listen({ port, host });
  process.stdout.write(`S3 server listening on ${address}\n`);

  let closing = false;
  const close = (signal) => {
    if (closing) process.exit(1);
    closing = true;
    app.close().then(
      () => process.exit(0),
      (error) => {
        process.stderr.write(`S3 server: error while closing on ${signal}: ${error.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => close('SIGTERM'));
  process.on('SIGINT', () => close('SIGINT'));
}

main().catch((error) => {
  process.stderr.write(`S3 server failed to start: ${error.message}\n`);
  process.exit(1);
});
