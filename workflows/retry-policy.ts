/**
 * The Retry blocks of the workflow's Task states, defined once. workflows/nomination.asl.json
 * carries them (ASL is data, read as it is by the CDK app and the local runtime);
 * test/workflow/asl.test.ts fails when any Task's Retry differs from `retryPolicy(task)`.
 */
import { NOMINATION_TASKS, type NominationTask } from './nomination-tasks';

/** Lambda's own throttling and service errors, and the functions' TransientError: retried with jitter. */
export const TRANSIENT_RETRY = {
  ErrorEquals: [
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
    'Lambda.TooManyRequestsException',
    'TransientError',
  ],
  IntervalSeconds: 2,
  MaxAttempts: 4,
  BackoffRate: 2,
  JitterStrategy: 'FULL',
} as const;

/**
 * Another attempt holds the mail's send-once lease (MailInFlight): waited out, together longer
 * than the lease (SENDING_LEASE_MS; a test ties them), so a mail is never given up while it may
 * still go out.
 */
export const MAIL_IN_FLIGHT_RETRY = {
  ErrorEquals: ['MailInFlight'],
  IntervalSeconds: 20,
  MaxAttempts: 4,
  BackoffRate: 1.5,
} as const;

/** A task's Retry: the mail lease wait only for the functions that send mail. */
export function retryPolicy(task: NominationTask) {
  return NOMINATION_TASKS[task].sendsMail ? [MAIL_IN_FLIGHT_RETRY, TRANSIENT_RETRY] : [TRANSIENT_RETRY];
}

/** Seconds a retry block may wait in all, backoff included (jitter only shortens it). */
export function totalRetryWaitSeconds(retry: {
  readonly IntervalSeconds: number;
  readonly MaxAttempts: number;
  readonly BackoffRate: number;
}): number {
  let total = 0;
  let wait = retry.IntervalSeconds;
  for (let attempt = 0; attempt < retry.MaxAttempts; attempt += 1) {
    total += wait;
    wait *= retry.BackoffRate;
  }
  return total;
}
