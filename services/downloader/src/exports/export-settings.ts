/** How an export-downloads job waits for SAT.ws and unpacks the ZIP (config: EXPORT_*). */
export interface ExportSettings {
  /** Delay before looking at an unfinished export again when no webhook came first. */
  pollMs: number;
  /** Entries read back from the archive object and uploaded at once. */
  entryConcurrency: number;
}

export const DEFAULT_EXPORT_SETTINGS: ExportSettings = { pollMs: 30_000, entryConcurrency: 8 };

export function exportSettings(given: Partial<ExportSettings> | undefined): ExportSettings {
  return { ...DEFAULT_EXPORT_SETTINGS, ...given };
}
