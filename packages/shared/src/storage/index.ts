export {
  type ChecksumMode,
  createS3Client,
  type S3ClientSettings,
} from './create-s3-client.js';
export { type Digest, DigestTap } from './digest-tap.js';
export {
  DEFAULT_PART_SIZE_BYTES,
  DEFAULT_QUEUE_SIZE,
  type UploadStreamOptions,
  type UploadStreamResult,
  uploadStream,
} from './upload-stream.js';
export { MAX_PART_SIZE_BYTES, MIN_PART_SIZE_BYTES } from './upload-stream-options.js';
