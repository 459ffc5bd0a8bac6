import { FUNCTION_TIMEOUT_SECONDS } from './names';

/**
 * The retry budget, in one place: how often and how long the functions' AWS calls may be tried.
 * App-level retries x SDK attempts x timeouts must end before the function's own timeout
 * (FUNCTION_TIMEOUT_SECONDS), with time left for a compensating write (withdrawing a claim) and the
 * answer. test/unit/retry-budget.test.ts computes the worst case (every attempt timing out) for
 * each function and fails when it does not fit.
 */

/** One AWS client's attempts and timeouts. */
export interface SdkBudget {
  /** Attempts of one call, the first included (the SDK's retries = maxAttempts - 1). */
  readonly maxAttempts: number;
  /** Most time to open the connection of one attempt. */
  readonly connectionTimeoutMs: number;
  /**
   * Most time of one attempt, request and response. Enforced only with `throwOnRequestTimeout`
   * (@smithy/node-http-handler otherwise just logs a warning): see sdkClientConfig.
   */
  readonly requestTimeoutMs: number;
}

/** Every AWS client the functions create (adapters: createDocumentClient, createSfnClient, createMailer). */
export const SDK_BUDGET = {
  dynamodb: { maxAttempts: 2, connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000 },
  /** StartExecution: idempotent by name, so SDK retries are safe. */
  sfn: { maxAttempts: 3, connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000 },
  /** SendTaskSuccess: one attempt, as a retry after a lost answer would read as "not taken". */
  sfnSingleAttempt: { maxAttempts: 1, connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000 },
  ses: { maxAttempts: 2, connectionTimeoutMs: 1_000, requestTimeoutMs: 3_000 },
} as const satisfies Record<string, SdkBudget>;

/**
 * The SDK's wait before its n-th retry (n from 0), at worst: a random share of base x 2^n, capped.
 * The base is the throttling one of @smithy/core's retry strategy (1 s; 50 ms for other errors).
 * DynamoDB, Step Functions and SES send no Retry-After, which could stretch it.
 */
export const SDK_BACKOFF = { baseMs: 1_000, capMs: 20_000 } as const;

/** App-level retries: tries (the first included) and the wait after the n-th failure. */
export const APP_RETRIES = {
  /** Withdrawing a claim the workflow did not take (use-cases/decide-approval.ts). */
  withdraw: { tries: 3, delayMs: (failedTries: number) => 100 * failedTries },
  /** A transaction cancelled by a concurrent identical one (adapters/dynamo-table.ts retryingConflicts). */
  conflicts: { tries: 3, delayMs: (failedTries: number) => 20 * failedTries + 30 },
} as const;

/** Time kept free at the end of a function: to answer (the page, the JSON) after the last call. */
export const ANSWER_RESERVE_MS = 1_000;

/** The worst time of one attempt: connecting times out, or the connection opens just in time and the request then does. */
export function attemptWorstMs(budget: SdkBudget): number {
  return budget.connectionTimeoutMs + budget.requestTimeoutMs;
}

/** The worst time of one SDK call: every attempt times out, with the longest backoff between them. */
export function callWorstMs(budget: SdkBudget): number {
  let total = budget.maxAttempts * attemptWorstMs(budget);
  for (let retry = 0; retry < budget.maxAttempts - 1; retry += 1)
    total += Math.min(SDK_BACKOFF.capMs, SDK_BACKOFF.baseMs * 2 ** retry);
  return total;
}

/**
 * One decision's worst case (decide-approval.ts): the claim, the single-attempt hand-over, and one
 * withdrawal of the claim; further withdrawal tries start only while this much is left of it.
 */
export const DECISION_WORST_MS = {
  claim: callWorstMs(SDK_BUDGET.dynamodb),
  handover: callWorstMs(SDK_BUDGET.sfnSingleAttempt),
  withdraw: callWorstMs(SDK_BUDGET.dynamodb),
} as const;

/**
 * The time a decision needs before its claim starts: claim, hand-over, one withdrawal, the answer.
 * With less left, no claim is made (it could be stranded when the function is cut off).
 */
export const DECISION_TIME_NEEDED_MS =
  DECISION_WORST_MS.claim + DECISION_WORST_MS.handover + DECISION_WORST_MS.withdraw + ANSWER_RESERVE_MS;

/** The functions' timeouts in milliseconds (FUNCTION_TIMEOUT_SECONDS). */
export function functionTimeoutMs(fn: keyof typeof FUNCTION_TIMEOUT_SECONDS): number {
  return FUNCTION_TIMEOUT_SECONDS[fn] * 1000;
}

/** The SDK client options of a budget: attempts and timeouts, the request timeout enforced. */
export function sdkClientConfig(budget: SdkBudget) {
  return {
    maxAttempts: budget.maxAttempts,
    requestHandler: {
      connectionTimeout: budget.connectionTimeoutMs,
      requestTimeout: budget.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}
