/**
 * Log messages that raise an alarm on AWS: infra/constructs/operations.ts turns them into metric
 * filters on the function's log group. A module of its own so infra imports nothing else.
 */
export const ALERT_MESSAGES = { decisionHandoverUncertain: 'decision hand-over uncertain' } as const;

/** The metric each alert message counts, in the custom namespace (contracts/observability.ts). */
export const ALERT_METRICS: Readonly<Record<keyof typeof ALERT_MESSAGES, string>> = {
  decisionHandoverUncertain: 'DecisionHandoverUncertain',
};
