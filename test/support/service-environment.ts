import { randomBytes } from 'node:crypto';
import { ACTIONABLE_EVENT_TYPES } from '@invoice-extractor/api';
import type { RunningSimulator } from '@invoice-extractor/satws-sim';
import { testS3Settings } from '@invoice-extractor/test-support/s3';
import type { DemoEnvironment } from '../../scripts/demo/service-env.js';
import type { Isolation } from './isolation.js';

/**
 * What every service process of a test system shares, in the shape the demo's `apiEnv` and
 * `workerEnv` take: the isolation's database, queue prefix and S3 prefix, and the simulator.
 */
export function serviceEnvironment(
  isolation: Isolation,
  sim: RunningSimulator,
  requestsPerMinute: number,
): DemoEnvironment {
  const s3 = testS3Settings();
  return {
    stack: {
      DATABASE_URL: isolation.database.url,
      REDIS_URL: isolation.redisUrl,
      S3_ENDPOINT: s3.endpoint,
      S3_REGION: s3.region,
      S3_BUCKET: s3.bucket,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
      S3_KEY_PREFIX: isolation.s3.keyPrefix,
    },
    queuePrefix: isolation.queuePrefix,
    satws: { baseUrl: sim.url, apiKey: sim.apiKey, requestsPerMinute },
  };
}

/**
 * Registers the api's webhook URL at the simulator, before the api listens, for the event
 * types the api acts on, with a secret chosen here; returns it for SATWS_WEBHOOK_SECRET.
 */
export function registerApiWebhook(sim: RunningSimulator, apiUrl: string): string {
  const secret = randomBytes(16).toString('hex');
  sim.admin.registerWebhookEndpoint({
    url: `${apiUrl}/v1/webhooks/satws`,
    events: [...ACTIONABLE_EVENT_TYPES],
    signingSecret: secret,
  });
  return secret;
}
