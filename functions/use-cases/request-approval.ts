import { linkTo } from '../contracts/routes';
import { approvalLinkId } from '../domain/approval';
import { approverFor, type Cycle, cycleOf, type Directory } from '../domain/cycle';
import { NominationNotFound } from '../domain/errors';
import type {
  ApprovalOpening,
  Clock,
  Ids,
  LinkKey,
  NominationProgress,
  NominationReader,
  ReviewLinkRepository,
} from '../domain/ports';
import { linkExpiry, reviewDueAt } from '../domain/reminders';
import { hashLinkId } from '../domain/secret-links';
import type { ReviewStage } from '../domain/stages';
import type { Notifier } from './notification';
import { reviewLinkFor } from './review-links';
import { nominationMailTags } from './send-once';
import { enterStage } from './stage-change';

export interface RequestApprovalInput {
  readonly nominationId: string;
  readonly stage: ReviewStage;
  readonly taskToken: string;
}

export interface RequestApprovalDeps {
  readonly nominations: NominationReader & NominationProgress;
  readonly approvals: ApprovalOpening;
  readonly notifier: Notifier<'approvalRequest'>;
  readonly ids: Ids;
  readonly linkKey: LinkKey;
  readonly clock: Clock;
  readonly cycles: readonly Cycle[];
  readonly directory: Directory;
  readonly publicUrl: string;
  /** Batch review links (HQ and the minister's mails carry one); absent, the mails have none. */
  readonly reviewLinks?: ReviewLinkRepository;
}

/**
 * Enters the review stage, stores the task token under the hash of a fresh link id and e-mails
 * the approver the link. A retry supersedes the earlier link, so only the newest one decides.
 * The link id is derived from a stored nonce under the link key, so reminders and an operator's
 * re-send can mail the very same link.
 */
export async function requestApproval(input: RequestApprovalInput, deps: RequestApprovalDeps) {
  const stored = await deps.nominations.get(input.nominationId);
  if (!stored) throw new NominationNotFound(input.nominationId);
  const nomination = await enterStage(stored, input.stage, deps);
  const cycle = cycleOf(deps.cycles, nomination.cycle);

  const approver = approverFor(deps.directory, input.stage, nomination.centerId);
  const linkNonce = deps.ids.linkNonce();
  const approvalId = approvalLinkId(await deps.linkKey.bytes(), linkNonce);
  const now = deps.clock.now();
  const due = reviewDueAt(now, cycle, input.stage);
  const dueAt = due.toISOString();
  const expiresAt = linkExpiry(due, cycle).toISOString();
  // The approver's batch review page of the stage (HQ, the minister): made before anything is stored.
  const reviewLink = await reviewLinkFor(cycle, input.stage, approver, now, deps);
  await deps.approvals.open({
    idHash: hashLinkId(approvalId),
    nominationId: nomination.id,
    stage: input.stage,
    approver,
    taskToken: input.taskToken,
    linkNonce,
    createdAt: now.toISOString(),
    dueAt,
    expiresAt,
    status: 'open',
    ...(nomination.purgeAt ? { purgeAt: nomination.purgeAt } : {}),
  });
  const link = linkTo(deps.publicUrl, 'approval', { approvalId });
  const model = {
    nomination,
    cycle,
    stage: input.stage,
    approver,
    link,
    dueAt,
    expiresAt,
    ...(reviewLink ? { reviewLink } : {}),
  };
  await deps.notifier.send({
    to: [approver.email],
    kind: 'approvalRequest',
    model,
    tags: nominationMailTags(nomination.id, 'request', input.stage),
  });
  return { nominationId: nomination.id, stage: input.stage, approver: approver.email, dueAt, expiresAt };
}
