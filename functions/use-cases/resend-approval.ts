import { linkTo } from '../contracts/routes';
import { type ApprovalRequest, approvalLinkId, closedReason } from '../domain/approval';
import { type Cycle, cycleOf } from '../domain/cycle';
import { NominationNotFound, NothingToResend } from '../domain/errors';
import type { ApprovalOpening, Clock, LinkKey, NominationReader, SentMailLog } from '../domain/ports';
import { hashLinkId, isWellFormedLinkNonce } from '../domain/secret-links';
import { isReviewStage, type ReviewStage } from '../domain/stages';
import type { Notifier } from './notification';
import { sendOnce } from './send-once';

export interface ResendApprovalInput {
  readonly nominationId: string;
  /** One per request to re-send (a form's nonce): a double-submitted request mails once. */
  readonly requestKey: string;
}

export interface ResendApprovalDeps {
  readonly nominations: NominationReader;
  readonly approvals: ApprovalOpening;
  readonly sentMail: SentMailLog;
  readonly notifier: Notifier<'approvalRequest'>;
  readonly linkKey: LinkKey;
  readonly clock: Clock;
  readonly cycles: readonly Cycle[];
  readonly publicUrl: string;
}

export interface ResendApprovalResult {
  readonly nominationId: string;
  readonly stage: ReviewStage;
  /** Where it went: the approver the request was opened for. */
  readonly approver: string;
  readonly expiresAt: string;
  /** False when this request key had already sent it. */
  readonly sent: boolean;
}

/**
 * Mails the open approval request of the nomination's current stage again, with the very link of
 * the first mail (derived again from its nonce): that link keeps deciding, nothing is superseded.
 */
export async function resendApprovalMail(
  input: ResendApprovalInput,
  deps: ResendApprovalDeps,
): Promise<ResendApprovalResult> {
  const nomination = await deps.nominations.get(input.nominationId);
  if (!nomination) throw new NominationNotFound(input.nominationId);
  const stage = nomination.stage;
  if (!isReviewStage(stage)) {
    throw new NothingToResend(
      'not_in_review',
      `Nomination ${nomination.id} is not waiting for an approval (${stage})`,
    );
  }
  const request = await deps.approvals.findLatest(nomination.id, stage);
  if (request?.status !== 'open') {
    throw new NothingToResend('no_open_request', `No open approval request for ${nomination.id} at ${stage}`);
  }
  if (closedReason(request, deps.clock.now()) === 'expired') {
    throw new NothingToResend(
      'expired',
      `The approval request of ${nomination.id} expired at ${request.expiresAt}`,
    );
  }
  const approvalId = await sameLinkId(request, deps.linkKey);
  const cycle = cycleOf(deps.cycles, nomination.cycle);
  const link = linkTo(deps.publicUrl, 'approval', { approvalId });
  const sent = await sendOnce(
    deps,
    nomination.id,
    `resend:${request.idHash}:${input.requestKey}`,
    () => ({
      to: [request.approver.email],
      kind: 'approvalRequest',
      model: {
        nomination,
        cycle,
        stage,
        approver: request.approver,
        link,
        dueAt: request.dueAt ?? request.expiresAt,
        expiresAt: request.expiresAt,
      },
    }),
    { stage },
  );
  return {
    nominationId: nomination.id,
    stage,
    approver: request.approver.email,
    expiresAt: request.expiresAt,
    sent,
  };
}

/** The link id of the first mail; refused when it cannot be made again (no nonce, another key). */
async function sameLinkId(request: ApprovalRequest, linkKey: LinkKey): Promise<string> {
  const nonce = request.linkNonce;
  if (nonce && isWellFormedLinkNonce(nonce)) {
    const approvalId = approvalLinkId(await linkKey.bytes(), nonce);
    if (hashLinkId(approvalId) === request.idHash) return approvalId;
  }
  throw new NothingToResend(
    'not_derivable',
    `The link of ${request.nominationId}'s open request cannot be made again (opened before link keys, or under another key)`,
  );
}
