import { type ApprovalRequest, CLOSED_MESSAGES, closedReason, validateDecision } from '../domain/approval';
import { ApprovalClosed, ApprovalNotFound, NominationNotFound, TransientError } from '../domain/errors';
import { type AuditEvent, type Nomination, participantHistory } from '../domain/nomination';
import type { ApprovalRepository, Clock, Handover, NominationRepository, Workflow } from '../domain/ports';
import { retry } from '../domain/retry';
import { hashLinkId, isWellFormedLinkId } from '../domain/secret-links';
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
  if (!isWellFormedLinkId(approvalId)) throw new ApprovalNotFound();
  const request = await deps.approvals.findByHash(hashLinkId(approvalId));
  if (!request) throw new ApprovalNotFound();
  const nomination = await deps.nominations.get(request.nominationId);
  if (!nomination) throw new NominationNotFound(request.nominationId);
  return { request, nomination };
}

/** What GET shows. Reading never changes anything: mail scanners follow links. */
export async function viewApproval(approvalId: string, deps: ApprovalDeps): Promise<ApprovalView> {
  const { request, nomination } = await load(approvalId, deps);
  const history = participantHistory(await deps.nominations.history(nomination.id));
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
  /** True when the workflow's answer was lost: the decision stands, and operators should know. */
  readonly handoverUncertain?: boolean;
}

function alreadyDecided(request: ApprovalRequest, nomination: Nomination): DecisionResult {
  if (!request.decision || !request.decidedAt) {
    throw new Error(`Approval request of ${request.nominationId} is decided but has no decision`);
  }
  return {
    request,
    nomination,
    decision: request.decision,
    ...(request.comment ? { comment: request.comment } : {}),
    decidedAt: request.decidedAt,
    alreadyDecided: true,
  };
}

/**
 * Another click claimed first. By now its hand-over may have failed and withdrawn the claim, so
 * answer from what is stored now, never from the moment of the race.
 */
async function answerLoser(request: ApprovalRequest, nomination: Nomination, deps: ApprovalDeps) {
  const winner = await deps.approvals.findByHash(request.idHash);
  if (winner?.status === 'decided') return alreadyDecided(winner, nomination);
  if (winner && winner.status !== 'open')
    throw new ApprovalClosed(winner.status, CLOSED_MESSAGES[winner.status]);
  throw new TransientError('The decision of a simultaneous click was withdrawn; the link is open again');
}

/** Withdraws a claim; retried, as a stranded claim would block the link until the task times out. */
async function withdraw(
  deps: ApprovalDeps,
  request: ApprovalRequest,
  claimId: string,
  status: 'open' | 'void',
  voided: AuditEvent,
): Promise<void> {
  try {
    await retry(() => deps.approvals.release(request, claimId, status, voided), {
      times: 3,
      delayMs: (failedTries) => 100 * failedTries,
      shouldRetry: () => true,
    });
  } catch (error) {
    throw new TransientError(
      `Decision of ${request.nominationId} at ${request.stage} stays recorded but was not taken: withdrawing it failed`,
      { cause: error },
    );
  }
}

/**
 * Records the decision exactly once (a conditional claim), then hands it to the waiting workflow
 * task. The stored decision must match what the workflow does:
 * - taken: done;
 * - stale (the task no longer waits for this token): the claim is withdrawn and the link closes;
 * - refused for now (throttling): the claim is withdrawn and the link stays open for another try;
 * - uncertain (the answer was lost): the claim stands, as the workflow has most likely taken it;
 *   if it has not, the review times out and reaches an operator with the decision on record.
 */
export async function decideApproval(input: DecisionInput, deps: ApprovalDeps): Promise<DecisionResult> {
  const { request, nomination } = await load(input.approvalId, deps);
  const now = deps.clock.now();
  const reason = closedReason(request, now);
  if (reason === 'decided') return alreadyDecided(request, nomination);
  if (reason) throw new ApprovalClosed(reason, CLOSED_MESSAGES[reason]);

  const { decision, comment } = validateDecision(input);
  const decidedAt = now.toISOString();
  const actor = request.approver.email;
  const event: AuditEvent = {
    type: 'decided',
    at: decidedAt,
    actor,
    stage: request.stage,
    decision,
    ...(comment ? { comment } : {}),
  };
  let claimId: string;
  try {
    claimId = await deps.approvals.claim(request, decision, comment, event);
  } catch (error) {
    if (error instanceof ApprovalClosed && error.reason === 'decided')
      return answerLoser(request, nomination, deps);
    throw error;
  }

  const voided = (why: 'not_taken' | 'handover_failed'): AuditEvent => ({
    type: 'decision_voided',
    at: deps.clock.now().toISOString(),
    actor,
    stage: request.stage,
    decision,
    reason: why,
  });
  let handover: Handover;
  try {
    handover = await deps.workflow.sendDecision(request.taskToken, {
      decision,
      stage: request.stage,
      approver: actor,
      decidedAt,
      ...(comment ? { comment } : {}),
    });
  } catch (error) {
    await withdraw(deps, request, claimId, 'open', voided('handover_failed'));
    throw error;
  }
  if (handover === 'stale') {
    await withdraw(deps, request, claimId, 'void', voided('not_taken'));
    throw new ApprovalClosed('void', CLOSED_MESSAGES.void);
  }
  return {
    request,
    nomination,
    decision,
    ...(comment ? { comment } : {}),
    decidedAt,
    alreadyDecided: false,
    handoverUncertain: handover === 'uncertain',
  };
}
