import { type ApprovalAlias, type ApprovalRequest, isDecidable } from '../domain/approval';
import type { TransitionEvent } from '../domain/approval-lifecycle';
import { type Cycle, findCenter, findCycle } from '../domain/cycle';
import { WORKFLOW_ACTOR } from '../domain/nomination';
import type {
  ApprovalRepository,
  NominationProgress,
  NominationReader,
  ReviewLinkRepository,
} from '../domain/ports';
import { dueReminder, escalationFor, isEscalationDue } from '../domain/reminders';
import { isWellFormedLinkNonce } from '../domain/secret-links';
import type { ReviewStage } from '../domain/stages';
import { type ApprovalMailDeps, addApprovalAlias, approvalUrl } from './approval-links';
import { reviewLinkFor } from './review-links';
import { sendOnce } from './send-once';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RemindApprovalsDeps extends ApprovalMailDeps {
  /** The sweep notes each reminder in the audit trail. */
  readonly nominations: NominationReader & NominationProgress;
  /** The sweep lists the open requests. */
  readonly approvals: ApprovalRepository;
  /** Batch review links: reminders to HQ and the minister carry the approver's (absent: none). */
  readonly reviewLinks?: ReviewLinkRepository;
}

export interface SweepResult {
  readonly examined: number;
  /** The stage of each reminder sent in this sweep. */
  readonly reminded: readonly ReviewStage[];
  /** The stage of each escalation mailed in this sweep. */
  readonly escalated: readonly ReviewStage[];
  /** Requests left for the next sweep after a failure (logged by the caller). */
  readonly failed: readonly { readonly nominationId: string; readonly error: string }[];
}

/** How far ahead of its due date a request can get its first reminder, over all cycles. */
function longestLead(cycles: readonly Cycle[]): number {
  return Math.max(0, ...cycles.flatMap((cycle) => cycle.reminders?.daysBeforeDue ?? []));
}

/**
 * One sweep over the open approval requests (run on a schedule): sends the reminder each one is
 * due (the same link as the first mail), and escalates those past their due date to the stage's
 * escalation address with a link of its own. Every mail goes out once however often the sweep
 * runs or overlaps (send-once keys per reminder number and per escalation); one request's failure
 * does not stop the others.
 */
export async function remindApprovals(deps: RemindApprovalsDeps): Promise<SweepResult> {
  const now = deps.clock.now();
  const horizon = new Date(now.getTime() + longestLead(deps.cycles) * DAY_MS).toISOString();
  const open = await deps.approvals.listOpen(horizon);
  const reminded: ReviewStage[] = [];
  const escalated: ReviewStage[] = [];
  const failed: { nominationId: string; error: string }[] = [];
  for (const request of open) {
    try {
      const outcome = await remindOne(request, now, deps);
      if (outcome.reminded) reminded.push(request.stage);
      if (outcome.escalated) escalated.push(request.stage);
    } catch (error) {
      failed.push({ nominationId: request.nominationId, error: (error as Error).name || 'Error' });
    }
  }
  return { examined: open.length, reminded, escalated, failed };
}

async function remindOne(
  listed: ApprovalRequest,
  now: Date,
  deps: RemindApprovalsDeps,
): Promise<{ reminded: boolean; escalated: boolean }> {
  // The index lags: act on the request as it is now.
  const request = await deps.approvals.findByHash(listed.idHash);
  const none = { reminded: false, escalated: false };
  if (
    !request ||
    !isDecidable(request, now) ||
    !request.linkNonce ||
    !isWellFormedLinkNonce(request.linkNonce)
  )
    return none;
  const nomination = await deps.nominations.get(request.nominationId);
  const cycle = nomination ? findCycle(deps.cycles, nomination.cycle) : undefined;
  if (!nomination || !cycle || nomination.stage !== request.stage) return none;
  const key = await deps.linkKey.bytes();
  const mailFor = (approver: ApprovalRequest['approver'], linkNonce: string) => ({
    to: [approver.email],
    link: approvalUrl(deps.publicUrl, key, linkNonce),
  });
  const base = {
    nomination,
    cycle,
    stage: request.stage,
    dueAt: request.dueAt ?? request.expiresAt,
    expiresAt: request.expiresAt,
  };

  let escalated = false;
  const escalateTo = escalationFor(
    deps.directory,
    request.stage,
    findCenter(deps.directory, nomination.centerId),
  );
  if (escalateTo && isEscalationDue(request, now)) {
    const alias = await escalationLink(request, escalateTo, now, deps);
    if (alias) {
      const { to, link } = mailFor(alias.approver, alias.linkNonce);
      escalated = await sendOnce(
        deps,
        nomination.id,
        `escalation:${request.idHash}`,
        () => ({
          to,
          kind: 'approvalRequest',
          model: {
            ...base,
            approver: alias.approver,
            link,
            why: { kind: 'escalation', originalApprover: request.approver },
          },
        }),
        { stage: request.stage },
      );
    }
  }

  let reminded = false;
  const reminder = dueReminder(request, cycle, now);
  // A delegated request is the delegate's now: the reminder goes to them, with their link.
  const holder = request.delegatedTo ? await deps.approvals.findAlias(request.delegatedTo.idHash) : undefined;
  if (reminder && (!request.delegatedTo || holder)) {
    const { to, link } = mailFor(
      holder?.approver ?? request.approver,
      holder?.linkNonce ?? request.linkNonce,
    );
    reminded = await sendOnce(
      deps,
      nomination.id,
      `reminder:${request.idHash}:${reminder.number}`,
      async () => {
        // The approver's batch review page too (a delegate's reminder carries only their own link).
        const reviewLink = holder
          ? undefined
          : await reviewLinkFor(cycle, request.stage, request.approver, now, deps);
        return {
          to,
          kind: 'approvalRequest',
          model: {
            ...base,
            approver: holder?.approver ?? request.approver,
            link,
            why: { kind: 'reminder', number: reminder.number },
            ...(reviewLink ? { reviewLink } : {}),
          },
        };
      },
      { stage: request.stage },
    );
    if (reminded) {
      await deps.nominations.appendEvent(nomination, {
        type: 'approval_reminded',
        at: now.toISOString(),
        actor: WORKFLOW_ACTOR,
        stage: request.stage,
        number: reminder.number,
      });
    }
  }
  return { reminded, escalated };
}

/** The request's escalation link: made once (with its audit event), found again by later sweeps. */
function escalationLink(
  request: ApprovalRequest,
  to: ApprovalRequest['approver'],
  now: Date,
  deps: RemindApprovalsDeps,
): Promise<ApprovalAlias | undefined> {
  const event: TransitionEvent<'escalate'> = {
    type: 'approval_escalated',
    at: now.toISOString(),
    actor: WORKFLOW_ACTOR,
    stage: request.stage,
    toName: to.name,
  };
  return addApprovalAlias(request, 'escalation', to, event, now, deps);
}
