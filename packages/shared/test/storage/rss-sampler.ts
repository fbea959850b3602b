const MB = 1_000_000;

export interface RssSample {
  baselineMb: number;
  peakGrowthMb: number;
  seconds: number;
}

/**
 * Runs `work` while sampling this process's RSS every 10 ms (and whenever `poke` is called, so
 * a busy event loop still gets sampled), returning its result and the peak growth over the RSS
 * just before it started.
 */
export async function measureRss<T>(
  work: (poke: () => void) => Promise<T>,
): Promise<[T, RssSample]> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const poke = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const sampler = setInterval(poke, 10);
  const started = performance.now();
  try {
    const result = await work(poke);
    const seconds = (performance.now() - started) / 1000;
    return [result, { baselineMb: baseline / MB, peakGrowthMb: (peak - baseline) / MB, seconds }];
  } finally {
    clearInterval(sampler);
  }
}
