import {
  ANSWER_RESERVE_MS,
  APP_RETRIES,
  DECISION_TIME_NEEDED_MS,
  DECISION_WORST_MS,
} from '../contracts/retry-budget';
import { type ApprovalRequest, type ClosedReason, closedReason, validateDecision } from '../domain/approval';
import {
  AFTER_HANDOVER,
  canApply,
  type TransitionEvent,
  transitionEvent,
} from '../domain/approval-lifecycle';
import { type Cycle, cycleOf, findCycle } from '../domain/cycle';
import { ApprovalClosed, ApprovalNotFound, NominationNotFound, TransientError } from '../domain/errors';
import { type AuditEvent, type Nomination, participantHistory } from '../domain/nomination';
import type {
  ApprovalDecisions,
  ApprovalReader,
  Clock,
  DecisionHandover,
  Handover,
  NominationReader,
  QuotaClaim,
  Sleep,
} from '../domain/ports';
import { countsAgainstQuota, type QuotaUsage, quotaCountersFor, quotaUsage } from '../domain/quota';
import { hashLinkId, isWellFormedLinkId } from '../domain/secret-links';
import type { Decision, ReviewStage } from '../domain/stages';
import { retry } from './retry';

export interface ApprovalDeps {
  readonly nominations: NominationReader;
  readonly approvals: ApprovalReader & ApprovalDecisions;
  /** Only the hand-over of decisions: deciding never starts an execution. */
  readonly workflow: DecisionHandover;
  readonly clock: Clock;
  readonly cycles: readonly Cycle[];
  /** Time left before the function is cut off (the Lambda context's): retries stop in time. */
  readonly remainingMs: () => number;
  /** The wait between withdrawal tries (the real one when absent). */
  readonly sleep?: Sleep;
}

/**
 * What a link that can no longer decide (used, expired, superseded, void) still shows: the notice
 * and the decision on record. Nothing of the nomination file, its history or its id (the id is the
 * key of the nominator's status page): a link lives on in mailboxes long after it was used.
 */
export interface ClosedApprovalSummary {
  readonly stage: ReviewStage;
  /** Why the link is closed (`expired` also for a request still open in the table past its time). */
  readonly status: ClosedReason;
  readonly expiresAt: string;
  /** Who the request was handed to, when this (the approver's own) link was delegated. */
  readonly delegatedToName?: string;
  /** The decision taken through this request; only when it counted (a voided one did not). */
  readonly decision?: Decision;
  readonly decidedAt?: string;
  readonly comment?: string;
}

/** Review stages whose page shows the cycle's award quota usage, as guidance. */
const QUOTA_GUIDANCE_STAGES: ReadonlySet<ReviewStage> = new Set(['hq_review', 'minister_approval']);

/**
 * What GET of an approval link shows: the file while the link can decide, only the notice and the
 * recorded decision once it cannot. Callers tell the two apart by `open`.
 */
export type ApprovalView =
  | {
      readonly open: true;
      readonly request: ApprovalRequest;
      readonly nomination: Nomination;
      readonly history: AuditEvent[];
      /** The cycle's award quota usage (HQ and the minister only). */
      readonly quota?: readonly QuotaUsage[];
      readonly closedReason?: undefined;
    }
  | {
      readonly open: false;
      readonly request: ClosedApprovalSummary;
      /** Why the link can no longer decide (views/messages.ts words it); the page then shows no buttons. */
      readonly closedReason: ClosedReason;
    };

async function findRequest(approvalId: string, deps: ApprovalDeps): Promise<ApprovalRequest> {
  if (!isWellFormedLinkId(approvalId)) throw new ApprovalNotFound();
  const request = await deps.approvals.findByHash(hashLinkId(approvalId));
  if (!request) throw new ApprovalNotFound();
  return request;
}

async function load(approvalId: string, deps: ApprovalDeps) {
  const request = await findRequest(approvalId, deps);
  const nomination = await deps.nominations.get(request.nominationId);
  if (!nomination) throw new NominationNotFound(request.nominationId);
  return { request, nomination };
}

function closedSummary(request: ApprovalRequest, reason: ClosedReason): ClosedApprovalSummary {
  const summary = {
    stage: request.stage,
    status: reason,
    expiresAt: request.expiresAt,
    ...(reason === 'delegated' && request.delegatedTo
      ? { delegatedToName: request.delegatedTo.approver.name }
      : {}),
  };
  if (request.status !== 'decided' || !request.decision) return summary;
  return {
    ...summary,
    decision: request.decision,
    ...(request.decidedAt ? { decidedAt: request.decidedAt } : {}),
    ...(request.comment ? { comment: request.comment } : {}),
  };
}

/** What GET shows. Reading never changes anything: mail scanners follow links. */
export async function viewApproval(approvalId: string, deps: ApprovalDeps): Promise<ApprovalView> {
  const request = await findRequest(approvalId, deps);
  const reason = closedReason(request, deps.clock.now());
  if (reason) {
    // Not even read: what a closed link cannot show, no caller can leak.
    return { open: false, request: closedSummary(request, reason), closedReason: reason };
  }
  const nomination = await deps.nominations.get(request.nominationId);
  if (!nomination) throw new NominationNotFound(request.nominationId);
  const cycle = findCycle(deps.cycles, nomination.cycle);
  const [events, awarded] = await Promise.all([
    deps.nominations.history(nomination.id),
    cycle && QUOTA_GUIDANCE_STAGES.has(request.stage)
      ? deps.approvals.awardedCounts(cycle.year)
      : Promise.resolve(undefined),
  ]);
  return {
    open: true,
    request,
    nomination,
    history: participantHistory(events),
    ...(cycle && awarded ? { quota: quotaUsage(cycle, awarded) } : {}),
  };
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
  if (winner && !canApply('claim', winner.status)) throw new ApprovalClosed(winner.status);
  throw new TransientError('The decision of a simultaneous click was withdrawn; the link is open again');
}

/**
 * Takes back a claim the workflow did not take (`withdraw`: open again; `void`: closed). Retried,
 * as a stranded claim would block the link until the task times out, but each try only while the
 * function has time for it and its answer (contracts/retry-budget.ts).
 */
async function undoClaim<N extends 'withdraw' | 'void'>(
  name: N,
  deps: ApprovalDeps,
  request: ApprovalRequest,
  claimId: string,
  event: TransitionEvent<N>,
  quota: QuotaClaim | undefined,
): Promise<void> {
  const attempt = () =>
    name === 'withdraw'
      ? deps.approvals.withdraw(request, claimId, event as TransitionEvent<'withdraw'>, quota)
      : deps.approvals.void(request, claimId, event as TransitionEvent<'void'>, quota);
  try {
    await retry(attempt, {
      times: APP_RETRIES.withdraw.tries,
      delayMs: APP_RETRIES.withdraw.delayMs,
      shouldRetry: () => true,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      budget: {
        remainingMs: deps.remainingMs,
        tryMs: DECISION_WORST_MS.withdraw,
        reserveMs: ANSWER_RESERVE_MS,
      },
    });
  } catch (error) {
    throw new TransientError(
      `Decision of ${request.nominationId} at ${request.stage} stays recorded but was not taken: withdrawing it failed`,
      { cause: error },
    );
  }
}

/**
 * Records the decision exactly once (a conditional claim; a minister's approval also takes a place
 * in the quotas, or is refused with QuotaReached and changes nothing), then hands it to the waiting
 * workflow task. The stored decision must match what the workflow does:
 * - taken: done;
 * - stale (the task no longer waits for this token): the claim is withdrawn and the link closes;
 * - refused for now (throttling): the claim is withdrawn and the link stays open for another try;
 * - uncertain (the answer was lost): the claim stands, as the workflow has most likely taken it;
 *   if it has not, the review times out and reaches an operator with the decision on record.
 */
export async function decideApproval(input: DecisionInput, deps: ApprovalDeps): Promise<DecisionResult> {
  const { request, nomination } = await load(input.approvalId, deps);
  assertTimeToDecide(deps);
  return decideRequest(request, nomination, input, deps);
}

/**
 * A claim starts only with time left for its worst case: the claim, the hand-over and a withdrawal,
 * then the answer (DECISION_TIME_NEEDED_MS). Otherwise a function cut off in between would strand it.
 */
export function assertTimeToDecide(deps: Pick<ApprovalDeps, 'remainingMs'>): void {
  if (deps.remainingMs() < DECISION_TIME_NEEDED_MS)
    throw new TransientError('Too little time left to record and hand over the decision safely');
}

/**
 * The decision itself, from the request and its nomination as loaded: what decideApproval does
 * after finding the request by its link, and what a batch review does for each of its rows (same
 * claim, quota counters, hand-over and withdrawal). The caller has made sure of the time it needs
 * (assertTimeToDecide, DECISION_TIME_NEEDED_MS).
 */
export async function decideRequest(
  request: ApprovalRequest,
  nomination: Nomination,
  input: { readonly decision: unknown; readonly comment: unknown },
  deps: ApprovalDeps,
): Promise<DecisionResult> {
  const now = deps.clock.now();
  const reason = closedReason(request, now);
  if (reason === 'decided') return alreadyDecided(request, nomination);
  if (reason) throw new ApprovalClosed(reason);

  const { decision, comment } = validateDecision(input);
  const decidedAt = now.toISOString();
  const actor = request.approver.email;
  const event: TransitionEvent<'claim'> = {
    type: 'decided',
    at: decidedAt,
    actor,
    stage: request.stage,
    decision,
    ...(comment ? { comment } : {}),
  };
  // The minister's approval takes a place in the cycle's quotas, atomically with the claim.
  const quota: QuotaClaim | undefined = countsAgainstQuota(request.stage, decision)
    ? {
        cycle: nomination.cycle,
        counters: quotaCountersFor(cycleOf(deps.cycles, nomination.cycle), nomination),
      }
    : undefined;
  let claimId: string;
  try {
    claimId = await deps.approvals.claim(request, decision, comment, event, quota);
  } catch (error) {
    if (error instanceof ApprovalClosed && error.reason === 'decided')
      return answerLoser(request, nomination, deps);
    throw error;
  }

  // What the hand-over makes of the claim, from the life-cycle table (AFTER_HANDOVER).
  const undo = (name: 'withdraw' | 'void') =>
    undoClaim(
      name,
      deps,
      request,
      claimId,
      transitionEvent(name, { at: deps.clock.now().toISOString(), actor, stage: request.stage, decision }),
      quota,
    );
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
    await undo(AFTER_HANDOVER.failed);
    throw error;
  }
  const after = AFTER_HANDOVER[handover];
  if (after) {
    await undo(after);
    throw new ApprovalClosed('void');
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
