import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import {
  type RunningSimulator,
  type SimulatorOptions,
  startSimulator,
  type TaxpayerSeedInput,
} from '@invoice-extractor/satws-sim';
import { createCallBudget } from '@invoice-extractor/shared/budget';
import type { Queues } from '@invoice-extractor/shared/queues';
import {
  createCallLedger,
  createSatwsClient,
  type SatwsClient,
} from '@invoice-extractor/shared/satws';
import { ApiClient } from './api-client.js';
import { createIsolation, type Isolation } from './isolation.js';
import { createApp, registerWebhookEndpoint, startDownloader, startRequester } from './services.js';
import { createSystemLogger, type SystemLogger } from './system-logger.js';
import { createTestQueues, type RetryOverrides } from './test-queues.js';

export interface SystemOptions {
  /** Names the log file, S3 prefix and database's application name. */
  label: string;
  /** Seeded in the simulator: linked to SAT.ws, with a valid credential, unless said otherwise. */
  companies: TaxpayerSeedInput[];
  randomSeed?: string;
  /** Timings, faults, rate limits… of the simulator (its seed and address are the harness's). */
  simulator?: Omit<SimulatorOptions, 'seed' | 'port' | 'host' | 'webhookEndpoints'>;
  /** Event types to subscribe to; by default what the api's register command subscribes. */
  webhookEvents?: readonly string[];
  /** SAT.ws calls per minute shared by the workers; 0 (default) leaves the budget off. */
  satwsRequestsPerMinute?: number;
  concurrency?: { requester?: number; listings?: number; files?: number };
  /** Export ZIP above this many invoices; by default never, so tests get per-file mode. */
  exportThresholdInvoices?: number;
  /** Attempts and first-retry delay per queue; by default the catalog's attempts, 100 ms. */
  retries?: RetryOverrides;
}

export interface TestSystem {
  sim: RunningSimulator;
  api: ApiClient;
  apiUrl: string;
  /** Every route the api's app registered, middleware included. */
  routes: readonly AppRoute[];
  admin: { user: string; password: string };
  webhookSecret: string;
  webhookEndpointId: string;
  isolation: Isolation;
  queues: Queues;
  /** A client on the simulator for the test's own upstream calls. */
  satws: SatwsClient;
  logFile: string;
  stop(): Promise<void>;
}

const API_KEY = 'e2e-api-key-0123456789abcdef';
const ADMIN = { user: 'ops', password: 'e2e-admin-password' };

function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }) as Server;
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Runs every step even when one fails, then throws the first failure. */
async function runAll(steps: (() => Promise<unknown>)[]): Promise<void> {
  let first: unknown;
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      first ??= error;
    }
  }
  if (first !== undefined) throw first;
}

/** Teardown steps, pushed as things start and run newest first. */
type Teardown = (() => Promise<unknown>)[];

interface Upstream {
  sim: RunningSimulator;
  satws: SatwsClient;
  budget: ReturnType<typeof createCallBudget>;
}

async function startUpstream(
  options: SystemOptions,
  isolation: Isolation,
  log: SystemLogger,
  teardown: Teardown,
): Promise<Upstream> {
  const sim = await startSimulator({
    ...options.simulator,
    seed: { randomSeed: options.randomSeed ?? options.label, taxpayers: options.companies },
  });
  teardown.push(() => sim.stop());
  const budget = createCallBudget({
    redis: isolation.worker,
    prefix: isolation.queuePrefix,
    requestsPerMinute: options.satwsRequestsPerMinute ?? 0,
  });
  // As in the services' main.ts: every call counted per extraction, written before the pool goes.
  const callLedger = createCallLedger({ pool: isolation.pool, logger: log.logger });
  teardown.push(() => callLedger.close());
  const satws = createSatwsClient({
    baseUrl: sim.url,
    apiKey: sim.apiKey,
    budget,
    logger: log.logger,
    onCall: callLedger.record,
    // Shorter waits than production's: the simulator's faults are the point, not its pace.
    retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 500 },
  });
  return { sim, satws, budget };
}

/** A route the api answers, as Hono registered it (`/v1/extractions/:id`). */
export interface AppRoute {
  method: string;
  path: string;
}

interface ApiServer {
  apiUrl: string;
  routes: readonly AppRoute[];
  webhookSecret: string;
  webhookEndpointId: string;
}

/**
 * Listens first, so the URL exists; registers it at SAT.ws as an operator would (the secret
 * comes back from that call); then builds the app with the secret and starts answering.
 */
async function startApi(
  upstream: Upstream,
  deps: {
    isolation: Isolation;
    queues: Queues;
    log: SystemLogger;
    events: readonly string[] | undefined;
  },
  teardown: Teardown,
): Promise<ApiServer> {
  let app: ReturnType<typeof createApp> | undefined;
  const server = await listen((request) =>
    app ? app.fetch(request) : new Response('starting', { status: 503 }),
  );
  teardown.push(() => closeServer(server));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // By default the operators' registration (the event types the api acts on); a test may
  // subscribe to more, e.g. the per-invoice bursts the api must acknowledge without a job.
  const endpoint = deps.events
    ? await upstream.satws.createWebhookEndpoint({
        url: `${apiUrl}/v1/webhooks/satws`,
        events: [...deps.events],
      })
    : (await registerWebhookEndpoint(upstream.satws, apiUrl)).endpoint;
  const { isolation } = deps;
  app = createApp({
    pool: isolation.pool,
    queues: deps.queues,
    logger: deps.log.logger,
    apiKeys: [API_KEY],
    webhookSecret: endpoint.signingSecret,
    admin: ADMIN,
    readiness: { redis: isolation.producer, s3: isolation.s3 },
  });
  const routes = app.routes.map(({ method, path }) => ({ method, path }));
  return { apiUrl, routes, webhookSecret: endpoint.signingSecret, webhookEndpointId: endpoint.id };
}

function startWorkers(
  options: SystemOptions,
  upstream: Upstream,
  deps: { isolation: Isolation; queues: Queues; log: SystemLogger },
  teardown: Teardown,
): void {
  const { isolation, queues } = deps;
  const shared = {
    pool: isolation.pool,
    queues,
    satws: upstream.satws,
    budget: upstream.budget,
    redis: isolation.worker,
    queuePrefix: isolation.queuePrefix,
    logger: deps.log.logger,
  };
  const requester = startRequester({ ...shared, concurrency: options.concurrency?.requester ?? 5 });
  teardown.push(() => requester.close());
  const downloader = startDownloader({
    ...shared,
    concurrency: {
      listings: options.concurrency?.listings ?? 2,
      files: options.concurrency?.files ?? 16,
    },
    s3: isolation.s3,
    exportThresholdInvoices: options.exportThresholdInvoices ?? Number.MAX_SAFE_INTEGER,
  });
  teardown.push(() => downloader.close());
}

/**
 * The whole system in this process on the shared servers, isolated: its own database, queue
 * prefix and S3 key prefix; the simulator and the api on ephemeral ports; the api's webhook
 * endpoint registered at the simulator; the requester's and downloader's workers running.
 */
export async function startSystem(options: SystemOptions): Promise<TestSystem> {
  const log = createSystemLogger(options.label);
  const teardown: Teardown = [() => log.close()];
  const stop = () => runAll(teardown.splice(0).reverse());
  try {
    const isolation = await createIsolation(options.label, log.logger);
    teardown.push(() => isolation.release());
    const queues = createTestQueues(
      { connection: isolation.producer, prefix: isolation.queuePrefix, logger: log.logger },
      options.retries,
    );
    teardown.push(() => queues.close());
    const upstream = await startUpstream(options, isolation, log, teardown);
    const events = options.webhookEvents;
    const api = await startApi(upstream, { isolation, queues, log, events }, teardown);
    startWorkers(options, upstream, { isolation, queues, log }, teardown);
    return {
      ...api,
      sim: upstream.sim,
      satws: upstream.satws,
      api: new ApiClient(api.apiUrl, API_KEY),
      admin: ADMIN,
      isolation,
      queues,
      logFile: log.file,
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
