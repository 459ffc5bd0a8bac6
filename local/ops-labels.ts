/**
 * The words the ops tools (ops console, admin CLI) show for Step Functions execution statuses and
 * operators' actions: one list, so the two never name the same thing differently. Stage and
 * decision labels live with the domain (functions/domain/stages.ts).
 */
import type { ExecutionStatus } from '@aws-sdk/client-sfn';
import type { AuditEvent } from '../functions/domain/nomination';

/** Every status ListExecutions knows, in the order the ops tools show them. */
export const EXECUTION_STATUSES = [
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
  'PENDING_REDRIVE',
] as const satisfies readonly ExecutionStatus[];
export type Status = (typeof EXECUTION_STATUSES)[number];

export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (EXECUTION_STATUSES as readonly string[]).includes(value);
}

/** As the AWS Step Functions console says them in Korean. */
export const STATUS_LABELS: Readonly<Record<Status, string>> = {
  RUNNING: '실행 중',
  SUCCEEDED: '성공',
  FAILED: '실패',
  TIMED_OUT: '시간 초과',
  ABORTED: '중단됨',
  PENDING_REDRIVE: '재실행 대기',
};

/** The Korean label of a status; anything unknown as it is. */
export function statusLabel(status: string | undefined): string {
  return isStatus(status) ? STATUS_LABELS[status] : (status ?? '?');
}

/** Statuses RedriveExecution accepts. */
export const REDRIVABLE_STATUSES: readonly Status[] = ['FAILED', 'TIMED_OUT', 'ABORTED'];

export type OpsAction = Extract<AuditEvent, { type: 'ops_action' }>['action'];

export { OPS_ACTION_LABELS } from '../functions/views/common';
