/**
 * Event types the system acts on: each gets a `satws-events` job. They are also what the
 * register-webhook command subscribes to. Every other type (`invoice.created`, `file.created`,
 * … one per invoice and file of an extraction) is stored and acknowledged without a job:
 * invoices are listed from SAT.ws once the extraction finishes, not counted from events.
 */
export const ACTIONABLE_EVENT_TYPES = [
  'extraction.updated',
  'credential.updated',
  'export.updated',
] as const;

const ACTIONABLE: ReadonlySet<string> = new Set(ACTIONABLE_EVENT_TYPES);

export function isActionableEventType(type: string): boolean {
  return ACTIONABLE.has(type);
}
