import type { FaultRule, FaultRuleInput } from '@invoice-extractor/satws-sim';
import { waitFor } from '@invoice-extractor/test-support/wait';
import type { ApiExtraction } from '../support/api-client.js';
import { type ChaosActions, unleashChaos } from './chaos-monkey.js';
import type { ChaosProfile } from './chaos-profile.js';
import { type ChaosSystem, startChaosSystem } from './chaos-system.js';
import { type Verification, verifyNothingLost } from './chaos-verify.js';

/** The calendar dates requested: the seeded invoices' whole span. */
export const CHAOS_PERIOD = { from: '2025-04-01', to: '2025-06-30' };

export interface ChaosReport {
  profile: ChaosProfile;
  actions: ChaosActions;
  /** Times each fault rule fired, by rule id. */
  faultsFired: Record<string, number>;
  crashes: string[];
  extractions: ApiExtraction[];
  verification: Verification;
  /** ms from the start of the run to every extraction being done. */
  doneAt: number;
  logDir: string;
}

const TERMINAL = new Set(['completed', 'failed']);

/** Rules carry a `count` that each firing spends; a rule spent to nothing is gone. */
function faultsFired(installed: FaultRuleInput[], remaining: FaultRule[]): Record<string, number> {
  const left = new Map(remaining.map((rule) => [rule.id, rule.count ?? 0]));
  const fired: Record<string, number> = {};
  for (const rule of installed) {
    if (rule.id === undefined || rule.count === undefined) continue;
    fired[rule.id] = rule.count - (left.get(rule.id) ?? 0);
  }
  return fired;
}

async function waitForAll(system: ChaosSystem, ids: string[], timeoutMs: number) {
  let last: ApiExtraction[] = [];
  try {
    return await waitFor(
      'every extraction to complete or fail',
      async () => {
        last = await Promise.all(ids.map((id) => system.api.getExtraction(id)));
        return last.every((extraction) => TERMINAL.has(extraction.status)) ? last : undefined;
      },
      { timeoutMs, intervalMs: 250 },
    );
  } catch (error) {
    const where = last.map((extraction) => `${extraction.rfc} ${extraction.status}`).join(', ');
    throw new Error(`${(error as Error).message}; last seen: ${where}; logs in ${system.logDir}`);
  }
}

async function runAgainst(system: ChaosSystem, profile: ChaosProfile): Promise<ChaosReport> {
  const startedAt = Date.now();
  const requested = await Promise.all(
    system.rfcs.map((rfc) => system.api.requestExtraction({ rfc, period: CHAOS_PERIOD })),
  );
  let done = false;
  const chaos = unleashChaos(profile, {
    services: system.services,
    isolation: system.isolation,
    startedAt,
    firstVictim: Math.floor(Math.random() * 2),
    finished: () => done,
  });
  const extractions = await waitForAll(
    system,
    requested.map((extraction) => extraction.id),
    profile.timeoutMs,
  ).finally(() => {
    done = true;
  });
  const doneAt = Date.now() - startedAt;
  const actions = await chaos;
  return {
    profile,
    actions,
    faultsFired: faultsFired(system.faults, system.sim.admin.faults()),
    crashes: [...system.services.crashes],
    extractions,
    verification: await verifyNothingLost(system),
    doneAt,
    logDir: system.logDir,
  };
}

/** One chaos run from start to teardown; the report says what happened and what survived. */
export async function runChaos(profile: ChaosProfile): Promise<ChaosReport> {
  const system = await startChaosSystem(profile);
  try {
    return await runAgainst(system, profile);
  } finally {
    await system.stop();
  }
}
