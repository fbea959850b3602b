// Operator command: registers the api's public webhook URL with SAT.ws and prints the signing
// secret to put in SATWS_WEBHOOK_SECRET. `pnpm register-webhook -- [--replace] <public url>`.
import { createCallBudget } from '@invoice-extractor/shared/budget';
import { ConfigError, envUrl, queueEnv, satwsEnv } from '@invoice-extractor/shared/config';
import { createRedisConnection } from '@invoice-extractor/shared/queues';
import { createSatwsClient } from '@invoice-extractor/shared/satws';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { parseGroups } from '../config.js';
import { registerWebhookEndpoint } from '../webhooks/register-endpoint.js';

const USAGE = `Usage: pnpm register-webhook -- [--replace] <public url of the api>
  e.g. pnpm register-webhook -- https://invoices.example.com
Reads SATWS_BASE_URL and SATWS_API_KEY; with REDIS_URL set, its calls count against the
SAT.ws budget the workers share (SATWS_REQUESTS_PER_MINUTE, QUEUE_PREFIX).
--replace deletes an endpoint already registered for the same URL first.`;

const optionalRedisEnv = z
  .object({ REDIS_URL: envUrl({ protocols: ['redis:', 'rediss:'], optional: true }) })
  .transform((env) => ({ url: env.REDIS_URL }));

function parseArgs(args: readonly string[]): { url: string; replace: boolean } | null {
  const flags = args.filter((arg) => arg.startsWith('-') && arg !== '--');
  const positional = args.filter((arg) => !arg.startsWith('-'));
  if (flags.some((flag) => flag !== '--replace') || positional.length !== 1) return null;
  return { url: positional[0] ?? '', replace: flags.includes('--replace') };
}

async function run(args: { url: string; replace: boolean }): Promise<void> {
  const config = parseGroups(
    { satws: satwsEnv, redis: optionalRedisEnv, queue: queueEnv },
    process.env,
  );
  let redis: Redis | undefined;
  try {
    redis = config.redis.url ? createRedisConnection(config.redis.url, 'worker') : undefined;
    const budget = redis
      ? createCallBudget({
          redis,
          prefix: config.queue.prefix,
          requestsPerMinute: config.satws.requestsPerMinute,
        })
      : undefined;
    const client = createSatwsClient({
      baseUrl: config.satws.baseUrl,
      apiKey: config.satws.apiKey,
      budget,
    });
    const { endpoint, replacedIds } = await registerWebhookEndpoint(client, args.url, {
      replace: args.replace,
    });
    for (const id of replacedIds) process.stdout.write(`Deleted the previous endpoint ${id}\n`);
    process.stdout.write(
      `Registered SAT.ws webhook endpoint ${endpoint.id}\n` +
        `  url:    ${endpoint.url}\n  events: ${endpoint.events.join(', ')}\n\n` +
        'Set this in the api environment (it verifies every delivery), then restart the api:\n' +
        `SATWS_WEBHOOK_SECRET=${endpoint.signingSecret}\n`,
    );
  } finally {
    await redis?.quit();
  }
}

const args = parseArgs(process.argv.slice(2));
if (!args) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
run(args).then(
  () => process.exit(0),
  (error: unknown) => {
    const message =
      error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`register-webhook: ${message}\n`);
    process.exit(1);
  },
);
