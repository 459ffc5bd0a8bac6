/** Small measuring helpers shared by the bench's sections. */

/** The nearest-rank percentile of `values` (p in 0..100); NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? Number.NaN;
}

export const median = (values: readonly number[]) => percentile(values, 50);

/** Rounds for the JSON file: figures to a tenth or a thousandth, not 15 digits of noise. */
export const round = (value: number, digits = 1) => Number(value.toFixed(digits));

export const ms = (value: number) => `${value.toFixed(1)} ms`;

/** Runs `work` and answers its result with the milliseconds it took. */
export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

/** An integer setting from the environment (e.g. BENCH_NOMINATIONS), or its default. */
export function envInt(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

export const sleep = (msToWait: number) => new Promise((resolve) => setTimeout(resolve, msToWait));
