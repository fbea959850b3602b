// The downloader's memory while it processes an export ZIP, for a small and a very large ZIP:
// the export path must stay flat whatever the ZIP's size (target: 2 GB ≤ 1.2 × 10 MB). Each
// size runs in a fresh child process (`export-child.mjs`) running the real export processor
// against the simulator (in this process, so its memory is not counted) and the stack's S3.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { processInvoiceListing } from '@invoice-extractor/downloader/dist/index.js';
import { type RunningSimulator, startSimulator } from '@invoice-extractor/satws-sim';
import {
  createPool,
  type ExtractionRecord,
  getExtraction,
  insertExtraction,
  setCompanyEntityId,
  transitionExtraction,
  upsertCompany,
} from '@invoice-extractor/shared/db';
import { createQueues, createRedisConnection } from '@invoice-extractor/shared/queues';
import { createSatwsClient } from '@invoice-extractor/shared/satws';
import { createS3Client, type S3ClientSettings } from '@invoice-extractor/shared/storage';
import { cleanupPrefix } from '@invoice-extractor/test-support/redis';
import { deletePrefix } from '@invoice-extractor/test-support/s3';
import type { Pool } from 'pg';
import { createBenchDatabase } from '../lib/bench-database.js';
import type { BenchRow } from '../lib/bench-row.js';

const MIB = 1024 * 1024;
const RFC = 'EKU9003173C9';
const PERIOD = { from: '2025-01-01', to: '2025-06-30' };
/** Every entry is the same size in both runs, so only the ZIP's size differs between them. */
const FILE_SIZES = { xml: 256 * 1024, pdf: MIB };
const BYTES_PER_INVOICE = FILE_SIZES.xml + FILE_SIZES.pdf;
const CHILD = fileURLToPath(new URL('./export-child.mjs', import.meta.url));

export interface ExportRssBenchOptions {
  /** 10 MB and 200 MB instead of 10 MB and 2 GB: a smoke run. */
  quick?: boolean;
  /** The stack's settings (`scripts/stack.mjs up`); the documented defaults when absent. */
  stack?: Record<string, string>;
}

interface ZipSize {
  label: string;
  invoices: number;
}

interface ChildReport {
  peakRssBytes: number;
  rssAfterImports: number;
  seconds: number;
  result: { outcome: string; entries?: { stored: number }; settled?: { status: string } | null };
}

interface CaseResult extends ChildReport {
  zipBytes: number;
}

function s3Settings(stack: Record<string, string>): S3ClientSettings & { bucket: string } {
  return {
    endpoint: stack.S3_ENDPOINT ?? 'http://127.0.0.1:9000',
    region: stack.S3_REGION ?? 'us-east-1',
    accessKeyId: stack.S3_ACCESS_KEY_ID ?? 'bench',
    secretAccessKey: stack.S3_SECRET_ACCESS_KEY ?? 'bench-secret',
    forcePathStyle: (stack.S3_FORCE_PATH_STYLE ?? 'true') === 'true',
    bucket: stack.S3_BUCKET ?? 'invoices',
  };
}

/** A downloading extraction of the whole seeded period, listed in export mode as the listing does. */
async function listedExtraction(
  pool: Pool,
  sim: RunningSimulator,
  redisUrl: string,
  invoices: number,
): Promise<ExtractionRecord> {
  const truth = await sim.admin.truth(RFC, { digests: false });
  const company = await upsertCompany(pool, { rfc: RFC });
  const entityId = truth.taxpayers[0]?.entityId;
  if (entityId) await setCompanyEntityId(pool, company.id, entityId);
  const inserted = await insertExtraction(pool, {
    companyId: company.id,
    periodFrom: PERIOD.from,
    periodTo: PERIOD.to,
    issued: true,
    received: true,
    cfdiTypes: ['I', 'E', 'P', 'N', 'T'],
    wantXml: true,
    wantPdf: true,
    requestFingerprint: randomBytes(16).toString('hex'),
  });
  if (!inserted) throw new Error('the bench extraction was not inserted');
  await transitionExtraction(pool, inserted.id, ['queued'], 'downloading');
  const redis = createRedisConnection(redisUrl, 'producer');
  const prefix = `ie-bench-exports-${randomBytes(4).toString('hex')}`;
  const queues = createQueues({ connection: redis, prefix });
  try {
    const satws = createSatwsClient({ baseUrl: sim.url, apiKey: sim.apiKey });
    const job = { id: 'listing', data: { extractionId: inserted.id }, attemptsMade: 0, opts: {} };
    await processInvoiceListing(job, {
      pool,
      satws,
      queues,
      exportThresholdInvoices: invoices - 1,
    });
  } finally {
    await queues.close();
    await cleanupPrefix(redis, prefix);
    await redis.quit();
  }
  const listed = await getExtraction(pool, inserted.id);
  if (listed?.download_mode !== 'export')
    throw new Error('the bench extraction is not in export mode');
  return listed;
}

function runChild(env: NodeJS.ProcessEnv): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        reject(new Error(`the export child exited ${code}: ${stdout.slice(-2000)}`));
      } else {
        resolve(JSON.parse(line) as ChildReport);
      }
    });
  });
}

/** Every file row stored with the sha256 and size the simulator serves for it. */
async function checkStored(pool: Pool, sim: RunningSimulator, extractionId: string) {
  const truth = await sim.admin.truth(RFC);
  const expected = new Map<string, string>();
  for (const invoice of truth.taxpayers[0]?.invoices ?? []) {
    for (const kind of ['xml', 'pdf'] as const) {
      expected.set(`${invoice.uuid.toUpperCase()}.${kind}`, invoice[kind].sha256 ?? '');
    }
  }
  const rows = await pool.query<{ name: string; state: string; sha256: string | null }>(
    `select i.cfdi_uuid || '.' || f.kind as name, f.state, f.sha256
     from extraction_invoices ei join invoices i on i.id = ei.invoice_id
     join invoice_files f on f.invoice_id = i.id where ei.extraction_id = $1`,
    [extractionId],
  );
  const wrong = rows.rows.filter(
    (row) => row.state !== 'stored' || row.sha256 !== expected.get(row.name),
  );
  if (rows.rows.length !== expected.size || wrong.length > 0) {
    throw new Error(`export bench: ${wrong.length} of ${rows.rows.length} files not stored right`);
  }
}

async function runCase(size: ZipSize, stack: Record<string, string>): Promise<CaseResult> {
  process.stderr.write(`export ZIP of ${size.label}: seeding ${size.invoices} invoices…\n`);
  const database = await createBenchDatabase('exports');
  const pool = createPool(database.url, { max: 4, onError: () => undefined });
  const sim = await startSimulator({
    rateLimit: { enabled: false },
    timings: { exportPendingMs: 100, exportRunningMs: 400 },
    seed: {
      randomSeed: 'bench-exports',
      taxpayers: [
        { rfc: RFC, invoices: size.invoices, ...PERIOD, extracted: true, fileSizes: FILE_SIZES },
      ],
    },
  });
  const s3 = s3Settings(stack);
  const keyPrefix = `bench/exports-${randomBytes(4).toString('hex')}/`;
  const s3Client = createS3Client(s3);
  try {
    const extraction = await listedExtraction(
      pool,
      sim,
      stack.REDIS_URL ?? 'redis://127.0.0.1:6379',
      size.invoices,
    );
    const report = await runChild({
      PATH: process.env.PATH,
      EXPORT_BENCH_TRACE: process.env.EXPORT_BENCH_TRACE ?? '',
      DATABASE_URL: database.url,
      SATWS_BASE_URL: sim.url,
      SATWS_API_KEY: sim.apiKey,
      S3_ENDPOINT: s3.endpoint,
      S3_REGION: s3.region,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      S3_FORCE_PATH_STYLE: String(s3.forcePathStyle),
      S3_BUCKET: s3.bucket,
      S3_KEY_PREFIX: keyPrefix,
      EXTRACTION_ID: extraction.id,
    });
    if (report.result.settled?.status !== 'completed') {
      throw new Error(
        `export bench: the extraction did not complete: ${JSON.stringify(report.result)}`,
      );
    }
    await checkStored(pool, sim, extraction.id);
    const exported = await pool.query<{ archive_bytes: string }>(
      'select archive_bytes from extraction_exports where extraction_id = $1',
      [extraction.id],
    );
    return { ...report, zipBytes: Number(exported.rows[0]?.archive_bytes ?? 0) };
  } finally {
    // fauxqs keeps objects in memory: the invoices stored must not outlive the run.
    await deletePrefix(s3Client, s3.bucket, keyPrefix);
    s3Client.destroy();
    await pool.end();
    await sim.stop();
    await database.drop();
  }
}

const mib = (bytes: number) => `${(bytes / MIB).toFixed(1)} MiB`;
const zipSize = (bytes: number) =>
  bytes >= 1024 * MIB ? `${(bytes / (1024 * MIB)).toFixed(2)} GiB` : mib(bytes);

function sizeOf(label: string, bytes: number): ZipSize {
  return { label, invoices: Math.max(1, Math.round(bytes / BYTES_PER_INVOICE)) };
}

/**
 * Peak RSS of the downloader processing a 10 MB and a 2 GB export ZIP (the same 256 KiB XML +
 * 1 MiB PDF per invoice in all of them), and their ratio; beside it a 200 MB ZIP, which shows
 * whether memory still grows between 200 MB and 2 GB, the part above the idle process (RSS once
 * imported), and the time the large ZIP took. `quick`: 10, 50 and 200 MB.
 */
export async function runExportRssBench(options: ExportRssBenchOptions = {}): Promise<BenchRow[]> {
  const stack = options.stack ?? {};
  const sizes = options.quick
    ? [sizeOf('10 MB', 10 * MIB), sizeOf('50 MB', 50 * MIB), sizeOf('200 MB', 200 * MIB)]
    : [sizeOf('10 MB', 10 * MIB), sizeOf('200 MB', 200 * MIB), sizeOf('2 GB', 2048 * MIB)];
  const runs: CaseResult[] = [];
  for (const size of sizes) runs.push(await runCase(size, stack));
  return rowsOf(runs);
}

function rowsOf(runs: CaseResult[]): BenchRow[] {
  const [small, middle, large] = runs as [CaseResult, CaseResult, CaseResult];
  const ratio = large.peakRssBytes / small.peakRssBytes;
  const section = 'Export ZIP memory';
  const peak = (run: CaseResult) => mib(run.peakRssBytes);
  const work = (run: CaseResult) => run.peakRssBytes - run.rssAfterImports;
  return [
    {
      section,
      measure: `downloader peak RSS, ${zipSize(large.zipBytes)} ZIP`,
      ours: peak(large),
      baselineName: `same, ${zipSize(small.zipBytes)} ZIP`,
      baseline: peak(small),
      ratio,
      target: 'ratio ≤ 1.2',
      met: ratio <= 1.2,
    },
    {
      section,
      measure: `downloader peak RSS, ${zipSize(large.zipBytes)} ZIP`,
      ours: peak(large),
      baselineName: `same, ${zipSize(middle.zipBytes)} ZIP`,
      baseline: peak(middle),
      ratio: large.peakRssBytes / middle.peakRssBytes,
    },
    {
      section,
      measure: 'peak RSS above the idle process (after imports)',
      ours: mib(work(large)),
      baselineName: `same, ${zipSize(small.zipBytes)} ZIP`,
      baseline: mib(work(small)),
      ratio: work(large) / work(small),
    },
    {
      section,
      measure: `${zipSize(large.zipBytes)} ZIP: download, archive, ${large.result.entries?.stored ?? 0} entries`,
      ours: `${large.seconds.toFixed(1)} s, ${(large.zipBytes / MIB / large.seconds).toFixed(0)} MiB/s`,
      baselineName: `${zipSize(small.zipBytes)} ZIP`,
      baseline: `${small.seconds.toFixed(1)} s`,
      ratio: null,
    },
  ];
}
