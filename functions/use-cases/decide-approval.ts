import {
  type ApprovalRequest,
  CLOSED_MESSAGES,
  closedReason,
  hashApprovalId,
  isWellFormedApprovalId,
  validateDecision,
} from '../domain/approval';
import { ApprovalClosed, ApprovalNotFound, NominationNotFound } from '../domain/errors';
import type { AuditEvent, Nomination } from '../domain/nomination';
import type { ApprovalRepository, Clock, NominationRepository, Workflow } from '../domain/ports';
import type { Decision } from '../domain/stages';

export interface ApprovalDeps {
  readonly nominations: NominationRepository;
  readonly approvals: ApprovalRepository;
  readonly workflow: Workflow;
  readonly clock: Clock;
}

export interface ApprovalView {
  readonly request: ApprovalRequest;
  readonly nomination: Nomination;
  readonly history: AuditEvent[];
  /** Set when the link can no longer decide; the page then shows no buttons. */
  readonly closedMessage?: string;
}

async function load(approvalId: string, deps: ApprovalDeps) {
  if (!isWellFormedApprovalId(approvalId)) throw new ApprovalNotFound();
  const request = await deps.approvals.findByHash(hashApprovalId(approvalId));
  if (!request) throw new ApprovalNotFound();
  const nomination = await deps.nominations.get(request.nominationId);
  if (!nomination) throw new NominationNotFound(request.nominationId);
  return { request, nomination };
}

/** What GET shows. Reading never changes anything: mail scanners follow links. */
export async function viewApproval(approvalId: string, deps: ApprovalDeps): Promise<ApprovalView> {
  const { request, nomination } = await load(approvalId, deps);
  const history = await deps.nominations.history(nomination.id);
  const reason = closedReason(request, deps.clock.now());
  return { request, nomination, history, ...(reason ? { closedMessage: CLOSED_MESSAGES[reason] } : {}) };
}

export interface DecisionInput {
  readonly approvalId: string;
  readonly decision: unknown;
  readonly comment: unknown;
}

export interface DecisionResult {
  readonly request: ApprovalRequest;
  readonly nomination: Nomination;
  readonly decision: Decision;
  readonly comment?: string;
  readonly decidedAt: string;
  /** True when this click found the decision already made (double click, second tab). */
  readonly alreadyDecided: boolean;
}

function alreadyDecided(request: ApprovalRequest, nomination: Nomination): DecisionResult {
  return {
    request,
    nomination,
    decision: request.decision ?? 'approve',
    ...(request.comment ? { comment: request.comment } : {}),
    decidedAt: request.decidedAt ?? request.createdAt,
    alreadyDecided: true,
  };
}

/**
 * Records the decision exactly once (a conditional claim), then hands it to the waiting
 * workflow task. If the workflow no longer waits for this token the claim is undone, so the
 * stored decision always matches what the workflow did.
 */
export async function decideApproval(input: DecisionInput, deps: ApprovalDeps): Promise<DecisionResult> {
  const { request, nomination } = await load(input.approvalId, deps);
  const now = deps.clock.now();
  const reason = closedReason(request, now);
  if (reason === 'decided') return alreadyDecided(request, nomination);
  if (reason) throw new ApprovalClosed(reason, CLOSED_MESSAGES[reason]);

  const { decision, comment } = validateDecision(input);
  const decidedAt = now.toISOString();
  const event: AuditEvent = {
    type: 'decided',
    at: decidedAt,
    actor: request.approver.email,
    stage: request.stage,
    decision,
    ...(comment ? { comment } : {}),
  };
  try {
    await deps.approvals.claim(request, decision, comment, event);
  } catch (error) {
    if (error instanceof ApprovalClosed && error.reason === 'decided') {
      const winner = await deps.approvals.findByHash(request.idHash);
      return alreadyDecided(winner ?? request, nomination);
    }
    throw error;
  }

  let taken: boolean;
  try {
    taken = await deps.workflow.sendDecision(request.taskToken, {
      decision,
      stage: request.stage,
      approver: request.approver.email,
      decidedAt,
      ...(comment ? { comment } : {}),
    });
  } catch (error) {
    await deps.approvals.release(request, 'open');
    throw error;
  }
  if (!taken) {
    await deps.approvals.release(request, 'expired');
    throw new ApprovalClosed('expired', CLOSED_MESSAGES.expired);
  }
  return { request, nomination, decision, ...(comment ? { comment } : {}), decidedAt, alreadyDecided: false };
}
