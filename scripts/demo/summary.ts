import type { LaunchedSystem } from './launch-system.js';
import type { StepLog } from './step-log.js';
import type { ExtractionResult } from './verify-files.js';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

export function printResults(
  log: StepLog,
  results: readonly ExtractionResult[],
  elapsedMs: number,
): void {
  const files = results.reduce((sum, result) => sum + result.files, 0);
  const bytes = results.reduce((sum, result) => sum + result.bytes, 0);
  const invoices = results.reduce((sum, result) => sum + result.invoices, 0);
  log.line();
  log.line('Summary');
  for (const result of results) {
    const { rfc, status } = result.extraction;
    log.line(
      `  ${rfc.padEnd(13)} ${status.padEnd(10)} ${String(result.invoices).padStart(5)} invoices ${String(result.files).padStart(6)} files ${size(result.bytes).padStart(10)}`,
    );
    for (const problem of result.problems.slice(0, 5)) log.line(`      ✗ ${problem}`);
    if (result.problems.length > 5) log.line(`      … and ${result.problems.length - 5} more`);
  }
  log.line(
    `  ${invoices} invoices, ${files} files, ${size(bytes)} in S3 — ${(elapsedMs / 1000).toFixed(1)} s in all`,
  );
}

/** Where a person looks next, with working credentials for this run. */
export function printWhereToLook(
  log: StepLog,
  system: LaunchedSystem,
  stack: Record<string, string>,
  results: readonly ExtractionResult[],
  keep: boolean,
): void {
  const { apiUrl, api } = system;
  const bucket = stack.S3_BUCKET ?? 'invoices';
  const s3 = stack.S3_ENDPOINT ?? 'http://127.0.0.1:9000';
  const first = results[0];
  const rfc = first?.extraction.rfc ?? '<RFC>';
  log.line();
  log.line('Where to look');
  log.line(`  Swagger UI   ${apiUrl}/docs   (OpenAPI document: ${apiUrl}/openapi.json)`);
  log.line(
    `  Bull Board   ${apiUrl}/admin/queues   user ${api.admin.user}, password ${api.admin.password}`,
  );
  log.line(
    `  S3           bucket ${bucket} at ${s3}, keys cfdi/<RFC>/<issued|received>/<YYYY>/<MM>/<UUID>.xml|pdf`,
  );
  if (first?.sampleKey) log.line(`               e.g. ${first.sampleKey}`);
  log.line(`  Logs         ${system.logDir}/demo-*.log   (queue prefix ${system.queuePrefix})`);
  log.line();
  log.line(
    keep
      ? 'Explore (everything keeps running until Ctrl-C):'
      : 'Explore (with `pnpm demo --keep`, which leaves everything running):',
  );
  const auth = `-H 'Authorization: Bearer ${api.apiKey}'`;
  log.line(`  curl -s ${auth} ${apiUrl}/v1/extractions`);
  if (first)
    log.line(
      `  curl -s ${auth} '${apiUrl}/v1/extractions/${first.extraction.id}/invoices?limit=2'`,
    );
  log.line(
    `  curl -s '${s3}/${bucket}?list-type=2&prefix=cfdi/${rfc}/'        # the local S3 lists without a signature`,
  );
  log.line(
    `  AWS_ACCESS_KEY_ID=${stack.S3_ACCESS_KEY_ID ?? ''} AWS_SECRET_ACCESS_KEY=${stack.S3_SECRET_ACCESS_KEY ?? ''} aws --endpoint-url ${s3} s3 ls s3://${bucket}/cfdi/${rfc}/ --recursive`,
  );
}
