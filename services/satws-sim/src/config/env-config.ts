import { readFileSync } from 'node:fs';
import type { SimulatorConfig } from './options.js';

type Env = Record<string, string | undefined>;

/**
 * `pnpm sim` configuration: an optional JSON file (`SIM_CONFIG`, same shape as the programmatic
 * options) overlaid by environment variables. Every bad variable is reported, not just the first.
 */
export function configFromEnv(env: Env): SimulatorConfig {
  const problems: string[] = [];
  const config: SimulatorConfig = { profile: 'demo', ...readConfigFile(env.SIM_CONFIG, problems) };
  const int = (name: string, min: number, max: number): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const value = Number(raw);
    if (Number.isInteger(value) && value >= min && value <= max) return value;
    problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    return undefined;
  };
  const port = int('SIM_PORT', 0, 65_535);
  if (port !== undefined) config.port = port;
  if (env.SIM_HOST) config.host = env.SIM_HOST;
  if (env.SIM_API_KEY) config.apiKey = env.SIM_API_KEY;
  if (env.SIM_ADMIN_KEY) config.adminKey = env.SIM_ADMIN_KEY;
  if (env.SIM_LOG_LEVEL) config.logLevel = env.SIM_LOG_LEVEL as SimulatorConfig['logLevel'];
  applyRateLimit(env.SIM_RATE_LIMIT, config, problems);
  const cap = int('SIM_DAILY_XML_CAP', 0, 10_000_000);
  if (cap !== undefined) config.dailyXmlCap = cap;
  const running = int('SIM_EXTRACTION_MS', 0, 30 * 86_400_000);
  if (running !== undefined) config.timings = { ...config.timings, extractionRunningMs: running };
  if (env.SIM_WEBHOOK_URL) {
    config.webhookEndpoints = [
      ...(config.webhookEndpoints ?? []),
      {
        url: env.SIM_WEBHOOK_URL,
        ...(env.SIM_WEBHOOK_SECRET ? { signingSecret: env.SIM_WEBHOOK_SECRET } : {}),
        ...(env.SIM_WEBHOOK_CONTENT_TYPE
          ? { contentType: env.SIM_WEBHOOK_CONTENT_TYPE as 'application/json' }
          : {}),
      },
    ];
  }
  if (problems.length > 0)
    throw new Error(
      `Invalid simulator configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  return config;
}

function readConfigFile(path: string | undefined, problems: string[]): SimulatorConfig {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as SimulatorConfig;
  } catch (error) {
    problems.push(`SIM_CONFIG=${path} cannot be read as JSON: ${(error as Error).message}`);
    return {};
  }
}

/** `off`, or requests per minute per key and endpoint (the upstream's documented 60). */
function applyRateLimit(
  raw: string | undefined,
  config: SimulatorConfig,
  problems: string[],
): void {
  if (raw === undefined || raw === '') return;
  if (raw === 'off') {
    config.rateLimit = { ...config.rateLimit, enabled: false };
    return;
  }
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1) {
    problems.push(
      `SIM_RATE_LIMIT must be "off" or a positive integer (requests per minute), got "${raw}"`,
    );
    return;
  }
  config.rateLimit = { enabled: true, limit, windowMs: 60_000 };
}
