import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type RunningSimulator,
  type SimulatorOptions,
  startSimulator,
  type TaxpayerSeedInput,
} from '@invoice-extractor/satws-sim';
import { choosePort, waitForHttp } from '../../../scripts/demo/network.js';
import { apiEnv, demoApiSettings, workerEnv } from '../../../scripts/demo/service-env.js';
import { ServiceProcesses } from '../../chaos/service-processes.js';
import { ApiClient } from '../../support/api-client.js';
import { createIsolation, type Isolation } from '../../support/isolation.js';
import { registerApiWebhook, serviceEnvironment } from '../../support/service-environment.js';
import { createSystemLogger } from '../../support/system-logger.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const START_TIMEOUT_MS = 30_000;

export interface ProcessSystemOptions {
  label: string;
  companies: TaxpayerSeedInput[];
  simulator?: Omit<SimulatorOptions, 'seed' | 'port' | 'host' | 'webhookEndpoints'>;
  /** Extra environment of the downloader process, e.g. EXPORT_POLL_MS. */
  downloaderEnv: Record<string, string>;
}

export interface ProcessSystem {
  sim: RunningSimulator;
  api: ApiClient;
  isolation: Isolation;
  /** `kill('downloader')` SIGKILLs it, `restart('downloader')` brings it back. */
  services: ServiceProcesses;
  stop(): Promise<void>;
}

/**
 * The simulator in this process; the api, requester and downloader as real `node` processes
 * (built `dist/`), so a test can SIGKILL the downloader mid-export and restart it. The
 * requester runs no reconciler: what brings a lost webhook's news back is the export job's own
 * polling, which is what these tests are about.
 */
export async function startProcessSystem(options: ProcessSystemOptions): Promise<ProcessSystem> {
  const label = `${options.label}-${Date.now().toString(36)}`;
  // Not in .stack/logs/e2e/, whose pruning expects files only.
  const logDir = join(ROOT, '.stack', 'logs', 'e2e-processes', label);
  mkdirSync(logDir, { recursive: true });
  const log = createSystemLogger(label);
  const isolation = await createIsolation(label, log.logger);
  const sim = await startSimulator({
    ...options.simulator,
    seed: { randomSeed: label, taxpayers: options.companies },
  });
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
    const env = serviceEnvironment(isolation, sim, 6_000);
    const { RECONCILE_EVERY_MS: _reconciler, ...workers } = workerEnv(env);
    const start = (name: string, script: string, processEnv: NodeJS.ProcessEnv) =>
      services.start({ name, script, env: processEnv, logFile: join(logDir, `${name}.log`) });
    start('api', 'services/api/dist/main.js', apiEnv(env, api, secret));
    start('requester', 'services/requester/dist/main.js', workers);
    start('downloader', 'services/downloader/dist/main.js', {
      ...workers,
      ...options.downloaderEnv,
    });
    await waitForHttp(`${apiUrl}/readyz`, { timeoutMs: START_TIMEOUT_MS });
    return { sim, api: new ApiClient(apiUrl, api.apiKey), isolation, services, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
