import { randomBytes } from 'node:crypto';

/** What every child shares: the stack's URLs, one queue prefix, one SAT.ws budget. */
export interface DemoEnvironment {
  stack: Record<string, string>;
  queuePrefix: string;
  satws: { baseUrl: string; apiKey: string; requestsPerMinute: number };
}

export interface ApiSettings {
  port: number;
  apiKey: string;
  admin: { user: string; password: string };
}

/** Fresh credentials per run: the demo prints them, so they must be worth nothing afterwards. */
export function demoApiSettings(port: number): ApiSettings {
  return {
    port,
    apiKey: `demo-${randomBytes(12).toString('hex')}`,
    admin: { user: 'admin', password: `demo-${randomBytes(8).toString('hex')}` },
  };
}

/**
 * A clean environment per child, not the caller's: a stray S3_KEY_PREFIX or QUEUE_PREFIX in
 * someone's shell would otherwise send the demo's files or jobs somewhere else.
 */
export function baseEnv(demo: DemoEnvironment): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...demo.stack,
    QUEUE_PREFIX: demo.queuePrefix,
    SATWS_BASE_URL: demo.satws.baseUrl,
    SATWS_API_KEY: demo.satws.apiKey,
    SATWS_REQUESTS_PER_MINUTE: String(demo.satws.requestsPerMinute),
    LOG_LEVEL: 'info',
    SHUTDOWN_TIMEOUT_MS: '10000',
  };
}

export function apiEnv(demo: DemoEnvironment, api: ApiSettings, webhookSecret: string) {
  return {
    ...baseEnv(demo),
    PORT: String(api.port),
    API_KEYS: api.apiKey,
    ADMIN_USER: api.admin.user,
    ADMIN_PASSWORD: api.admin.password,
    SATWS_WEBHOOK_SECRET: webhookSecret,
  };
}

export function workerEnv(demo: DemoEnvironment) {
  // The reconciler (read by the requester only) runs often so a lost webhook is recovered
  // within the demo's lifetime.
  return {
    ...baseEnv(demo),
    WORKER_CONCURRENCY: '4',
    DOWNLOAD_CONCURRENCY: '16',
    RECONCILE_EVERY_MS: '5000',
  };
}
