import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcesses } from './child-processes.js';
import type { DemoOptions } from './demo-options.js';
import { choosePort, waitForHttp } from './network.js';
import { registerWebhook } from './register-webhook.js';
import {
  type ApiSettings,
  apiEnv,
  type DemoEnvironment,
  demoApiSettings,
  workerEnv,
} from './service-env.js';
import { DEMO_REQUESTS_PER_MINUTE, type DemoPeriod, simulatorConfig } from './simulator-config.js';
import type { StepLog } from './step-log.js';

export interface LaunchContext {
  root: string;
  logDir: string;
  options: DemoOptions;
  period: DemoPeriod;
  stack: Record<string, string>;
  children: ChildProcesses;
  steps: StepLog;
}

export interface LaunchedSystem {
  simUrl: string;
  apiUrl: string;
  api: ApiSettings;
  queuePrefix: string;
  logDir: string;
}

const START_TIMEOUT_MS = 30_000;

async function startSimulator(context: LaunchContext): Promise<DemoEnvironment> {
  const port = await choosePort(4010);
  const config = simulatorConfig(context.options, context.period, port);
  const configFile = join(context.logDir, 'demo-sim-config.json');
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  const simUrl = `http://127.0.0.1:${port}`;
  context.children.start({
    name: 'satws-sim',
    args: ['services/satws-sim/dist/main.js'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, SIM_CONFIG: configFile },
    logFile: join(context.logDir, 'demo-satws-sim.log'),
  });
  await waitForHttp(`${simUrl}/_sim/health`, { timeoutMs: START_TIMEOUT_MS });
  return {
    stack: context.stack,
    queuePrefix: `ie-demo-${Date.now().toString(36)}`,
    satws: { baseUrl: simUrl, apiKey: config.apiKey, requestsPerMinute: DEMO_REQUESTS_PER_MINUTE },
  };
}

function startServices(
  context: LaunchContext,
  demo: DemoEnvironment,
  api: ApiSettings,
  secret: string,
) {
  const log = (name: string) => join(context.logDir, `demo-${name}.log`);
  context.children.start({
    name: 'api',
    args: ['services/api/dist/main.js'],
    env: apiEnv(demo, api, secret),
    logFile: log('api'),
  });
  for (const name of ['requester', 'downloader']) {
    context.children.start({
      name,
      args: [`services/${name}/dist/main.js`],
      env: workerEnv(demo),
      logFile: log(name),
    });
  }
}

/**
 * The simulator, then the webhook endpoint (its secret is the api's SATWS_WEBHOOK_SECRET, so
 * registration comes before the api starts), then the three services as real processes.
 */
export async function launchSystem(context: LaunchContext): Promise<LaunchedSystem> {
  const { steps } = context;
  const demo = await steps.step('SAT.ws simulator', () => startSimulator(context));
  const api = demoApiSettings(await choosePort(3000));
  const apiUrl = `http://127.0.0.1:${api.port}`;
  const secret = await steps.step('webhook endpoint registered at the simulator', () =>
    registerWebhook({
      root: context.root,
      webhookUrl: `${apiUrl}/v1/webhooks/satws`,
      satws: demo.satws,
      logFile: join(context.logDir, 'demo-register-webhook.log'),
    }),
  );
  await steps.step('api, requester and downloader', async () => {
    startServices(context, demo, api, secret);
    await waitForHttp(`${apiUrl}/readyz`, { timeoutMs: START_TIMEOUT_MS });
  });
  return {
    simUrl: demo.satws.baseUrl,
    apiUrl,
    api,
    queuePrefix: demo.queuePrefix,
    logDir: context.logDir,
  };
}
