import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HttpBindings, serve } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Hono } from 'hono';
import { type Logger, pino } from 'pino';
import { SimAdmin } from './admin/sim-admin.js';
import {
  describeZodError,
  type ParsedSimulatorConfig,
  type SimulatorOptions,
  simulatorConfigSchema,
} from './config/options.js';
import { DEMO_SETTINGS, type Settings, TEST_SETTINGS } from './config/settings.js';
import { BlobSigner } from './core/blob-signer.js';
import { CallCounter } from './core/call-counter.js';
import { createClock } from './core/clock.js';
import { createIdGenerator } from './core/ids.js';
import { createScheduler } from './core/scheduler.js';
import type { SimCore } from './core/sim-core.js';
import { CfdiFiles } from './data/file-content.js';
import { createPrng } from './data/prng.js';
import { writeFaultyBody } from './faults/body-fault.js';
import { FaultBook } from './faults/fault-book.js';
import { createApp } from './http/app.js';
import { pendingBodyFaults } from './http/frame.js';
import type { SimEnv } from './http/sim-env.js';
import { FixedWindowLimiter } from './rate-limit/fixed-window.js';
import { DEFAULT_SEED } from './seed/seed-spec.js';
import { Store } from './state/store.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';

export interface RunningSimulator {
  /** `http://127.0.0.1:<port>` — the base URL to give a SAT.ws client. */
  url: string;
  port: number;
  apiKey: string;
  admin: SimAdmin;
  /** Closes the server and every connection, cancels timers and pending webhook deliveries. */
  stop(): Promise<void>;
}

/**
 * Starts a simulator in this process. Defaults suit tests: port 0 (ephemeral), fast timings,
 * no rate limit, silent logs, the default seed. `profile: 'demo'` gives the `pnpm sim` defaults.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const { clock: timeSource, logger, ...input } = options;
  const parsed = simulatorConfigSchema.safeParse(input);
  if (!parsed.success) throw new Error(describeZodError(parsed.error, 'simulator options'));
  const config = parsed.data;
  const level = config.logLevel ?? (config.profile === 'demo' ? 'info' : 'silent');
  const core = createCore(config, logger ?? pino({ name: 'satws-sim', level }), timeSource);
  const dispatcher = new WebhookDispatcher(core);
  core.onEvent = (event) => dispatcher.dispatch(event);
  const admin = new SimAdmin(core, dispatcher, {
    settings: core.settings,
    seed: config.seed ?? DEFAULT_SEED,
    faults: config.faults ?? [],
    webhookEndpoints: config.webhookEndpoints ?? [],
  });
  try {
    admin.reset();
  } catch (error) {
    throw new Error(`Invalid simulator seed or webhook endpoints: ${(error as Error).message}`);
  }
  const port = config.port ?? (config.profile === 'demo' ? 4010 : 0);
  const server = await listen(
    serverFetch(createApp(core, admin)),
    config.host ?? '127.0.0.1',
    port,
  );
  const host = config.host === undefined || config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${bound}`,
    port: bound,
    apiKey: [...core.apiKeys][0] ?? '',
    admin,
    stop: once(() => {
      core.scheduler.cancelAll();
      dispatcher.stop();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }),
  };
}

/** The Hono app behind node-server, plus the body faults that need the raw socket. */
function serverFetch(
  app: Hono<SimEnv>,
): (request: Request, env: HttpBindings) => Promise<Response> {
  return async (request, env) => {
    const response = await app.fetch(request, env);
    const fault = pendingBodyFaults.get(request);
    if (!fault) return response;
    await writeFaultyBody(env.outgoing, response, fault);
    return RESPONSE_ALREADY_SENT;
  };
}

function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => {
    running ??= action();
    return running;
  };
}

function createCore(
  config: ParsedSimulatorConfig,
  logger: Logger,
  timeSource: (() => number) | undefined,
): SimCore {
  const clock = createClock(timeSource);
  const randomSeed = String(config.seed?.randomSeed ?? DEFAULT_SEED.randomSeed);
  const core: SimCore = {
    settings: settingsFor(config),
    randomSeed,
    clock,
    ids: createIdGenerator(clock.now),
    store: new Store(),
    scheduler: createScheduler(logger),
    logger,
    files: new CfdiFiles(),
    faults: new FaultBook(createPrng(`${randomSeed}|faults`)),
    random: createPrng(`${randomSeed}|random`),
    limiter: new FixedWindowLimiter(() => core.settings.rateLimit, clock.now),
    calls: new CallCounter(),
    blobs: new BlobSigner(),
    apiKeys: new Set([config.apiKey ?? 'sim_test_api_key', ...(config.apiKeys ?? [])]),
    adminKey: config.adminKey,
    onEvent: () => undefined,
  };
  return core;
}

function settingsFor(config: ParsedSimulatorConfig): Settings {
  const base = config.profile === 'demo' ? DEMO_SETTINGS : TEST_SETTINGS;
  return {
    timings: { ...base.timings, ...config.timings },
    rateLimit: { ...base.rateLimit, ...config.rateLimit },
    webhooks: {
      retryDelaysMs: config.webhookRetryDelaysMs ?? base.webhooks.retryDelaysMs,
      timeoutMs: config.webhookTimeoutMs ?? base.webhooks.timeoutMs,
    },
    dailyXmlCap: config.dailyXmlCap === undefined ? base.dailyXmlCap : config.dailyXmlCap,
    downloadUrlTtlSeconds: config.downloadUrlTtlSeconds ?? base.downloadUrlTtlSeconds,
    eventRetentionDays: config.eventRetentionDays ?? base.eventRetentionDays,
  };
}

function listen(
  fetch: (request: Request, env: HttpBindings) => Promise<Response>,
  hostname: string,
  port: number,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: fetch as never, hostname, port }) as Server;
    server.once('listening', () => resolve(server));
    server.once('error', (error) =>
      reject(new Error(`Simulator cannot listen on ${hostname}:${port}: ${error.message}`)),
    );
  });
}
