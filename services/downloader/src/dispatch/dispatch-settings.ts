/** How the dispatcher feeds the `file-downloads` queue. */
export interface DispatchSettings {
  /**
   * Jobs kept ready in the queue (waiting, prioritized or delayed; active ones not counted). Small
   * on purpose: whatever sits in the queue is first come, first served, so the smaller it is, the
   * sooner a company that just arrived gets its turn. Refilled once it drops to half.
   */
  backlog: number;
  /** The safety-net tick; wakes (listing done, jobs finished) do most of the work. */
  intervalMs: number;
  /** XML files dispatched per company and Mexico City calendar day; 0 = no limit. */
  xmlDailyBudgetPerRfc: number;
  /** The clock that picks the budget's day; tests inject one to cross a Mexico City midnight. */
  now?: () => Date;
}

/** Files per claim transaction at most, so one claim never holds its locks for long. */
export const MAX_FILES_PER_CLAIM = 500;

/** SAT lets an RFC download roughly 2,000 XML files a day (satws-api.md §5.2). */
export const DEFAULT_XML_DAILY_BUDGET = 2_000;

export const DEFAULT_DISPATCH_INTERVAL_MS = 1_000;

/** A few jobs per download slot: enough that no worker idles between refills. */
export function defaultBacklog(fileConcurrency: number): number {
  return 4 * fileConcurrency;
}

export function dispatchSettings(
  fileConcurrency: number,
  overrides: Partial<DispatchSettings> = {},
): DispatchSettings {
  return {
    backlog: defaultBacklog(fileConcurrency),
    intervalMs: DEFAULT_DISPATCH_INTERVAL_MS,
    xmlDailyBudgetPerRfc: DEFAULT_XML_DAILY_BUDGET,
    ...overrides,
  };
}
