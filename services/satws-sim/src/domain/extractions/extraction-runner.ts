import type { SimCore } from '../../core/sim-core.js';
import type { SatInvoice } from '../../data/sat-types.js';
import type { ExtractionErrorCode, ExtractionRecord } from '../../state/types.js';
import { extractInvoice, selectSatInvoices } from './extraction-invoices.js';
import { transition } from './extraction-status.js';

interface RunPlan {
  invoices: SatInvoice[];
  steps: number;
  stepMs: number;
  failure: { atIndex: number; errorCode: ExtractionErrorCode } | undefined;
}

const BROKEN_CREDENTIAL = new Set(['invalid', 'disabled', 'deactivated', 'error']);

/**
 * pending → (waiting) → running → finished | failed, on the configured timings. While running,
 * the covered invoices appear in `extractionSteps` batches spread over `extractionRunningMs`, so
 * partial data is readable before the end (satws-api.md §5.3).
 */
export function scheduleStart(core: SimCore, extraction: ExtractionRecord): void {
  core.scheduler.after(core.settings.timings.extractionPendingMs, () => begin(core, extraction));
}

/** Called when an RFC's credential becomes valid: extractions waiting for it start now. */
export function resumeExtractionsFor(core: SimCore, rfc: string): void {
  for (const extraction of core.store.extractions.values()) {
    if (
      extraction.rfc === rfc &&
      extraction.status === 'waiting' &&
      extraction.waitingFor === 'credential'
    ) {
      startRunning(core, extraction);
    }
  }
}

function begin(core: SimCore, extraction: ExtractionRecord): void {
  if (extraction.status !== 'pending' || !core.store.extractions.has(extraction.id)) return;
  const credentialStatus = credentialStatusOf(core, extraction.rfc);
  if (credentialStatus && BROKEN_CREDENTIAL.has(credentialStatus)) {
    transition(core, extraction, 'failed', {
      finishedAt: core.clock.now(),
      errorCode: 'invalid_credentials',
    });
    return;
  }
  if (credentialStatus !== 'valid') {
    transition(core, extraction, 'waiting', { waitingFor: 'credential' });
    return;
  }
  const incident = core.faults.take(['extraction-waiting'], { rfc: extraction.rfc });
  if (incident) {
    transition(core, extraction, 'waiting', { waitingFor: 'incident' });
    core.scheduler.after(incident.durationMs, () => {
      if (extraction.status === 'waiting') startRunning(core, extraction);
    });
    return;
  }
  startRunning(core, extraction);
}

function startRunning(core: SimCore, extraction: ExtractionRecord): void {
  const invoices = extraction.effective
    ? selectSatInvoices(core, extraction.rfc, extraction.effective)
    : [];
  const { extractionSteps, extractionRunningMs } = core.settings.timings;
  const steps = Math.max(1, Math.min(extractionSteps, invoices.length));
  const failure = core.faults.take(['extraction-failure'], { rfc: extraction.rfc });
  const plan: RunPlan = {
    invoices,
    steps,
    stepMs: extractionRunningMs / steps,
    failure: failure && {
      atIndex: Math.floor(invoices.length * failure.atFraction),
      errorCode: failure.errorCode,
    },
  };
  transition(core, extraction, 'running', { startedAt: core.clock.now(), waitingFor: null });
  core.scheduler.after(plan.stepMs, () => runStep(core, extraction, plan, 0));
}

function runStep(core: SimCore, extraction: ExtractionRecord, plan: RunPlan, step: number): void {
  if (extraction.status !== 'running' || !core.store.extractions.has(extraction.id)) return;
  const start = Math.floor((plan.invoices.length * step) / plan.steps);
  const end = Math.floor((plan.invoices.length * (step + 1)) / plan.steps);
  const failAt = plan.failure?.atIndex ?? Number.POSITIVE_INFINITY;
  for (let index = start; index < Math.min(end, failAt); index += 1) {
    const invoice = plan.invoices[index];
    if (invoice && extraction.effective)
      extractInvoice(core, extraction, extraction.effective, invoice);
  }
  if (plan.failure && failAt < end + (step === plan.steps - 1 ? 1 : 0)) {
    transition(core, extraction, 'failed', {
      finishedAt: core.clock.now(),
      errorCode: plan.failure.errorCode,
    });
    return;
  }
  if (step >= plan.steps - 1) {
    transition(core, extraction, 'finished', { finishedAt: core.clock.now() });
    return;
  }
  core.scheduler.after(plan.stepMs, () => runStep(core, extraction, plan, step + 1));
}

function credentialStatusOf(core: SimCore, rfc: string): string | undefined {
  const entity = core.store.entityByRfc(rfc);
  const credential = entity?.credentialId
    ? core.store.credentials.get(entity.credentialId)
    : undefined;
  return credential?.status;
}
