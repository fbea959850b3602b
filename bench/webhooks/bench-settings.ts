export interface WebhookBenchOptions {
  /** Small sizes for a smoke run (`pnpm bench --quick`); not the figures to quote. */
  quick?: boolean;
  /** The stack's settings (`scripts/stack.mjs up`); brought up when absent. */
  stack?: Record<string, string>;
  /** The fixed offered load, requests/s (the 500). */
  offeredRate?: number;
  /** How long each fixed-load run lasts. */
  fixedRateSeconds?: number;
  /** Connections of the fixed-load runs. */
  fixedRateConnections?: number;
  /** Requests of each unthrottled run. */
  unthrottledRequests?: number;
  /** Deliveries of each burst (the issue asks for at least 20,000). */
  burstDeliveries?: number;
  /** Connections of the unthrottled runs and the bursts. */
  connections?: number;
  /** Runs of each unthrottled, burst and single-row measurement; the median is reported. */
  repeats?: number;
  /**
   * The api's LOG_LEVEL. `warn` by default, as the other benchmarks run the services: at
   * `info` the api writes one line per request, which costs more than the rest of a delivery.
   */
  logLevel?: string;
  /** Extra `node` flags for the api process, e.g. `--cpu-prof`. */
  apiNodeArgs?: readonly string[];
  /** Progress lines; silent by default. */
  progress?: (line: string) => void;
}

export type WebhookBenchSettings = Required<Omit<WebhookBenchOptions, 'quick' | 'stack'>>;

/** The options with their defaults: the full run the README quotes, or a quick smoke run. */
export function webhookBenchSettings(options: WebhookBenchOptions): WebhookBenchSettings {
  const quick = options.quick ?? false;
  return {
    offeredRate: options.offeredRate ?? 500,
    fixedRateSeconds: options.fixedRateSeconds ?? (quick ? 3 : 10),
    fixedRateConnections: options.fixedRateConnections ?? 10,
    unthrottledRequests: options.unthrottledRequests ?? (quick ? 5_000 : 30_000),
    burstDeliveries: options.burstDeliveries ?? (quick ? 5_000 : 20_000),
    connections: options.connections ?? 100,
    repeats: options.repeats ?? (quick ? 1 : 3),
    logLevel: options.logLevel ?? 'warn',
    apiNodeArgs: options.apiNodeArgs ?? [],
    progress: options.progress ?? (() => undefined),
  };
}
