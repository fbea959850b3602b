import { createS3Client } from '@invoice-extractor/shared/storage';
import type { BenchRow } from '../lib/bench-row.js';
import { s3Settings, startBenchSystem } from '../lib/bench-system.js';
import { driveExtraction } from '../lib/drive-extraction.js';
import { type RawCopy, rawCopyLoop } from '../lib/raw-copy-loop.js';

export interface PipelineBenchOptions {
  stack: Record<string, string>;
  invoices: number;
  concurrency: number;
}

const RFC = 'EKU9003173C9';
const PERIOD = { from: '2025-01-01', to: '2025-06-30' };

interface TruthInvoice {
  id: string | null;
  uuid: string;
  xml: { available: boolean };
  pdf: { available: boolean };
}

async function exposedFiles(simUrl: string, keyPrefix: string): Promise<RawCopy[]> {
  const response = await fetch(`${simUrl}/_sim/truth?rfc=${RFC}&digests=false`);
  const truth = (await response.json()) as { taxpayers: { invoices: TruthInvoice[] }[] };
  const invoices = truth.taxpayers[0]?.invoices ?? [];
  return invoices.flatMap((invoice) => {
    if (!invoice.id) return [];
    const url = `${simUrl}/invoices/${invoice.id}/cfdi`;
    return [
      ...(invoice.xml.available
        ? [{ url, accept: 'text/xml', key: `${keyPrefix}raw/${invoice.uuid}.xml` }]
        : []),
      ...(invoice.pdf.available
        ? [{ url, accept: 'application/pdf', key: `${keyPrefix}raw/${invoice.uuid}.pdf` }]
        : []),
    ];
  });
}

/**
 * The pipeline's file throughput (per-file mode, rate limit off: listing, dispatch, queue,
 * stream, hash, stamp check, S3, PostgreSQL) next to the bare got → Upload loop with the same
 * concurrency, the same simulator and the same S3 server, on the same files.
 */
export async function runPipelineBench(options: PipelineBenchOptions): Promise<BenchRow[]> {
  const system = await startBenchSystem({
    label: 'pipeline',
    stack: options.stack,
    simulator: {
      rateLimit: { enabled: false },
      dailyXmlCap: null,
      seed: {
        randomSeed: 'bench-pipeline',
        taxpayers: [{ rfc: RFC, invoices: options.invoices, from: PERIOD.from, to: PERIOD.to }],
      },
      timings: { extractionPendingMs: 100, extractionRunningMs: 1_000, extractionSteps: 2 },
    },
    requestsPerMinute: 100_000,
    workerEnv: {
      DOWNLOAD_CONCURRENCY: String(options.concurrency),
      EXPORT_THRESHOLD_INVOICES: '10000000',
      XML_DAILY_BUDGET_PER_RFC: '0',
    },
  });
  try {
    const run = await driveExtraction(system, { rfc: RFC, period: PERIOD }, 30 * 60_000);
    const pipelineRate = run.filesStored / (run.downloadMs / 1000);
    const copies = await exposedFiles(system.simUrl, system.keyPrefix);
    const settings = s3Settings(options.stack);
    const s3 = createS3Client(settings);
    let rawMs: number;
    try {
      rawMs = await rawCopyLoop({
        copies,
        concurrency: options.concurrency,
        apiKey: system.simApiKey,
        s3,
        bucket: settings.bucket,
      });
    } finally {
      s3.destroy();
    }
    const rawRate = copies.length / (rawMs / 1000);
    const ratio = pipelineRate / rawRate;
    return [
      {
        section: 'Pipeline vs raw loop',
        measure: `files/s, ${run.filesStored} files, concurrency ${options.concurrency}, rate limit off`,
        ours: `${pipelineRate.toFixed(0)} files/s (${(run.downloadMs / 1000).toFixed(1)} s)`,
        baselineName: 'got.stream → lib-storage Upload loop',
        baseline: `${rawRate.toFixed(0)} files/s (${(rawMs / 1000).toFixed(1)} s, ${copies.length} files)`,
        ratio,
        target: 'ratio ≥ 0.8',
        met: ratio >= 0.8,
      },
    ];
  } finally {
    await system.stop();
  }
}
