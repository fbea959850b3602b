// The process whose memory the export benchmark measures: nothing but the downloader's real
// export processor (built `dist/`, plain node, no TypeScript loader), run on one extraction
// until its export is stored, as the export-downloads worker would run it. It prints one JSON
// line: peak RSS (VmHWM), RSS once everything is imported, time, and the processor's result.
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { processExportDownload } from '@invoice-extractor/downloader/dist/index.js';
import { createPool } from '@invoice-extractor/shared/db';
import { createLogger } from '@invoice-extractor/shared/logger';
import { createSatwsClient } from '@invoice-extractor/shared/satws';
import { createS3Client } from '@invoice-extractor/shared/storage';

/** Linux's high-water mark of resident memory, in bytes; elsewhere the OS's maxRSS. */
function peakRssBytes() {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kib = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
    if (kib) return Number(kib) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

const env = process.env;
const rssAfterImports = process.memoryUsage().rss;
const pool = createPool(env.DATABASE_URL, {
  max: 12,
  applicationName: 'bench-export-child',
  onError: (error) => process.stderr.write(`idle PostgreSQL client failed: ${error.message}\n`),
});
const s3Client = createS3Client({
  endpoint: env.S3_ENDPOINT,
  region: env.S3_REGION ?? 'us-east-1',
  accessKeyId: env.S3_ACCESS_KEY_ID,
  secretAccessKey: env.S3_SECRET_ACCESS_KEY,
  forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
});
const deps = {
  pool,
  satws: createSatwsClient({
    baseUrl: env.SATWS_BASE_URL,
    apiKey: env.SATWS_API_KEY,
    logger: createLogger({ level: 'warn' }),
  }),
  s3: { client: s3Client, bucket: env.S3_BUCKET, keyPrefix: env.S3_KEY_PREFIX },
  exports: { pollMs: 200, entryConcurrency: Number(env.EXPORT_ENTRY_CONCURRENCY ?? 8) },
};
const job = {
  id: `export-${env.EXTRACTION_ID}`,
  data: { extractionId: env.EXTRACTION_ID },
  attemptsMade: 0,
  opts: { attempts: 1 },
};

// EXPORT_BENCH_TRACE=1: memory every 250 ms on stderr, to see which step holds what.
const trace =
  env.EXPORT_BENCH_TRACE === '1' &&
  setInterval(() => {
    const m = process.memoryUsage();
    const f = (bytes) => (bytes / 1048576).toFixed(0);
    process.stderr.write(
      `rss ${f(m.rss)} heap ${f(m.heapUsed)}/${f(m.heapTotal)} external ${f(m.external)} arrayBuffers ${f(m.arrayBuffers)}\n`,
    );
  }, 250);
const started = performance.now();
let result = await processExportDownload(job, deps);
while (result.outcome === 'waiting') {
  await delay(Math.max(0, result.retryAt - Date.now()));
  result = await processExportDownload(job, deps);
}
const seconds = (performance.now() - started) / 1000;
if (trace) clearInterval(trace);
await pool.end();
s3Client.destroy();
process.stdout.write(
  `${JSON.stringify({ peakRssBytes: peakRssBytes(), rssAfterImports, seconds, result })}\n`,
);
