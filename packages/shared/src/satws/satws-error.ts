import { AppError, classifyUpstream } from '../errors/index.js';
import { errorBodySchema } from './schemas/error-body.js';

const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'satws_bad_request',
  401: 'satws_unauthorized',
  403: 'satws_forbidden',
  404: 'satws_not_found',
  408: 'satws_timeout',
  409: 'satws_conflict',
  410: 'satws_gone',
  422: 'satws_unprocessable',
  425: 'satws_too_early',
  429: 'satws_rate_limited',
};

export function codeForStatus(status: number): string {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? 'satws_server_error' : 'satws_http_error');
}

/**
 * `POST /extractions` answers 409 while an equivalent extraction is pending or running
 * (satws-api.md §5.1): the caller should attach to that one, not retry.
 */
export class SatwsConflictError extends AppError {
  readonly conflictingExtractors: readonly string[];

  constructor(message: string, conflictingExtractors: readonly string[], requestId?: string) {
    super(message, { code: 'satws_conflict', retryable: false, status: 409, requestId });
    this.conflictingExtractors = conflictingExtractors;
  }
}

export function isSatwsConflict(error: unknown): error is SatwsConflictError {
  return error instanceof SatwsConflictError;
}

const MAX_MESSAGE_CHARS = 500;

/** The upstream's own words: `message`, else `hydra:description`, else the violations joined. */
export function upstreamMessage(text: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    return trimmed === '' ? undefined : trimmed.slice(0, MAX_MESSAGE_CHARS);
  }
  const parsed = errorBodySchema.safeParse(json);
  if (!parsed.success) return undefined;
  const body = parsed.data;
  const violations = body.violations
    ?.map((v) => (v.propertyPath ? `${v.propertyPath}: ${v.message ?? ''}` : (v.message ?? '')))
    .filter((line) => line !== '')
    .join('; ');
  const message = body.message ?? body['hydra:description'] ?? (violations || body['hydra:title']);
  return message?.slice(0, MAX_MESSAGE_CHARS);
}

function conflictingExtractorsOf(text: string): string[] {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data.conflictingExtractors ?? []) : [];
  } catch {
    return [];
  }
}

export interface HttpErrorInput {
  endpoint: string;
  status: number;
  text: string;
  requestId: string | undefined;
  retryAfterMs?: number | undefined;
}

/** One AppError per non-2xx answer, classified by the one shared rule (`classifyUpstream`). */
export function httpError(input: HttpErrorInput): AppError {
  const { endpoint, status, text, requestId } = input;
  const detail = upstreamMessage(text);
  const message = `SAT.ws ${endpoint} answered ${status}${detail ? `: ${detail}` : ''}`;
  if (status === 409) {
    const conflicting = conflictingExtractorsOf(text);
    const why = detail ? '' : ': an equivalent extraction is already pending or running';
    const which =
      conflicting.length > 0 ? ` (conflicting extractors: ${conflicting.join(', ')})` : '';
    return new SatwsConflictError(`${message}${why}${which}`, conflicting, requestId);
  }
  const outcome = classifyUpstream(status);
  return new AppError(message, {
    code: status < 400 ? 'satws_unexpected_status' : codeForStatus(status),
    retryable: outcome.kind === 'retryable',
    status,
    requestId,
    retryAfterMs: input.retryAfterMs,
    // The call budget pauses one endpoint group at a time (SAT.ws limits per key AND endpoint).
    endpoint,
  });
}

interface GotLikeError {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  timings?: unknown;
  event?: unknown;
}

/** Error codes that prove the request never reached the server, so even a POST may be resent. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

export function errorCodeOf(error: unknown): string | undefined {
  const code = (error as GotLikeError | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function wasNeverSent(error: AppError): boolean {
  const code = errorCodeOf(error.cause);
  return code !== undefined && NEVER_SENT_CODES.has(code);
}

/**
 * got's errors carry the request options, API key included, as enumerable fields: logging one
 * as a cause would print the key. Only its name, code and message are kept.
 */
function keyFreeCause(error: unknown): Error {
  const raw = error as GotLikeError | undefined;
  const cause = new Error(typeof raw?.message === 'string' ? raw.message : String(error));
  cause.name = typeof raw?.name === 'string' ? raw.name : 'Error';
  const code = errorCodeOf(error);
  return code === undefined ? cause : Object.assign(cause, { code });
}

/** A failure with no HTTP status: refused, reset, timed out, cut short. Always retryable. */
export function networkError(endpoint: string, error: unknown, requestId?: string): AppError {
  const raw = error as GotLikeError | undefined;
  const code = errorCodeOf(error);
  const reason = typeof raw?.message === 'string' ? raw.message : String(error);
  const isTimeout = raw?.name === 'TimeoutError';
  const isTruncated = code === 'ERR_HTTP_CONTENT_LENGTH_MISMATCH';
  const appCode = isTimeout
    ? 'satws_timeout'
    : isTruncated
      ? 'satws_truncated_body'
      : 'satws_network';
  return new AppError(`SAT.ws ${endpoint} failed without a complete response: ${reason}`, {
    code: appCode,
    retryable: classifyUpstream(undefined).kind === 'retryable',
    requestId,
    cause: keyFreeCause(error),
  });
}

export function invalidArgument(operation: string, problem: string): AppError {
  return new AppError(`SAT.ws client ${operation}: ${problem}`, {
    code: 'satws_invalid_argument',
    retryable: false,
  });
}
