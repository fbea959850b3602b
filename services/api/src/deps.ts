import type { S3Client } from '@aws-sdk/client-s3';
import type { Logger } from '@invoice-extractor/shared/logger';
import type { Queues } from '@invoice-extractor/shared/queues';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import type { WebhookInbox } from './webhooks/webhook-inbox.js';

/** Everything the api needs, built by `main.ts` (or a test, or the demo) and passed in once. */
export interface ApiDeps {
  pool: Pool;
  /** Every queue of the shared catalog on a producer connection. */
  queues: Queues;
  logger: Logger;
  /** Bearer tokens accepted from internal callers. */
  apiKeys: readonly string[];
  /** Signing secret of our webhook endpoint at SAT.ws. */
  webhookSecret: string;
  /** Basic-auth credentials of Bull Board. */
  admin: { user: string; password: string };
  /** What `/readyz` checks besides PostgreSQL (the pool). */
  readiness: { redis: Redis; s3: { client: S3Client; bucket: string } };
  /**
   * Where webhook deliveries are stored (group commit). `main.ts` builds it to close it on
   * shutdown; without one the webhook route builds its own over `pool` and `queues`.
   */
  webhookInbox?: WebhookInbox;
}

/** Hono's per-request variables. */
export interface AppEnv {
  Variables: { requestId: string };
}
