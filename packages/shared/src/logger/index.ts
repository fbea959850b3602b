export {
  type CreateLoggerOptions,
  createLogger,
  type Logger,
  REDACTED_KEYS,
} from './create-logger.js';
