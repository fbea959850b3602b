import got, { type Got, type Response } from 'got';
import type { AppError } from '../errors/index.js';
import { attributedExtractionId } from './call-attribution.js';
import type { ResolvedClientOptions } from './client-options.js';
import { headerValue, type OpenedStream, openStream, readErrorText } from './open-stream.js';
import { parseJsonText } from './parse-response.js';
import { rateLimitWaitMs } from './rate-limit-reset.js';
import { withRetries } from './retry-loop.js';
import { httpError, networkError } from './satws-error.js';
import type { ThroughputFloor } from './throughput-guard.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface JsonRequest {
  method: HttpMethod;
  /** Stable template for budgets, call counts and logs, e.g. `GET /extractions/{id}`. */
  endpoint: string;
  /** Absolute path (with its query) relative to the base URL, e.g. a `hydra:next` IRI. */
  path: string;
  json?: unknown;
  headers?: Record<string, string>;
}

export interface JsonResponse {
  status: number;
  body: unknown;
  requestId: string | undefined;
}

export interface StreamRequest {
  endpoint: string;
  url: string;
  headers?: Record<string, string>;
}

/** When a 429 names no reset time, wait about as long as a short backoff. */
const FALLBACK_RATE_LIMIT_WAIT_MS = 1_000;

function retryAfterOf(status: number, headers: Response['headers']): number | undefined {
  return status === 429 ? (rateLimitWaitMs(headers) ?? FALLBACK_RATE_LIMIT_WAIT_MS) : undefined;
}

/**
 * The only place that talks HTTP to SAT.ws: headers, timeouts, the budget before each attempt,
 * `onCall` and a debug line after it (never the key), and the mapping of every failure to an
 * AppError.
 */
export class SatwsTransport {
  readonly baseUrl: string;
  readonly throughputFloor: ThroughputFloor;
  readonly #options: ResolvedClientOptions;
  readonly #api: Got;
  readonly #plain: Got;

  constructor(options: ResolvedClientOptions) {
    this.#options = options;
    this.baseUrl = options.baseUrl;
    this.throughputFloor = {
      minBytesPerSecond: options.timeouts.minBytesPerSecond,
      windowMs: options.timeouts.throughputWindowMs,
    };
    const { connectMs, responseMs, socketIdleMs } = options.timeouts;
    const common = {
      retry: { limit: 0 },
      throwHttpErrors: false,
      followRedirect: false,
      timeout: { connect: connectMs, response: responseMs, socket: socketIdleMs },
    };
    this.#api = got.extend({
      ...common,
      headers: {
        'x-api-key': options.apiKey,
        'accept-version': options.acceptVersion,
        accept: 'application/ld+json',
        'user-agent': options.userAgent,
      },
    });
    // A separate instance that never held the key, so nothing can forward it to a storage host.
    this.#plain = got.extend({ ...common, headers: { 'user-agent': options.userAgent } });
  }

  url(path: string): string {
    if (!path.startsWith('/')) throw new TypeError(`SAT.ws path must start with "/": ${path}`);
    return `${this.baseUrl}${path}`;
  }

  retrying<T>(endpoint: string, idempotent: boolean, attempt: () => Promise<T>): Promise<T> {
    return withRetries({ endpoint, idempotent }, this.#options, attempt);
  }

  sendJson(request: JsonRequest): Promise<JsonResponse> {
    const idempotent = request.method === 'GET' || request.method === 'DELETE';
    return this.retrying(request.endpoint, idempotent, () => this.#attemptJson(request));
  }

  /** One attempt at the API with the key; the caller decides what each status means. */
  openApiStream(request: StreamRequest): Promise<OpenedStream> {
    return this.#attemptStream(this.#api, request, true);
  }

  /** One attempt WITHOUT the key, for the pre-signed storage URL a download redirects to. */
  openPlainStream(request: StreamRequest): Promise<OpenedStream> {
    return this.#attemptStream(this.#plain, request, false);
  }

  async errorFrom(endpoint: string, opened: OpenedStream): Promise<AppError> {
    const text = await readErrorText(opened);
    const requestId = headerValue(opened.headers['x-request-id']);
    const retryAfterMs = retryAfterOf(opened.status, opened.headers);
    return httpError({ endpoint, status: opened.status, text, requestId, retryAfterMs });
  }

  async #attemptJson(request: JsonRequest): Promise<JsonResponse> {
    const { endpoint } = request;
    await this.#options.budget?.acquire(endpoint);
    const started = performance.now();
    let response: Response<string>;
    try {
      response = await this.#api(this.url(request.path), {
        method: request.method,
        headers: request.headers,
        json: request.json,
        responseType: 'text',
        timeout: { request: this.#options.timeouts.requestMs },
      });
    } catch (error) {
      this.#report(endpoint, undefined, started, undefined);
      throw networkError(endpoint, error);
    }
    const status = response.statusCode;
    const requestId = headerValue(response.headers['x-request-id']);
    this.#report(endpoint, status, started, requestId);
    if (status >= 200 && status < 300) {
      const body = parseJsonText(response.body, { endpoint, status, requestId });
      return { status, body, requestId };
    }
    const retryAfterMs = retryAfterOf(status, response.headers);
    throw httpError({ endpoint, status, text: response.body, requestId, retryAfterMs });
  }

  async #attemptStream(instance: Got, request: StreamRequest, budgeted: boolean) {
    if (budgeted) await this.#options.budget?.acquire(request.endpoint);
    const started = performance.now();
    let opened: OpenedStream;
    try {
      opened = await openStream(instance, request.url, {
        headers: { ...request.headers, 'accept-encoding': 'identity' },
        // Bytes must arrive exactly as stored: their Content-Length and sha256 are checked.
        decompress: false,
        strictContentLength: true,
      });
    } catch (error) {
      this.#report(request.endpoint, undefined, started, undefined);
      throw networkError(request.endpoint, error);
    }
    const requestId = headerValue(opened.headers['x-request-id']);
    this.#report(request.endpoint, opened.status, started, requestId);
    return opened;
  }

  #report(endpoint: string, status: number | undefined, started: number, requestId?: string) {
    const method = endpoint.split(' ', 1)[0] ?? 'GET';
    const durationMs = Math.round(performance.now() - started);
    const extractionId = attributedExtractionId();
    const call = { endpoint, method, status, durationMs, requestId, extractionId };
    this.#options.logger?.debug(call, 'satws call');
    try {
      this.#options.onCall?.(call);
    } catch (error) {
      this.#options.logger?.warn({ err: error, endpoint }, 'satws onCall hook threw');
    }
  }
}
