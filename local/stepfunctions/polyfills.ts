type WithResolvers = <T>() => {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
};

/**
 * aws-local-stepfunctions 3 calls Promise.withResolvers (Node >= 22) in every Task state; Node 20
 * lacks it, and every Task would fail with "Promise.withResolvers is not a function".
 */
export function installPromiseWithResolvers(): void {
  const promiseConstructor = Promise as PromiseConstructor & { withResolvers?: WithResolvers };
  if (typeof promiseConstructor.withResolvers === 'function') return;
  const withResolvers: WithResolvers = <T>() => {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
  Object.defineProperty(Promise, 'withResolvers', {
    value: withResolvers,
    writable: true,
    configurable: true,
  });
}
