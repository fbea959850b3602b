/** Steps of the demo as short lines: what is happening, then how long it took. */
export class StepLog {
  constructor(private readonly out: NodeJS.WriteStream) {}

  line(text = ''): void {
    this.out.write(`${text}\n`);
  }

  async step<T>(title: string, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    if (this.out.isTTY) this.out.write(`  … ${title}`);
    try {
      const result = await run();
      this.#end('✓', title, started);
      return result;
    } catch (error) {
      this.#end('✗', title, started);
      throw error;
    }
  }

  #end(mark: string, title: string, started: number): void {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const text = `  ${mark} ${title} (${seconds} s)\n`;
    this.out.write(this.out.isTTY ? `\r\x1b[2K${text}` : text);
  }
}
