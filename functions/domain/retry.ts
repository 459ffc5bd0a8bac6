/**
 * Runs `attempt` up to `times` times, waiting `delayMs(n)` after the n-th failure, while
 * `shouldRetry` says so (it may also throw, to stop with a better error). The last error is thrown.
 */
export async function retry<T>(
  attempt: () => Promise<T>,
  options: {
    readonly times: number;
    readonly delayMs: (failedTries: number) => number;
    readonly shouldRetry: (error: unknown) => boolean | Promise<boolean>;
  },
): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= options.times || !(await options.shouldRetry(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, options.delayMs(tries)));
    }
  }
}
