import type { ApprovalRequest } from './approval';
import type { Center, Cycle, Directory, Person } from './cycle';
import type { ReviewStage } from './stages';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * When an open approval is reminded and escalated, from the cycle's settings:
 * - reminders at `daysBeforeDue` before its due date (e.g. [3, 0.5]), at most `max` of them;
 * - at the due date, escalation to the stage's escalation address (if the directory has one),
 *   whose link works alongside the original one until `escalationDays` later; first decision wins.
 */
export interface ReminderSchedule {
  readonly daysBeforeDue: readonly number[];
  readonly max: number;
}

export function reviewDueAt(createdAt: Date, cycle: Cycle, stage: ReviewStage): Date {
  return new Date(createdAt.getTime() + cycle.reviewDays[stage] * DAY_MS);
}

/** The links of a request stop deciding this long after its due date (0 without escalation). */
export function linkExpiry(dueAt: Date, cycle: Cycle): Date {
  return new Date(dueAt.getTime() + (cycle.escalationDays ?? 0) * DAY_MS);
}

/** The reminder times of a request, earliest first, at most `max`, none before it was opened. */
export function reminderTimes(
  request: Pick<ApprovalRequest, 'createdAt' | 'dueAt' | 'expiresAt'>,
  cycle: Cycle,
): Date[] {
  const schedule = cycle.reminders;
  if (!schedule) return [];
  const due = Date.parse(request.dueAt ?? request.expiresAt);
  const opened = Date.parse(request.createdAt);
  return [...new Set(schedule.daysBeforeDue)]
    .sort((a, b) => b - a)
    .map((days) => new Date(due - days * DAY_MS))
    .filter((at) => at.getTime() > opened)
    .slice(0, schedule.max);
}

/**
 * The reminder due now: the latest scheduled time already passed (earlier missed ones are not
 * sent as well: one mail says it), or undefined. Its number is 1-based and stable, so sending it
 * once per number is sending each reminder once.
 */
export function dueReminder(
  request: Pick<ApprovalRequest, 'createdAt' | 'dueAt' | 'expiresAt'>,
  cycle: Cycle,
  now: Date,
): { readonly number: number; readonly at: Date } | undefined {
  const times = reminderTimes(request, cycle);
  let due: { number: number; at: Date } | undefined;
  times.forEach((at, index) => {
    if (at.getTime() <= now.getTime()) due = { number: index + 1, at };
  });
  return due;
}

/** Who a stage escalates to (센터장 -> the center's deputy, 본부 -> 국장, 장관 -> 차관 대결), if anyone. */
export function escalationFor(
  directory: Directory,
  stage: ReviewStage,
  center: Center | undefined,
): Person | undefined {
  if (stage === 'center_review') return center?.escalation;
  return directory.escalation?.[stage];
}

/** Whether the request is past its due date and should be escalated now. */
export function isEscalationDue(request: Pick<ApprovalRequest, 'dueAt' | 'expiresAt'>, now: Date): boolean {
  const due = Date.parse(request.dueAt ?? request.expiresAt);
  return now.getTime() >= due && now.getTime() < Date.parse(request.expiresAt);
}
