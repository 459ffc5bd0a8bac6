import type { Nomination } from '../domain/nomination';
import type { QuotaUsage } from '../domain/quota';
import type { Decision, ReviewStage } from '../domain/stages';
import type { ApprovalView } from '../use-cases/decide-approval';
import { historyAnswer, nominationAnswer, ROLE_LABELS, STAGE_ROLES } from './common';
import { revisionsAnswer } from './correction-parts';
import { CLOSED_MESSAGES } from './messages';

/*
 * The approval link's pages (the `review` function), one file each under views/pages/: the file
 * with the decision form, the notice of a link that can no longer decide, and the answer to a
 * decision; and their JSON answers (here).
 */

/** What the approval page's token is for: a batch page's token, made from its own link, says another. */
export const DECISION_TOKEN_PURPOSE = 'approval-decision';

export { renderApproval } from './pages/approval';
export { renderApprovalClosed } from './pages/approval-closed';
export { renderDecided } from './pages/decided';
export { nextStepText } from './texts';

/* ------------------------------------------------------------------ JSON answers (allow-lists, see views/common.ts) */

function quotaAnswer(usage: QuotaUsage) {
  return {
    nomineeType: usage.nomineeType,
    ...(usage.categoryId !== undefined ? { categoryId: usage.categoryId } : {}),
    ...(usage.categoryName !== undefined ? { categoryName: usage.categoryName } : {}),
    limit: usage.limit,
    awarded: usage.awarded,
    remaining: usage.remaining,
  };
}

/**
 * GET /approvals/{approvalId} as JSON: the request (stage, status, deadline, the approver's role;
 * never the task token, link nonce, hash or the approver's address), and while the link can
 * decide, the file and its history; once it cannot, only the notice and the decision on record.
 */
export function approvalAnswer(view: ApprovalView) {
  if (!view.open) {
    const { request } = view;
    return {
      request: {
        stage: request.stage,
        status: request.status,
        expiresAt: request.expiresAt,
        approverRole: ROLE_LABELS[STAGE_ROLES[request.stage]],
        ...(request.decision ? { decision: request.decision } : {}),
        ...(request.decidedAt ? { decidedAt: request.decidedAt } : {}),
        ...(request.comment ? { comment: request.comment } : {}),
      },
      closed: CLOSED_MESSAGES[view.closedReason],
    };
  }
  const { request, nomination, history, quota } = view;
  return {
    request: {
      stage: request.stage,
      status: 'open' as const,
      expiresAt: request.expiresAt,
      ...(request.dueAt !== undefined ? { dueAt: request.dueAt } : {}),
      approverRole: ROLE_LABELS[STAGE_ROLES[request.stage]],
    },
    nomination: nominationAnswer(nomination),
    history: historyAnswer(history),
    ...(quota ? { quota: quota.map(quotaAnswer) } : {}),
    // What the center changed on each return, field by field, with the previous values.
    ...(nomination.revisions?.length ? { revisions: revisionsAnswer(nomination) } : {}),
  };
}

/**
 * POST /approvals/{approvalId} as JSON. The nomination id (the key of the nominator's status page)
 * only with a fresh decision: a used link, posted again, tells nothing of the file.
 */
export function decisionAnswer(result: {
  nomination: Pick<Nomination, 'id'>;
  stage: ReviewStage;
  decision: Decision;
  decidedAt: string;
  alreadyDecided: boolean;
}) {
  return {
    ...(result.alreadyDecided ? {} : { nominationId: result.nomination.id }),
    stage: result.stage,
    decision: result.decision,
    decidedAt: result.decidedAt,
    alreadyDecided: result.alreadyDecided,
  };
}
