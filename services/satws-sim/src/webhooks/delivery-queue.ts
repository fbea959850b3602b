/**
 * At most `limit` deliveries in flight per endpoint: a burst of thousands of `invoice.created`
 * events must not open thousands of sockets against the receiver at once.
 */
export class DeliveryQueue {
  readonly #waiting = new Map<string, Array<() => Promise<void>>>();
  readonly #active = new Map<string, number>();

  constructor(private readonly limit: number) {}

  push(key: string, task: () => Promise<void>): void {
    const queue = this.#waiting.get(key) ?? [];
    queue.push(task);
    this.#waiting.set(key, queue);
    this.#pump(key);
  }

  clear(): void {
    this.#waiting.clear();
  }

  #pump(key: string): void {
    const queue = this.#waiting.get(key);
    const active = this.#active.get(key) ?? 0;
    if (!queue || queue.length === 0 || active >= this.limit) return;
    const task = queue.shift();
    if (!task) return;
    this.#active.set(key, active + 1);
    task().finally(() => {
      this.#active.set(key, (this.#active.get(key) ?? 1) - 1);
      this.#pump(key);
    });
  }
}
