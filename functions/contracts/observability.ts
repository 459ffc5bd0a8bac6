/**
 * The names CloudWatch knows the system by, in one place for the two that use them: the functions
 * emit them (functions/adapters/middleware.ts, functions/adapters/metrics.ts) and infra graphs and
 * alarms on them (infra/constructs/operations.ts). Imports nothing, so infra can load it.
 */

/** `service` on every log line and the `service` dimension of every custom metric. */
export const SERVICE_NAME = 'award-workflow';

/** Namespace of the custom metrics: the functions' EMF metrics and the log metric filters. */
export const METRICS_NAMESPACE = 'AwardWorkflow';

/**
 * The custom metrics (all counts) and the dimensions each is emitted with. Each one is emitted twice
 * in the same EMF record: with `service` alone (the total, which alarms watch) and with `service` plus
 * its own dimensions (the breakdown, which the dashboard graphs).
 */
export const METRICS = {
  /** A nomination entered the workflow: a web draft its center confirmed, or an accepted intake mail. */
  nominationsSubmitted: { name: 'NominationsSubmitted', dimensions: ['channel'] },
  /** An approver was mailed a link and the workflow waits at `stage`. */
  approvalsRequested: { name: 'ApprovalsRequested', dimensions: ['stage'] },
  /** An approver decided at `stage` (`decision`: approve, reject, return). */
  decisions: { name: 'Decisions', dimensions: ['stage', 'decision'] },
  /** A wait at `stage` reached its deadline (the task's TimeoutSeconds): an operator must act. */
  waitsPastDeadline: { name: 'WaitsPastDeadline', dimensions: ['stage'] },
  /** An open approval was reminded (the reminder sweep), by stage. */
  approvalReminders: { name: 'ApprovalReminders', dimensions: ['stage'] },
  /** An overdue approval was escalated to the stage's escalation address. */
  approvalEscalations: { name: 'ApprovalEscalations', dimensions: ['stage'] },
  /** Mails SES accepted. */
  mailsSent: { name: 'MailsSent', dimensions: [] },
  /** Mails SES refused or could not be reached for (each attempt; the workflow retries some). */
  mailsFailed: { name: 'MailsFailed', dimensions: [] },
  /**
   * A mail asking an approver to decide bounced for good while its stage waits: the nomination is
   * marked for an operator (fix the directory, resend the link).
   */
  approverMailBounced: { name: 'ApproverMailBounced', dimensions: ['stage'] },
  /** SES reported a mail as bounced (any mail), by bounce type. */
  mailsBounced: { name: 'MailsBounced', dimensions: ['bounceType'] },
  /** A recipient marked a mail as spam: the address is suppressed until an operator clears it. */
  mailComplaints: { name: 'MailComplaints', dimensions: [] },
  /** A recipient left out of a mail because their address is suppressed. */
  mailsSuppressed: { name: 'MailsSuppressed', dimensions: [] },
} as const;

export type MetricKey = keyof typeof METRICS;
export type MetricDimension<K extends MetricKey> = (typeof METRICS)[K]['dimensions'][number];

/** The dimension every custom metric carries (Powertools' default dimension). */
export const SERVICE_DIMENSION = 'service';

/** The JSON key Powertools Logger writes a line's message under: the log metric filters match on it. */
export const LOG_MESSAGE_FIELD = 'message';

/**
 * Powertools' switch for EMF output. Infra sets it to `on` on every function; where it is not set
 * (tests, `npm start`, the bench) functions/adapters/metrics.ts writes no metrics.
 */
export const METRICS_SWITCH = { variable: 'POWERTOOLS_METRICS_DISABLED', on: 'false', off: 'true' } as const;
