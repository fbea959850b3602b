import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type FaultRuleInput,
  type RunningSimulator,
  startSimulator,
  type TaxpayerSeedInput,
} from '@invoice-extractor/satws-sim';
import { choosePort, waitForHttp } from '../../scripts/demo/network.js';
import { apiEnv, demoApiSettings, workerEnv } from '../../scripts/demo/service-env.js';
import { ServiceProcesses } from '../chaos/service-processes.js';
import { ApiClient } from '../support/api-client.js';
import { createIsolation, type Isolation } from '../support/isolation.js';
import { registerApiWebhook, serviceEnvironment } from '../support/service-environment.js';
import { createSystemLogger } from '../support/system-logger.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LOG_DIR = join(ROOT, '.stack', 'logs', 'e2e');
const START_TIMEOUT_MS = 30_000;

export interface ProcessSystemOptions {
  label: string;
  companies: TaxpayerSeedInput[];
  faults?: FaultRuleInput[];
  /** How many downloader processes, each with its own dispatcher. */
  downloaders: number;
  /** Extra environment of every downloader process (DISPATCH_BACKLOG, …). */
  downloaderEnv: Record<string, string>;
}

export interface ProcessSystem {
  sim: RunningSimulator;
  api: ApiClient;
  isolation: Isolation;
  logDir: string;
  stop(): Promise<void>;
}

/**
 * The api, the requester and `downloaders` downloader processes started from their built
 * `dist/main.js` with their own environment, as in production; the simulator in this process.
 * Isolated on the shared servers by a database, queue prefix and S3 key prefix of their own.
 */
export async function startProcessSystem(options: ProcessSystemOptions): Promise<ProcessSystem> {
  const label = `${options.label}-${Date.now().toString(36)}`;
  const logDir = join(LOG_DIR, label);
  mkdirSync(logDir, { recursive: true });
  const log = createSystemLogger(label);
  const isolation = await createIsolation(label, log.logger);
  const sim = await startSimulator({
    seed: { randomSeed: options.label, taxpayers: options.companies },
    faults: options.faults ?? [],
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
    const environment = serviceEnvironment(isolation, sim, 100_000);
    services.start({
      name: 'api',
      script: 'services/api/dist/main.js',
      env: apiEnv(environment, api, secret),
      logFile: join(logDir, 'api.log'),
    });
    services.start({
      name: 'requester',
      script: 'services/requester/dist/main.js',
      env: workerEnv(environment),
      logFile: join(logDir, 'requester.log'),
    });
    for (let index = 1; index <= options.downloaders; index += 1) {
      services.start({
        name: `downloader-${index}`,
        script: 'services/downloader/dist/main.js',
        env: { ...workerEnv(environment), ...options.downloaderEnv },
        logFile: join(logDir, `downloader-${index}.log`),
      });
    }
    await waitForHttp(`${apiUrl}/readyz`, { timeoutMs: START_TIMEOUT_MS });
    return { sim, api: new ApiClient(apiUrl, api.apiKey), isolation, logDir, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
