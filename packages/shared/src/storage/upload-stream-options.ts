import { Readable } from 'node:stream';
import { invalidUpload } from './storage-errors.js';

const MIB = 1024 * 1024;
/** S3's limits: https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html */
export const MIN_PART_SIZE_BYTES = 5 * MIB;
export const MAX_PART_SIZE_BYTES = 5 * 1024 * MIB;
const MAX_KEY_BYTES = 1024;
const MAX_METADATA_BYTES = 2048;
const HTTP_TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

interface CheckedOptions {
  bucket: unknown;
  key: unknown;
  body: unknown;
  partSizeBytes?: number | undefined;
  queueSize?: number | undefined;
  timeoutMs?: number | undefined;
  metadata?: Record<string, string> | undefined;
}

function checkInteger(name: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidUpload(`${name} must be an integer between ${min} and ${max}, got ${value}`);
  }
}

function checkMetadata(metadata: Record<string, string> | undefined): void {
  if (metadata === undefined) return;
  let size = 0;
  for (const [name, value] of Object.entries(metadata)) {
    if (!HTTP_TOKEN.test(name))
      throw invalidUpload(`metadata name "${name}" is not a valid header name`);
    if (typeof value !== 'string' || !PRINTABLE_ASCII.test(value)) {
      throw invalidUpload(`metadata "${name}" must be printable ASCII text`);
    }
    size += Buffer.byteLength(name) + Buffer.byteLength(value);
  }
  if (size > MAX_METADATA_BYTES) {
    throw invalidUpload(`metadata is ${size} bytes, S3 allows ${MAX_METADATA_BYTES}`);
  }
}

/** Rejects bad options before anything is read or sent, naming the option at fault. */
export function checkUploadOptions(options: CheckedOptions): void {
  if (typeof options.bucket !== 'string' || options.bucket === '') {
    throw invalidUpload('bucket is required');
  }
  if (typeof options.key !== 'string' || options.key === '') throw invalidUpload('key is required');
  if (Buffer.byteLength(options.key) > MAX_KEY_BYTES) {
    throw invalidUpload(`key is longer than ${MAX_KEY_BYTES} bytes`);
  }
  if (!(options.body instanceof Readable)) throw invalidUpload('body must be a Readable stream');
  checkInteger('partSizeBytes', options.partSizeBytes, MIN_PART_SIZE_BYTES, MAX_PART_SIZE_BYTES);
  checkInteger('queueSize', options.queueSize, 1, 64);
  checkInteger('timeoutMs', options.timeoutMs, 1, 2 ** 31 - 1);
  checkMetadata(options.metadata);
}
