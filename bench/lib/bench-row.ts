/**
 * One line of the table `pnpm bench` prints: our figure beside the baseline it is compared to,
 * measured in the same run, and their ratio. Values are already formatted with their units.
 */
export interface BenchRow {
  /** The part of the system, e.g. `Webhook receiver`. */
  section: string;
  /** What is measured, e.g. `requests/s, unthrottled`. */
  measure: string;
  ours: string;
  /** What the baseline is, e.g. `bare Hono route, same JSON parse`. */
  baselineName: string;
  baseline: string;
  /** ours ÷ baseline, oriented so that the target reads naturally (documented per row). */
  ratio: number | null;
  /** The target for this row, e.g. `ratio ≥ 0.5` or `p99 < 50 ms`; absent when none. */
  target?: string;
  /** Whether the target was met in this run; absent when there is no target. */
  met?: boolean;
}
