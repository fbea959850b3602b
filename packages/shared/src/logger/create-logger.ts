import { type Logger, type LoggerOptions, pino } from 'pino';
import { createDeepRedactor } from './redact-deep.js';

export type { Logger } from 'pino';

/**
 * Keys whose values never reach a log line, wherever they sit in the logged object
 * (STYLE.md: never log keys, secrets, signed URLs or SQL parameters).
 */
export const REDACTED_KEYS = [
  'apiKey',
  'api_key',
  'password',
  'secret',
  'signingSecret',
  'accessKeyId',
  'secretAccessKey',
  'authorization',
  'Authorization',
  'x-api-key',
  'X-API-Key',
  'X-Api-Key',
  'x-satws-signature',
  'x-syntage-signature',
  'cookie',
  'set-cookie',
  'token',
  'sessionToken',
  'params',
  // Field names of the parsed config (`config.api.apiKeys`, `config.api.webhookSecret`).
  'apiKeys',
  'webhookSecret',
];

const CENSOR = '[redacted]';

// Paths still apply after serializers (a logged error's own properties) and to child bindings,
// which the deep redactor does not see.
const REDACT_PATHS = REDACTED_KEYS.flatMap((key) => {
  const quoted = `["${key}"]`;
  return [quoted, `*${quoted}`, `*.*${quoted}`, `*.*.*${quoted}`];
});

export interface CreateLoggerOptions {
  level?: string;
  name?: string;
  /** Where lines go; defaults to stdout. Tests pass a stream to read what was written. */
  destination?: NodeJS.WritableStream;
}

const redactDeep = createDeepRedactor(REDACTED_KEYS, CENSOR);

/** JSON lines on stdout, one object per event, with secrets replaced by "[redacted]". */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    base: options.name ? { service: options.name } : {},
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }), log: redactDeep },
  };
  // Synchronous writes to stdout: pino's default is asynchronous, and a process that exits (a
  // shutdown under load, a crash) can then lose its last lines — the ones that say why it
  // stopped. At one line per request or job attempt the cost of writing synchronously is small.
  const destination = options.destination ?? pino.destination({ dest: 1, sync: true });
  return pino(config, destination);
}
