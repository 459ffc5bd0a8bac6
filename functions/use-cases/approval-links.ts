import { linkTo } from '../contracts/routes';
import { type ApprovalAlias, type ApprovalRequest, approvalLinkId } from '../domain/approval';
import type { TransitionEvent } from '../domain/approval-lifecycle';
import type { Cycle, Directory, Person } from '../domain/cycle';
import type {
  ApprovalDecisions,
  ApprovalReader,
  Clock,
  Ids,
  LinkKey,
  NominationReader,
  SentMailLog,
} from '../domain/ports';
import { hashLinkId } from '../domain/secret-links';
import type { Notifier } from './notification';

/** What every use case that mails an approval link works with (request, resend, reminders, delegation). */
export interface ApprovalMailDeps {
  readonly nominations: NominationReader;
  readonly approvals: ApprovalReader & ApprovalDecisions;
  readonly sentMail: SentMailLog;
  readonly notifier: Notifier<'approvalRequest'>;
  readonly linkKey: LinkKey;
  readonly ids: Ids;
  readonly clock: Clock;
  readonly cycles: readonly Cycle[];
  readonly directory: Directory;
  readonly publicUrl: string;
}

/** The mailed URL of an approval link, made again from its nonce. */
export function approvalUrl(publicUrl: string, key: Uint8Array, linkNonce: string): string {
  return linkTo(publicUrl, 'approval', { approvalId: approvalLinkId(key, linkNonce) });
}

/** The alias of this kind a request holds now, if any. */
function heldAlias(request: ApprovalRequest, kind: ApprovalAlias['kind']): string | undefined {
  return kind === 'escalation' ? request.escalatedTo : request.delegatedTo?.idHash;
}

/** The life-cycle transition (domain/approval-lifecycle.ts) that adds an alias of each kind. */
export const ALIAS_TRANSITION = { escalation: 'escalate', delegate: 'delegate' } as const;

/**
 * Gives a request a second link of `kind` in `person`'s name (escalation, delegation), once, with
 * its audit event. Answers the alias the request holds after the attempt: this one, or the one a
 * concurrent attempt added first; undefined when the request was decided or expired meanwhile.
 */
export async function addApprovalAlias<K extends ApprovalAlias['kind']>(
  request: ApprovalRequest,
  kind: K,
  person: Person,
  event: TransitionEvent<(typeof ALIAS_TRANSITION)[K]>,
  now: Date,
  deps: {
    readonly approvals: ApprovalReader & ApprovalDecisions;
    readonly linkKey: LinkKey;
    readonly ids: Ids;
  },
): Promise<ApprovalAlias | undefined> {
  const held = heldAlias(request, kind);
  if (held) return deps.approvals.findAlias(held);
  const linkNonce = deps.ids.linkNonce();
  const alias: ApprovalAlias = {
    idHash: hashLinkId(approvalLinkId(await deps.linkKey.bytes(), linkNonce)),
    aliasOf: request.idHash,
    kind,
    nominationId: request.nominationId,
    stage: request.stage,
    approver: person,
    linkNonce,
    createdAt: now.toISOString(),
    ...(request.purgeAt ? { purgeAt: request.purgeAt } : {}),
  };
  const at = now.toISOString();
  const added =
    ALIAS_TRANSITION[kind] === 'escalate'
      ? await deps.approvals.escalate(request, alias, event as TransitionEvent<'escalate'>, at)
      : await deps.approvals.delegate(request, alias, event as TransitionEvent<'delegate'>, at);
  if (added === 'added') return alias;
  const current = await deps.approvals.findByHash(request.idHash);
  const winner = current?.status === 'open' ? heldAlias(current, kind) : undefined;
  return winner ? deps.approvals.findAlias(winner) : undefined;
}
