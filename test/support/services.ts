// The three services' factories from their built packages (`pnpm test` builds first). Each
// package's `main` is its impure entry point, which starts the service as soon as it is
// imported, so the index is imported by path.
export {
  type ApiDeps,
  createApp,
  registerWebhookEndpoint,
} from '@invoice-extractor/api';
export { startDownloader } from '@invoice-extractor/downloader/dist/index.js';
export { startRequester } from '@invoice-extractor/requester';
