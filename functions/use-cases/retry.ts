import type { Sleep } from '../domain/ports';

/** The real wait (composition roots and tests may pass their own Sleep). */
export const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryOptions {
  /** Most tries, the first included. */
  readonly times: number;
  /** The wait after the n-th failure. */
  readonly delayMs: (failedTries: number) => number;
  /** Whether to try again after `error` (it may also throw, to stop with a better error). */
  readonly shouldRetry: (error: unknown) => boolean | Promise<boolean>;
  readonly sleep?: Sleep;
  /**
   * The time budget: another try starts only while, after the wait, the function still has
   * `tryMs` (one try's worst case) plus `reserveMs` left (contracts/retry-budget.ts).
   */
  readonly budget?: {
    readonly remainingMs: () => number;
    readonly tryMs: number;
    readonly reserveMs: number;
  };
}

/**
 * Runs `attempt` up to `times` times, waiting `delayMs(n)` after the n-th failure, while
 * `shouldRetry` says so and the budget has room for another try. The last error is thrown.
 */
export async function retry<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  const wait = options.sleep ?? sleep;
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= options.times || !(await options.shouldRetry(error))) throw error;
      const delay = options.delayMs(tries);
      const { budget } = options;
      if (budget && budget.remainingMs() - delay < budget.tryMs + budget.reserveMs) throw error;
      await wait(delay);
    }
  }
}
