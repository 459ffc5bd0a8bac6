/**
 * What the use cases ask to have sent: a kind and its data, never wording or markup. The mail
 * notifier (functions/adapters/mail-notifier.ts) renders each kind from its template in
 * functions/views/mails, with the cycle's sender name and reply-to, and hands it to the mailer; the
 * templates are typed by these models, so a template that no longer fits its data does not compile.
 */
import type { Cycle, Person } from '../domain/cycle';
import type { Draft } from '../domain/draft';
import type { Nomination } from '../domain/nomination';
import type { MailAttachment } from '../domain/ports';
import type { QuotaUsage } from '../domain/quota';
import type { FinalStage, ReviewStage } from '../domain/stages';
import type { IntakeProblem } from './receive-intake-mail';

/** Why an approver gets an approval mail: first request, reminder, escalation, delegation. */
export type ApprovalMailReason =
  | { readonly kind: 'request' }
  | { readonly kind: 'reminder'; readonly number: number }
  | { readonly kind: 'escalation'; readonly originalApprover: Person }
  | { readonly kind: 'delegation'; readonly from: Person };

/** One nomination of a center in the cycle's result summary. */
export interface CycleResultRow {
  readonly nominationId: string;
  readonly nomineeName: string;
  readonly nomineeType: Nomination['nomineeType'];
  /** The category's id (the cycle names it). */
  readonly category: string;
  readonly outcome: FinalStage;
  readonly statusUrl: string;
}

export interface NotificationModels {
  readonly receipt: { nomination: Nomination; cycle: Cycle; statusUrl: string };
  readonly draftConfirmation: { draft: Draft; cycle: Cycle; centerName: string; link: string };
  readonly approvalRequest: {
    nomination: Nomination;
    cycle: Cycle;
    stage: ReviewStage;
    approver: Person;
    link: string;
    /** The review deadline shown to the approver. */
    dueAt: string;
    /** When the link stops working (later than dueAt while an escalation period runs). */
    expiresAt: string;
    why?: ApprovalMailReason;
    /** The approver's batch review page of the stage (HQ and the minister's office). */
    reviewLink?: string;
  };
  readonly reviewDigest: {
    cycle: Cycle;
    stage: ReviewStage;
    reviewer: Person;
    link: string;
    /** The link works at least until then (each mail that carries it renews it). */
    linkExpiresAt: string;
    /** The KST day of the digest, `2026-11-03`. */
    day: string;
    waiting: readonly {
      readonly category: string;
      readonly nomineeType: Nomination['nomineeType'];
      readonly dueAt?: string;
    }[];
    quota: readonly QuotaUsage[];
  };
  readonly correctionRequest: {
    nomination: Nomination;
    cycle: Cycle;
    centerName: string;
    stage: ReviewStage;
    round: number;
    maxRounds: number;
    comment?: string;
    link: string;
    expiresAt: string;
  };
  readonly awarded: { nomination: Nomination; cycle: Cycle; certificateAttached: boolean };
  readonly rejected: {
    nomination: Nomination;
    cycle: Cycle;
    stage: ReviewStage;
    comment?: string;
    statusUrl: string;
  };
  readonly returned: {
    nomination: Nomination;
    cycle: Cycle;
    comment?: string;
    statusUrl: string;
    /** The nomination form, to nominate again. */
    formUrl: string;
  };
  /** The cycle's outcome for one nominating center, once every nomination of the cycle is final. */
  readonly cycleResults: { cycle: Cycle; centerName: string; rows: readonly CycleResultRow[] };
  /** `problems` are worded by the mail (views/messages.ts INTAKE_MESSAGES). */
  readonly intakeProblems: { subject: string; problems: readonly IntakeProblem[]; template: string };
  readonly unregisteredSender: { intakeAddress: string };
}

export type NotificationKind = keyof NotificationModels;

/** A notification: its kind, its data, who gets it, and what goes with it. */
export type Notification = {
  readonly [K in NotificationKind]: {
    readonly kind: K;
    readonly model: NotificationModels[K];
    readonly to: readonly string[];
    readonly cc?: readonly string[];
    readonly attachments?: readonly MailAttachment[];
    /** SES message tags (see OutgoingMail.tags); sendOnce adds the nomination's. */
    readonly tags?: Readonly<Record<string, string>>;
  };
}[NotificationKind];

export type NotificationOf<K extends NotificationKind> = Extract<Notification, { readonly kind: K }>;

/**
 * Sends notifications of the kinds `K` (rendered on the way). A use case names the kinds it sends,
 * so a function wired without one of their templates does not compile.
 */
export interface Notifier<K extends NotificationKind = NotificationKind> {
  send(notification: NotificationOf<K>): Promise<void>;
}
