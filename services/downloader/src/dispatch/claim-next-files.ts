import {
  addDispatchedXml,
  type BudgetWait,
  type ClaimedFile,
  claimDispatchFiles,
  endDispatchTurns,
  ensureDispatchTurns,
  lockDispatchTurns,
  mexicoCityDay,
  recordBudgetWaits,
  withTransaction,
} from '@invoice-extractor/shared/db';
import type { Pool } from 'pg';

export interface ClaimRequest {
  /** Files at most. */
  limit: number;
  /** XML files per company and Mexico City day; 0 = no limit. */
  xmlDailyBudget: number;
  now: Date;
}

export interface ClaimOutcome {
  /** In the order their jobs should join the queue: every company's first turn, then second… */
  files: ClaimedFile[];
  /** Extractions told just now that their XML waits for the next day's budget. */
  budgetWaits: BudgetWait[];
}

function xmlCounts(files: readonly ClaimedFile[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const file of files) {
    if (file.kind === 'xml') counts.set(file.companyId, (counts.get(file.companyId) ?? 0) + 1);
  }
  return counts;
}

/**
 * One claim, in one transaction: lock the turns of the companies with files waiting (those
 * another dispatcher holds are skipped), mark their next files dispatched round-robin, add the
 * XML to today's budget counts and tell the extractions of companies at their budget why they
 * wait. The files are the caller's to enqueue after the commit: a job must never find its row
 * undispatched, and a crash before the enqueue leaves them to the reconciler.
 */
export async function claimNextFiles(pool: Pool, request: ClaimRequest): Promise<ClaimOutcome> {
  const { limit, xmlDailyBudget: budget, now } = request;
  const day = mexicoCityDay(now);
  return withTransaction(pool, async (client) => {
    await ensureDispatchTurns(client);
    const turns = await lockDispatchTurns(client, { limit, day });
    if (turns.length === 0) return { files: [], budgetWaits: [] };
    const perCompany = Math.ceil(limit / turns.length);
    const allowances = turns.map((turn) => ({
      companyId: turn.companyId,
      xmlRoom: budget > 0 ? budget - turn.xmlDispatchedToday : perCompany,
    }));
    const files = await claimDispatchFiles(client, { turns: allowances, perCompany, limit, now });
    await endDispatchTurns(
      client,
      turns.map((turn) => turn.companyId),
      now,
    );
    if (budget === 0) return { files, budgetWaits: [] };
    const counts = xmlCounts(files);
    await addDispatchedXml(client, { counts, day, budget, now });
    const atBudget = allowances
      .filter((allowance) => (counts.get(allowance.companyId) ?? 0) >= allowance.xmlRoom)
      .map((allowance) => allowance.companyId);
    const budgetWaits = await recordBudgetWaits(client, { companyIds: atBudget, day, budget });
    return { files, budgetWaits };
  });
}
