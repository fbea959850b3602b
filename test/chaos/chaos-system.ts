import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type FaultRuleInput,
  type RunningSimulator,
  startSimulator,
} from '@invoice-extractor/satws-sim';
import { choosePort, waitForHttp } from '../../scripts/demo/network.js';
import {
  type ApiSettings,
  apiEnv,
  type DemoEnvironment,
  demoApiSettings,
  workerEnv,
} from '../../scripts/demo/service-env.js';
import { ApiClient } from '../support/api-client.js';
import { createIsolation, type Isolation } from '../support/isolation.js';
import { registerApiWebhook, serviceEnvironment } from '../support/service-environment.js';
import { createSystemLogger, type SystemLogger } from '../support/system-logger.js';
import type { ChaosProfile } from './chaos-profile.js';
import { ServiceProcesses } from './service-processes.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LOG_DIR = join(ROOT, '.stack', 'logs', 'chaos');
const START_TIMEOUT_MS = 30_000;
const DOWNLOADS = '/invoices/*/cfdi';
/** Large enough never to run out: the spent count is how many times the fault fired. */
const COUNTED = 1_000_000;
const RECONCILE_EVERY_MS = 2_000;

export interface ChaosSystem {
  sim: RunningSimulator;
  api: ApiClient;
  isolation: Isolation;
  services: ServiceProcesses;
  rfcs: string[];
  /** Fault rules as installed, to count later how often each fired. */
  faults: FaultRuleInput[];
  logDir: string;
  stop(): Promise<void>;
}

/**
 * Upstream faults at modest probabilities, for the whole run; and on webhooks, 20% dropped
 * (when asked) and every other one delivered twice, out of order.
 */
export function chaosFaults(profile: ChaosProfile): FaultRuleInput[] {
  const faults: FaultRuleInput[] = [];
  if (profile.flags.upstreamFaults) {
    faults.push(
      { id: 'http-503', kind: 'error', status: 503, path: DOWNLOADS, probability: 0.08 },
      {
        id: 'http-429',
        kind: 'rate-limit',
        retryAfterSeconds: 1,
        path: DOWNLOADS,
        probability: 0.02,
      },
      { id: 'reset', kind: 'reset', path: DOWNLOADS, probability: 0.04 },
      { id: 'truncate', kind: 'truncate', path: DOWNLOADS, probability: 0.04 },
      {
        id: 'listing-502',
        kind: 'error',
        status: 502,
        path: '/entities/*/invoices',
        // A run lists only a handful of pages (1000 invoices each): a probability would rarely
        // fire, so the first listing call fails for certain.
        count: 1,
      },
      {
        id: 'request-500',
        kind: 'error',
        status: 500,
        path: '/extractions',
        method: 'POST',
        count: 1,
      },
    );
  }
  if (profile.flags.dropWebhooks) {
    // A short run sees only a handful of status webhooks: the first one always goes missing,
    // so a run never passes merely because 20% happened to drop none.
    faults.push(
      { id: 'webhook-drop-first', kind: 'drop', eventType: 'extraction.updated', count: 1 },
      { id: 'webhook-drop', kind: 'drop', probability: 0.2 },
    );
  }
  faults.push(
    { id: 'webhook-duplicate', kind: 'duplicate', copies: 2 },
    { id: 'webhook-shuffle', kind: 'shuffle', maxDelayMs: 1_000 },
  );
  return faults.map((rule) => ('count' in rule && rule.count ? rule : { ...rule, count: COUNTED }));
}

function startServices(
  services: ServiceProcesses,
  environment: DemoEnvironment,
  api: ApiSettings,
  secret: string,
  logDir: string,
): void {
  services.start({
    name: 'api',
    script: 'services/api/dist/main.js',
    env: apiEnv(environment, api, secret),
    logFile: join(logDir, 'api.log'),
  });
  // The requester also runs the reconciler, often: a run lasts minutes, not hours.
  const reconciler = { RECONCILE_EVERY_MS: String(RECONCILE_EVERY_MS) };
  for (const name of ['requester', 'downloader']) {
    services.start({
      name,
      script: `services/${name}/dist/main.js`,
      env: { ...workerEnv(environment), ...(name === 'requester' ? reconciler : {}) },
      logFile: join(logDir, `${name}.log`),
    });
  }
}

async function startUpstream(profile: ChaosProfile, label: string) {
  const faults = chaosFaults(profile);
  const sim = await startSimulator({
    seed: {
      randomSeed: label,
      taxpayers: Array.from({ length: profile.companies }, (_, index) => ({
        personType: index % 2 === 0 ? ('legal' as const) : ('physical' as const),
        invoices: profile.invoicesPerCompany,
        from: '2025-04-01',
        to: '2025-06-30',
      })),
    },
    faults,
  });
  return { sim, faults };
}

/**
 * The simulator in this process; the api, requester and downloader as real processes on the
 * shared servers, isolated by their own database, queue prefix and S3 key prefix.
 */
export async function startChaosSystem(profile: ChaosProfile): Promise<ChaosSystem> {
  const label = `chaos-${profile.name}-${Date.now().toString(36)}`;
  const logDir = join(LOG_DIR, label);
  mkdirSync(logDir, { recursive: true });
  const log: SystemLogger = createSystemLogger(label);
  const isolation = await createIsolation(label, log.logger);
  const { sim, faults } = await startUpstream(profile, label);
  const services = new ServiceProcesses(ROOT);
  const stop = async () => {
    await services.stopAll();
    await sim.stop();
    await isolation.release();
    await log.close();
  };
  try {
    const api = demoApiSettings(await choosePort(0));
    const apiUrl = `http://127.0.0.1:${api.port}`;
    const secret = registerApiWebhook(sim, apiUrl);
    startServices(services, serviceEnvironment(isolation, sim, 6_000), api, secret, logDir);
    await waitForHttp(`${apiUrl}/readyz`, { timeoutMs: START_TIMEOUT_MS });
    const truth = await sim.admin.truth(undefined, { digests: false });
    const rfcs = truth.taxpayers.map((taxpayer) => taxpayer.rfc);
    return {
      sim,
      api: new ApiClient(apiUrl, api.apiKey),
      isolation,
      services,
      rfcs,
      faults,
      logDir,
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
