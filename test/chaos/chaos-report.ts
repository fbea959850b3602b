import type { ChaosReport } from './chaos-run.js';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function droppedWebhooks(report: ChaosReport): number {
  const fired = report.faultsFired;
  return (fired['webhook-drop-first'] ?? 0) + (fired['webhook-drop'] ?? 0);
}

/** The run's figures, one per line, for a terminal or the README. */
export function formatChaosReport(report: ChaosReport): string {
  const { actions, verification: check, profile } = report;
  const off = Object.entries(profile.flags)
    .filter(([, on]) => !on)
    .map(([flag]) => flag);
  const fired = Object.entries(report.faultsFired);
  const upstream = fired
    .filter(([id]) => !id.startsWith('webhook-'))
    .map(([id, count]) => `${id} ${count}`);
  const completed = report.extractions.filter((extraction) => extraction.status === 'completed');
  const lines = [
    `chaos ${profile.name}: ${profile.companies} companies × ${profile.invoicesPerCompany} invoices` +
      (off.length > 0 ? ` (off: ${off.join(', ')})` : ''),
    `  kills survived       requester ${actions.kills.requester}, downloader ${actions.kills.downloader} (SIGKILL)`,
    `  unplanned exits      ${report.crashes.length}${report.crashes.length ? ` — ${report.crashes.join('; ')}` : ''}`,
    `  upstream faults      ${upstream.join(', ') || 'none'}`,
    `  webhooks             dropped ${droppedWebhooks(report)}, duplicated ${report.faultsFired['webhook-duplicate'] ?? 0}, shuffled ${report.faultsFired['webhook-shuffle'] ?? 0}`,
    `  redis keys deleted   ${actions.redisKeysDeleted ?? 'not done'}`,
    `  postgres backends    ${actions.postgresBackendsKilled ?? 'not'} terminated`,
    `  extractions          ${completed.length}/${report.extractions.length} completed`,
    `  files                ${check.storedObjects} in S3 of ${check.expectedFiles} expected, sha256 checked`,
    `  lost                 ${check.lost.length}${check.lost.length ? ` — ${check.lost.slice(0, 3).join('; ')}` : ''}`,
    `  unexpected objects   ${check.unexpected.length}`,
    `  duplicate rows       ${check.duplicateRows}`,
    `  time                 all done ${seconds(report.doneAt)} after the requests; ${seconds(Math.max(0, report.doneAt - actions.lastActionAt))} after the last blow`,
    `  logs                 ${report.logDir}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Every broken promise in the report, empty when the run kept all of them. */
export function chaosFailures(report: ChaosReport): string[] {
  const failures: string[] = [];
  for (const extraction of report.extractions) {
    if (extraction.status !== 'completed') {
      failures.push(`extraction for ${extraction.rfc} ended ${extraction.status}`);
    }
  }
  const check = report.verification;
  if (check.lost.length > 0) failures.push(`${check.lost.length} files lost or damaged`);
  if (check.unexpected.length > 0) failures.push(`${check.unexpected.length} unexpected objects`);
  if (check.duplicateRows > 0) failures.push(`${check.duplicateRows} duplicate rows`);
  for (const [state, count] of Object.entries(check.unsettledFiles)) {
    if (state !== 'missing') failures.push(`${count} files left ${state}`);
  }
  return failures;
}
