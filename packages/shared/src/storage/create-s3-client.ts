import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { S3Client } from '@aws-sdk/client-s3';
import { AppError } from '../errors/index.js';

/**
 * `WHEN_REQUIRED` is the default on purpose: it is what the SDK did before 2025, AWS accepts it,
 * and with `WHEN_SUPPORTED` the SDK sends streamed bodies aws-chunked, which some S3-compatible
 * servers store with the chunk framing (s3rver does, silently).
 */
export type ChecksumMode = 'WHEN_REQUIRED' | 'WHEN_SUPPORTED';

export interface S3ClientSettings {
  /** S3-compatible server URL; empty or undefined means AWS S3 for `region`. */
  endpoint?: string | undefined;
  region: string;
  /** Static credentials; leave both undefined to use the SDK's default chain (IAM role, profile). */
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  /** `bucket` in the path instead of the host name: needed by most S3-compatible servers. */
  forcePathStyle?: boolean | undefined;
  requestChecksumCalculation?: ChecksumMode | undefined;
  responseChecksumValidation?: ChecksumMode | undefined;
  /** Sockets per host; bounds parallel part uploads across every upload sharing the client. */
  maxSockets?: number | undefined;
  connectionTimeoutMs?: number | undefined;
  /** A socket with no traffic for this long is dropped and the request retried by the SDK. */
  socketTimeoutMs?: number | undefined;
  maxAttempts?: number | undefined;
}

const CHECKSUM_MODES = new Set<string>(['WHEN_REQUIRED', 'WHEN_SUPPORTED']);

function invalid(message: string): AppError {
  return new AppError(`Invalid S3 settings: ${message}`, {
    code: 'INVALID_S3_SETTINGS',
    retryable: false,
  });
}

function checkEndpoint(endpoint: string): void {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw invalid(`endpoint must be an http(s) URL, got "${endpoint}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(`endpoint must be an http(s) URL, got "${endpoint}"`);
  }
}

function checkPositiveInteger(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw invalid(`${name} must be a positive integer, got ${value}`);
  }
}

function checkSettings(settings: S3ClientSettings): void {
  if (settings.endpoint) checkEndpoint(settings.endpoint);
  if (!settings.region) throw invalid('region is required');
  if (Boolean(settings.accessKeyId) !== Boolean(settings.secretAccessKey)) {
    throw invalid('accessKeyId and secretAccessKey must be given together');
  }
  for (const name of ['requestChecksumCalculation', 'responseChecksumValidation'] as const) {
    const mode = settings[name];
    if (mode !== undefined && !CHECKSUM_MODES.has(mode)) {
      throw invalid(`${name} must be WHEN_REQUIRED or WHEN_SUPPORTED, got "${mode}"`);
    }
  }
  checkPositiveInteger('maxSockets', settings.maxSockets);
  checkPositiveInteger('connectionTimeoutMs', settings.connectionTimeoutMs);
  checkPositiveInteger('socketTimeoutMs', settings.socketTimeoutMs);
  checkPositiveInteger('maxAttempts', settings.maxAttempts);
}

/**
 * One client per process, shared by every upload: it owns the keep-alive connection pool, so
 * parts reuse warm TLS connections instead of paying a handshake per part.
 */
export function createS3Client(settings: S3ClientSettings): S3Client {
  checkSettings(settings);
  const agentOptions = { keepAlive: true, maxSockets: settings.maxSockets ?? 50 };
  const credentials =
    settings.accessKeyId && settings.secretAccessKey
      ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
      : undefined;
  return new S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    forcePathStyle: settings.forcePathStyle ?? false,
    requestChecksumCalculation: settings.requestChecksumCalculation ?? 'WHEN_REQUIRED',
    responseChecksumValidation: settings.responseChecksumValidation ?? 'WHEN_REQUIRED',
    maxAttempts: settings.maxAttempts ?? 3,
    requestHandler: {
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
      connectionTimeout: settings.connectionTimeoutMs ?? 5_000,
      // An idle timeout, not a total one: a 1 GB object may legitimately take minutes.
      socketTimeout: settings.socketTimeoutMs ?? 60_000,
    },
  });
}
