import { linkTo } from '../contracts/routes';
import { type ApprovalAlias, type ApprovalRequest, approvalLinkId } from '../domain/approval';
import type { Cycle, Directory, Person } from '../domain/cycle';
import type { AuditEvent } from '../domain/nomination';
import type {
  ApprovalDecisions,
  ApprovalReader,
  Clock,
  LinkKey,
  NominationReader,
  SentMailLog,
} from '../domain/ports';
import { hashLinkId, newLinkNonce } from '../domain/secret-links';
import type { Notifier } from './notification';

/** What every use case that mails an approval link works with (request, resend, reminders, delegation). */
export interface ApprovalMailDeps {
  readonly nominations: NominationReader;
  readonly approvals: ApprovalReader & ApprovalDecisions;
  readonly sentMail: SentMailLog;
  readonly notifier: Notifier<'approvalRequest'>;
  readonly linkKey: LinkKey;
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

/**
 * Gives a request a second link of `kind` in `person`'s name (escalation, delegation), once, with
 * its audit event. Answers the alias the request holds after the attempt: this one, or the one a
 * concurrent attempt added first; undefined when the request was decided or expired meanwhile.
 */
export async function addApprovalAlias(
  request: ApprovalRequest,
  kind: ApprovalAlias['kind'],
  person: Person,
  event: AuditEvent,
  now: Date,
  deps: { readonly approvals: ApprovalReader & ApprovalDecisions; readonly linkKey: LinkKey },
): Promise<ApprovalAlias | undefined> {
  const held = heldAlias(request, kind);
  if (held) return deps.approvals.findAlias(held);
  const linkNonce = newLinkNonce();
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
  if ((await deps.approvals.addAlias(request, alias, event, now.toISOString())) === 'added') return alias;
  const current = await deps.approvals.findByHash(request.idHash);
  const winner = current?.status === 'open' ? heldAlias(current, kind) : undefined;
  return winner ? deps.approvals.findAlias(winner) : undefined;
}
