import { setTimeout as sleep } from 'node:timers/promises';
import type { DemoApi, Extraction } from './demo-api.js';
import type { ProgressDisplay, ProgressRow } from './progress-display.js';

const POLL_INTERVAL_MS = 250;
const TERMINAL = new Set(['completed', 'failed']);

export class DemoFailure extends Error {
  override name = 'DemoFailure';
}

function toRow(extraction: Extraction): ProgressRow {
  const { files } = extraction.counts;
  return {
    rfc: extraction.rfc,
    status: extraction.status,
    stored: files.stored,
    total: files.total - files.missing,
    failed: files.failed,
  };
}

/**
 * Polls the API until every extraction is completed or failed, redrawing the bars. Throws a
 * DemoFailure on the deadline, or as soon as `crashed()` reports a child that died.
 */
export async function watchExtractions(options: {
  api: DemoApi;
  ids: readonly string[];
  display: ProgressDisplay;
  deadline: number;
  crashed: () => string | undefined;
}): Promise<Extraction[]> {
  const { api, ids, display } = options;
  for (;;) {
    // First: with a service gone, its API may not answer, and the crash is the real reason.
    const crash = options.crashed();
    if (crash) throw new DemoFailure(crash);
    const current = await Promise.all(ids.map((id) => api.getExtraction(id)));
    display.update(current.map(toRow));
    if (current.every((extraction) => TERMINAL.has(extraction.status))) return current;
    if (Date.now() > options.deadline) {
      const stuck = current
        .filter((extraction) => !TERMINAL.has(extraction.status))
        .map((extraction) => `${extraction.rfc} still ${extraction.status}`)
        .join(', ');
      throw new DemoFailure(`Timed out: ${stuck}. Logs: .stack/logs/demo-*.log`);
    }
    await sleep(POLL_INTERVAL_MS);
  }
}
