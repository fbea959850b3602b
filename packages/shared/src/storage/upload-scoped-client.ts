import { AbortMultipartUploadCommand, type S3Client, UploadPartCommand } from '@aws-sdk/client-s3';

type LooseSend = (command: unknown, options?: { abortSignal?: AbortSignal }) => Promise<unknown>;

/**
 * The S3 client as one upload sees it. lib-storage's own `abort()` rejects `done()` at once and
 * aborts the multipart upload later, in the background, only after in-flight parts finish on
 * their own; we need the opposite: cut in-flight part uploads now, and settle only once S3's
 * state is known. So part uploads get the upload's abort signal, and every failed request is
 * reported at once, to stop reading the body. The other requests are short and run to their
 * end (bounded by the client's socket timeout): cutting CreateMultipartUpload could leave an
 * upload S3 opened but never told us about, so nobody could abort it; cutting PutObject or
 * CompleteMultipartUpload would leave in doubt whether the object exists.
 */
export function createUploadScopedClient(
  client: S3Client,
  signal: AbortSignal,
  onFailure: (error: unknown) => void,
): S3Client {
  const send = client.send.bind(client) as unknown as LooseSend;
  const scopedSend: LooseSend = (command, options) => {
    if (command instanceof AbortMultipartUploadCommand) return send(command, options);
    const bound =
      command instanceof UploadPartCommand ? { ...options, abortSignal: signal } : options;
    return send(command, bound).catch((error: unknown) => {
      onFailure(error);
      throw error;
    });
  };
  const scoped = Object.create(client) as S3Client;
  scoped.send = scopedSend as unknown as S3Client['send'];
  return scoped;
}
