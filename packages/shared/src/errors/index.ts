export { AppError, type AppErrorOptions, isAppError, isRetryable } from './app-error.js';
export { classifyUpstream, isRetryableStatus, type UpstreamOutcome } from './classify-upstream.js';
