/** Calls per endpoint (`METHOD /route/{template}`), for tests that budget upstream calls. */
export class CallCounter {
  #counts = new Map<string, number>();

  record(endpoint: string): void {
    this.#counts.set(endpoint, (this.#counts.get(endpoint) ?? 0) + 1);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.#counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  reset(): void {
    this.#counts.clear();
  }
}
