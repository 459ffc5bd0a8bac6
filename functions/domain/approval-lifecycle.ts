import type { AuditEvent } from './nomination';
import type { Handover } from './ports';

/**
 * The life of an approval request, as data (like the stages' TRANSITIONS in stages.ts): the
 * statuses it is stored with, and every change the store makes to it. The store's conditional
 * writes are built from this table (adapters/dynamo-approvals.ts), the port's methods carry the
 * transitions' names (ports.ts ApprovalDecisions, ApprovalOpening), and each transition names the
 * audit event written with it. test/unit/approval-lifecycle.test.ts holds all three to it.
 */

/** The statuses a request is stored with. (`expired` is no status: it is read from `expiresAt`.) */
export const APPROVAL_STATUSES = ['open', 'decided', 'superseded', 'void'] as const;
export type ApprovalLifecycleStatus = (typeof APPROVAL_STATUSES)[number];

/**
 * What a transition checks besides the status it starts from, in words; the adapter writes each
 * in the store's terms (a condition of the same write).
 */
export const APPROVAL_GUARDS = {
  new: 'no request is stored under this link hash yet',
  unexpired: 'the request has not expired at the time of the change',
  notDelegated:
    "through the approver's own link: the request has no delegate (the delegate's and the escalation link still decide)",
  noEscalation: 'the request has no escalation link yet',
  noDelegation: 'the request has no delegate yet',
  sameClaim: "the decision on record is this claim's: another click's decision is never undone",
} as const;
export type ApprovalGuard = keyof typeof APPROVAL_GUARDS;

/** The audit event written in the same transaction as a transition (none: nothing is written). */
export interface ApprovalAudit {
  readonly type: AuditEvent['type'];
  /** For `decision_voided`: why the decision did not count. */
  readonly reason?: Extract<AuditEvent, { type: 'decision_voided' }>['reason'];
}

export interface ApprovalTransition {
  /** The statuses it starts from; none: it creates the request. */
  readonly from: readonly ApprovalLifecycleStatus[];
  readonly to: ApprovalLifecycleStatus;
  readonly guards: readonly ApprovalGuard[];
  readonly audit?: ApprovalAudit;
  readonly description: string;
}

export const APPROVAL_TRANSITIONS = {
  open: {
    from: [],
    to: 'open',
    guards: ['new'],
    description: 'the request step stores a new request (and its link)',
  },
  supersede: {
    from: ['open'],
    to: 'superseded',
    guards: [],
    description:
      'a retried request step opened a newer request for the same stage: the older link stops deciding',
  },
  escalate: {
    from: ['open'],
    to: 'open',
    guards: ['unexpired', 'noEscalation'],
    audit: { type: 'approval_escalated' },
    description: 'overdue: the escalation address gets a second link deciding for the same request',
  },
  delegate: {
    from: ['open'],
    to: 'open',
    guards: ['unexpired', 'noDelegation'],
    audit: { type: 'approval_delegated' },
    description: "the approver hands the decision to a colleague; the approver's own link stops deciding",
  },
  claim: {
    from: ['open'],
    to: 'decided',
    guards: ['unexpired', 'notDelegated'],
    audit: { type: 'decided' },
    description: 'a link decides, exactly once, before it is handed to the waiting workflow task',
  },
  withdraw: {
    from: ['decided'],
    to: 'open',
    guards: ['sameClaim'],
    audit: { type: 'decision_voided', reason: 'handover_failed' },
    description: 'the hand-over failed (refused for now, unreachable): the link may decide again',
  },
  void: {
    from: ['decided'],
    to: 'void',
    guards: ['sameClaim'],
    audit: { type: 'decision_voided', reason: 'not_taken' },
    description:
      'the task no longer waited for the decision (stale token): it did not count, the link closes',
  },
} as const satisfies Record<string, ApprovalTransition>;

export type ApprovalTransitionName = keyof typeof APPROVAL_TRANSITIONS;

/** The transitions' names, in the table's order. */
export const APPROVAL_TRANSITION_NAMES = Object.keys(APPROVAL_TRANSITIONS) as ApprovalTransitionName[];

/** The statuses no transition leaves. */
export const TERMINAL_APPROVAL_STATUSES: readonly ApprovalLifecycleStatus[] = APPROVAL_STATUSES.filter(
  (status) => !APPROVAL_TRANSITION_NAMES.some((name) => transition(name).from.includes(status)),
);

/** One transition, typed as the general shape. */
export function transition(name: ApprovalTransitionName): ApprovalTransition {
  return APPROVAL_TRANSITIONS[name];
}

/** Whether a request in `status` may take `name` (its guards aside). */
export function canApply<N extends ApprovalTransitionName>(
  name: N,
  status: string,
): status is (typeof APPROVAL_TRANSITIONS)[N]['from'][number] {
  return (transition(name).from as readonly string[]).includes(status);
}

/**
 * What a decision's hand-over to the workflow makes of its claim: `taken` and `uncertain` (the
 * workflow most likely took it) leave it decided; `stale` (the task no longer waits) voids it;
 * `failed` (the hand-over threw: refused for now, unreachable) withdraws it.
 */
export const AFTER_HANDOVER = {
  taken: undefined,
  uncertain: undefined,
  stale: 'void',
  failed: 'withdraw',
} as const satisfies Record<Handover | 'failed', ApprovalTransitionName | undefined>;

/** The audit event a transition writes, with the transition's type (and reason) filled in. */
export type TransitionEvent<N extends ApprovalTransitionName> = (typeof APPROVAL_TRANSITIONS)[N] extends {
  readonly audit: { readonly type: infer T; readonly reason?: infer R };
}
  ? Extract<AuditEvent, { type: T }> & (R extends string ? { readonly reason: R } : unknown)
  : never;

/** Builds the audit event of `name` from the rest of its fields: type and reason come from the table. */
export function transitionEvent<N extends 'withdraw' | 'void'>(
  name: N,
  fields: Omit<Extract<AuditEvent, { type: 'decision_voided' }>, 'type' | 'reason'>,
): TransitionEvent<N> {
  const audit = APPROVAL_TRANSITIONS[name].audit;
  return { ...fields, type: audit.type, reason: audit.reason } as TransitionEvent<N>;
}
