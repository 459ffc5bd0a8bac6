import { type ApprovalAlias, type ApprovalRequest, closedReason } from '../domain/approval';
import type { TransitionEvent } from '../domain/approval-lifecycle';
import { cycleOf, delegatesFor, type Person } from '../domain/cycle';
import { ApprovalClosed, ApprovalNotFound, NominationNotFound, ValidationError } from '../domain/errors';
import { hashLinkId, isWellFormedLinkId } from '../domain/secret-links';
import { type ApprovalMailDeps, addApprovalAlias, approvalUrl } from './approval-links';
import { sendOnce } from './send-once';

export type DelegateApprovalDeps = ApprovalMailDeps;

export interface DelegationResult {
  readonly request: ApprovalRequest;
  readonly delegate: Person;
  /** True when this request had already been handed to the same person (a double click). */
  readonly alreadyDelegated: boolean;
}

const DELEGATE_FIELD = 'delegate';

/**
 * Hands an open approval to a registered colleague of the same organisation: the delegate gets a
 * link of their own (derived like every approval link, so reminders can re-send it); the
 * approver's link then shows to whom it went and decides nothing. Once per request; both people
 * are in the audit trail (actor and delegate).
 */
export async function delegateApproval(
  input: { readonly approvalId: string; readonly delegate: unknown },
  deps: DelegateApprovalDeps,
): Promise<DelegationResult> {
  if (!isWellFormedLinkId(input.approvalId)) throw new ApprovalNotFound();
  const request = await deps.approvals.findByHash(hashLinkId(input.approvalId));
  if (!request) throw new ApprovalNotFound();
  if (request.via) {
    throw new ValidationError({
      [DELEGATE_FIELD]:
        '위임받은 링크나 대결 링크로는 다시 위임할 수 없습니다. 이 링크로 직접 결정해 주세요.',
    });
  }
  const nomination = await deps.nominations.get(request.nominationId);
  if (!nomination) throw new NominationNotFound(request.nominationId);
  const wanted = typeof input.delegate === 'string' ? input.delegate.trim().toLowerCase() : '';
  const delegate = delegatesFor(deps.directory, request.stage, nomination.centerId, request.approver).find(
    (person) => person.email.toLowerCase() === wanted,
  );
  const sameAsBefore = request.delegatedTo?.approver.email.toLowerCase() === wanted;
  if (!delegate && !sameAsBefore) {
    throw new ValidationError({
      [DELEGATE_FIELD]: '같은 기관에 등록된 담당자 중에서 위임받을 분을 선택해 주세요.',
    });
  }
  const now = deps.clock.now();

  let alias: ApprovalAlias | undefined;
  let alreadyDelegated = false;
  if (request.delegatedTo) {
    if (!sameAsBefore) throw new ApprovalClosed('delegated');
    alias = await deps.approvals.findAlias(request.delegatedTo.idHash);
    alreadyDelegated = true;
  } else {
    const reason = closedReason(request, now);
    if (reason) throw new ApprovalClosed(reason);
    alias = await newDelegation(request, delegate as Person, now, deps);
  }
  if (!alias) throw new ApprovalClosed('delegated');

  // Mailed once; a retried click after a failed send mails it then.
  const holder = alias;
  const key = await deps.linkKey.bytes();
  await sendOnce(
    deps,
    nomination.id,
    `delegation:${request.idHash}`,
    () => ({
      to: [holder.approver.email],
      kind: 'approvalRequest',
      model: {
        nomination,
        cycle: cycleOf(deps.cycles, nomination.cycle),
        stage: request.stage,
        approver: holder.approver,
        link: approvalUrl(deps.publicUrl, key, holder.linkNonce),
        dueAt: request.dueAt ?? request.expiresAt,
        expiresAt: request.expiresAt,
        why: { kind: 'delegation', from: request.approver },
      },
    }),
    { stage: request.stage },
  );
  return { request, delegate: holder.approver, alreadyDelegated };
}

async function newDelegation(
  request: ApprovalRequest,
  delegate: Person,
  now: Date,
  deps: DelegateApprovalDeps,
): Promise<ApprovalAlias> {
  const event: TransitionEvent<'delegate'> = {
    type: 'approval_delegated',
    at: now.toISOString(),
    actor: request.approver.email,
    stage: request.stage,
    toEmail: delegate.email,
    toName: delegate.name,
  };
  const alias = await addApprovalAlias(request, 'delegate', delegate, event, now, deps);
  // Handed to this colleague by a second tab: the same outcome. Anything else: say what happened.
  if (alias?.approver.email.toLowerCase() === delegate.email.toLowerCase()) return alias;
  const current = await deps.approvals.findByHash(request.idHash);
  const reason = current ? (closedReason(current, now) ?? 'delegated') : 'void';
  throw new ApprovalClosed(reason);
}
