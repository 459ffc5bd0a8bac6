import { type ApprovalLifecycleStatus, canApply } from './approval-lifecycle';
import type { Person } from './cycle';
import { type FieldErrors, ValidationError } from './errors';
import { deriveLinkId } from './secret-links';
import { type Decision, isDecision, type ReviewStage } from './stages';
import { type CleanedText, cleanText } from './text-hygiene';

/**
 * A request's stored status: its life cycle is the table in approval-lifecycle.ts. `expired` is
 * never written (expiry is read from `expiresAt`); it stays for items an earlier version wrote.
 */
export type ApprovalStatus = ApprovalLifecycleStatus | 'expired';
/** Why a link cannot decide: its request's status, or (its own link only) the request was delegated. */
export type ClosedReason = Exclude<ApprovalStatus, 'open'> | 'delegated';

/**
 * A request for one approver's decision on one stage. The e-mailed link carries a random id;
 * only its hash is stored, and the Step Functions task token never leaves the backend.
 */
export interface ApprovalRequest {
  readonly idHash: string;
  readonly nominationId: string;
  readonly stage: ReviewStage;
  readonly approver: Person;
  readonly taskToken: string;
  /** What the link id is derived from (with the link key), so the same link can be mailed again. */
  readonly linkNonce?: string;
  readonly createdAt: string;
  /** The review deadline: reminders count down to it, escalation starts at it (absent on old requests). */
  readonly dueAt?: string;
  /** When the links stop deciding: the due date, plus the escalation period where there is one. */
  readonly expiresAt: string;
  readonly status: ApprovalStatus;
  /** Set once the request was escalated: the escalation link's hash. */
  readonly escalatedTo?: string;
  /** Set once the approver handed the decision on: the delegate and their link's hash. */
  readonly delegatedTo?: { readonly idHash: string; readonly approver: Person };
  /** Set when the request was reached through another link than its own (escalation): whose it is. */
  readonly via?: { readonly kind: ApprovalAlias['kind']; readonly idHash: string };
  readonly decision?: Decision;
  readonly comment?: string;
  readonly decidedAt?: string;
  /** The nomination's: DynamoDB TTL destroys the request (and its comment) with it. */
  readonly purgeAt?: number;
}

/** Keeps approval link ids apart from any other id derived under the same key. */
const APPROVAL_LINK_PURPOSE = 'approval';

/** The id in an approval request's link: made again from its nonce for every mail of it. */
export function approvalLinkId(key: Uint8Array, linkNonce: string): string {
  return deriveLinkId(key, APPROVAL_LINK_PURPOSE, linkNonce);
}

/**
 * A second link deciding for the same request (and task token) in another person's name: the
 * escalation address of an overdue request (either link may decide), or the delegate the approver
 * handed the decision to (the approver's own link then decides nothing). The request's own claim
 * makes the first decision the only one.
 */
export interface ApprovalAlias {
  readonly idHash: string;
  readonly aliasOf: string;
  readonly kind: 'escalation' | 'delegate';
  readonly nominationId: string;
  readonly stage: ReviewStage;
  readonly approver: Person;
  readonly linkNonce: string;
  readonly createdAt: string;
  readonly purgeAt?: number;
}

export function approvalExpiry(now: Date, reviewDays: number): Date {
  return new Date(now.getTime() + reviewDays * 24 * 60 * 60 * 1000);
}

/** Whether the request itself still takes a decision (through some link). */
export function isDecidable(request: ApprovalRequest, now: Date): boolean {
  return canApply('claim', request.status) && now.getTime() < Date.parse(request.expiresAt);
}

/** Why the link a request was reached through can no longer decide, or undefined while it can. */
export function closedReason(request: ApprovalRequest, now: Date): ClosedReason | undefined {
  if (request.status !== 'open') return request.status;
  if (now.getTime() >= Date.parse(request.expiresAt)) return 'expired';
  return request.delegatedTo && !request.via ? 'delegated' : undefined;
}

/**
 * @deprecated ApprovalClosed no longer takes a message (views/messages.ts CLOSED_MESSAGES words the
 * reason); kept only so callers that still pass one compile. Maps each reason to itself.
 */
export const CLOSED_MESSAGES = {
  decided: 'decided',
  superseded: 'superseded',
  expired: 'expired',
  delegated: 'delegated',
  void: 'void',
} as const satisfies Record<ClosedReason, ClosedReason>;

/** Most characters of an approver's comment; the approval page's maxlength should use the same. */
export const MAX_COMMENT = 2000;

/**
 * What a reason may be made of and still say nothing: whitespace, zero-width characters (U+200B-
 * U+200D, U+2060-U+2064, U+FEFF), direction marks (U+200E, U+200F, U+061C), the soft hyphen, the
 * combining grapheme joiner, and the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0: they render as
 * nothing, a known way of typing a "blank" that passes a non-empty check).
 */
const INVISIBLE_ALL =
  /[\s\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u2060-\u2064\u3164\uFEFF\uFFA0]|\u034F/gu;

/** True when nothing visible is left of the text once whitespace and invisible characters are gone. */
export function isBlankText(text: string): boolean {
  return text.replace(INVISIBLE_ALL, '') === '';
}

/** An approver's decision as posted: one of the three, with a reason for reject and return. */
export function validateDecision(input: { decision: unknown; comment: unknown }): {
  decision: Decision;
  comment?: string;
} {
  const errors: FieldErrors = {};
  // A reason with nothing visible in it is a missing reason (not a hygiene problem): checked before
  // the hygiene rules, which refuse zero-width characters inside real text.
  // The comment is mailed to the center and kept in the audit trail: same hygiene as nominations.
  const cleaned: CleanedText =
    typeof input.comment === 'string' && !isBlankText(input.comment)
      ? cleanText(input.comment, { multiLine: true })
      : { ok: true, value: '' };
  const comment = cleaned.ok ? cleaned.value.trim() : '';
  if (!isDecision(input.decision)) errors.decision = { code: 'decision_not_chosen' };
  if (!cleaned.ok) errors.comment = { code: 'bad_text', problem: cleaned.problem, field: 'comment' };
  else if (comment.length > MAX_COMMENT)
    errors.comment = { code: 'too_long', field: 'comment', max: MAX_COMMENT };
  else if ((input.decision === 'reject' || input.decision === 'return') && comment === '') {
    errors.comment = { code: 'reason_required' };
  }
  if (Object.keys(errors).length > 0 || !isDecision(input.decision)) throw new ValidationError(errors);
  return { decision: input.decision, ...(comment ? { comment } : {}) };
}
