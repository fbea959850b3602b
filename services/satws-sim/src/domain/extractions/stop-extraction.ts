import type { SimCore } from '../../core/sim-core.js';
import type { ExtractionRecord } from '../../state/types.js';
import { transition } from './extraction-status.js';

/**
 * `DELETE /extractions/{id}/stop` (satws-api.md §5.3): before it ran → `cancelled`; while running
 * → `stopping`, then `stopped` after the configured delay. Stopping one that already ended is
 * answered 204 and changes nothing, so a retried stop is harmless.
 */
export function stopExtraction(core: SimCore, extraction: ExtractionRecord): void {
  if (extraction.status === 'pending' || extraction.status === 'waiting') {
    transition(core, extraction, 'cancelled', { waitingFor: null });
    return;
  }
  if (extraction.status !== 'running') return;
  transition(core, extraction, 'stopping');
  core.scheduler.after(core.settings.timings.extractionStoppingMs, () => {
    if (extraction.status === 'stopping')
      transition(core, extraction, 'stopped', { finishedAt: core.clock.now() });
  });
}
