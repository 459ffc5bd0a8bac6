import type { Decision, ReviewStage, Stage } from './stages';

export type NomineeType = 'individual' | 'organization';

export interface Nominee {
  readonly name: string;
  readonly affiliation: string;
  readonly position?: string;
  readonly email?: string;
  readonly serviceYears?: number;
}

/** What a center submits (validated). */
export interface NominationInput {
  readonly cycle: string;
  readonly category: string;
  readonly nomineeType: NomineeType;
  readonly nominee: Nominee;
  readonly meritPeriod: { readonly from: string; readonly to: string };
  readonly meritSummary: string;
  readonly meritDetails?: string;
  readonly priorAwards?: string;
  readonly disciplinaryHistory: boolean;
  readonly consent: boolean;
  readonly centerId: string;
  readonly submitter: { readonly name: string; readonly email: string };
}

export interface AttentionNote {
  readonly error: string;
  readonly cause: string;
  readonly at: string;
}

/** How the nomination reached us, and which registered address vouched for it. */
export type NominationSource =
  | { readonly channel: 'web'; readonly confirmedBy: 'registered_address' }
  /** `messageKey`: SHA-256 of the mail's Message-ID, to recognise the same mail delivered again. */
  | { readonly channel: 'email'; readonly messageKey: string };

/** A file that came with an intake mail, stored in the intake bucket. */
export interface StoredAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly key: string;
}

export interface Nomination extends NominationInput {
  readonly id: string;
  readonly source?: NominationSource;
  /** When the center gave the nominee's consent (개인정보 수집·이용 동의), as submitted. */
  readonly consentAt?: string;
  /** Epoch seconds when DynamoDB TTL destroys the record (the cycle's retention period). */
  readonly purgeAt?: number;
  readonly attachments?: readonly StoredAttachment[];
  /** The nominating center's name when submitted: the record keeps what people saw then. */
  readonly centerName?: string;
  readonly stage: Stage;
  /** Incremented by every stage change; conditional writes compare it. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly executionArn?: string;
  readonly needsAttention?: AttentionNote;
  /** Corrections asked of the center so far (보완 요청 회차); absent = none. */
  readonly correctionRound?: number;
  /** The corrections made, oldest first: each keeps the values it replaced (functions/domain/correction.ts). */
  readonly revisions?: readonly Revision[];
}

/** A value of a correctable field as stored (absent when the field was empty). */
export type FieldValue = string | number | boolean;

/** One field a correction changed, with the value it had before (the value after is the next one's, or now). */
export interface RevisedField {
  /** A field path of the form (`nominee.email`, `meritSummary`, ...). */
  readonly field: string;
  readonly before?: FieldValue;
}

/** One correction of a returned nomination (보완 제출). */
export interface Revision {
  readonly round: number;
  readonly at: string;
  /** The review stage that returned it, and that it goes back to. */
  readonly returnedAt: ReviewStage;
  readonly changes: readonly RevisedField[];
  /** What the center wrote to the reviewer about the correction. */
  readonly note?: string;
}

/** One entry of the append-only audit trail. */
export type AuditEvent =
  | { readonly type: 'submitted'; readonly at: string; readonly actor: string }
  | {
      readonly type: 'stage_changed';
      readonly at: string;
      readonly actor: string;
      readonly from: Stage;
      readonly to: Stage;
    }
  | {
      readonly type: 'decided';
      readonly at: string;
      readonly actor: string;
      readonly stage: ReviewStage;
      readonly decision: Decision;
      readonly comment?: string;
    }
  | {
      /** A recorded decision the workflow did not take (its task had moved on, or the hand-over failed). */
      readonly type: 'decision_voided';
      readonly at: string;
      readonly actor: string;
      readonly stage: ReviewStage;
      readonly decision: Decision;
      readonly reason: 'not_taken' | 'handover_failed';
    }
  | { readonly type: 'needs_attention'; readonly at: string; readonly actor: string; readonly error: string }
  | {
      /** An open approval was mailed again before its due date (the same link). */
      readonly type: 'approval_reminded';
      readonly at: string;
      readonly actor: string;
      readonly stage: ReviewStage;
      readonly number: number;
    }
  | {
      /** The approver handed the decision to a registered colleague (actor: the approver; to: the delegate). */
      readonly type: 'approval_delegated';
      readonly at: string;
      readonly actor: string;
      readonly stage: ReviewStage;
      readonly toEmail: string;
      readonly toName: string;
    }
  | {
      /** An overdue approval got a second decider (the stage's escalation address); the first decision wins. */
      readonly type: 'approval_escalated';
      readonly at: string;
      readonly actor: string;
      readonly stage: ReviewStage;
      /** The escalation approver's name (a role such as 국장), never an address. */
      readonly toName: string;
    }
  | {
      /** A review stage returned the nomination: the center got an edit link (보완 요청, round `round`). */
      readonly type: 'correction_requested';
      readonly at: string;
      readonly actor: string;
      readonly stage: ReviewStage;
      readonly round: number;
      /** The reviewer's reason, as mailed to the center. */
      readonly comment?: string;
    }
  | {
      /** The center corrected the nomination through its edit link (보완 제출); `fields` changed. */
      readonly type: 'corrected';
      readonly at: string;
      readonly actor: string;
      readonly stage: ReviewStage;
      readonly round: number;
      readonly fields: readonly string[];
    }
  | {
      /** An operator acted on the execution (ops console, admin CLI): for the record, not for participants. */
      readonly type: 'ops_action';
      readonly at: string;
      readonly actor: string;
      readonly action: 'stop_execution' | 'redrive_execution' | 'resend_approval';
      readonly executionArn: string;
      readonly outcome: 'succeeded' | 'failed';
      readonly error?: string;
      readonly reason?: string;
    }
  | {
      /**
       * SES reported a mail of the nomination undeliverable (actor: `ses`). `mail`: the mail's tag
       * (`request`, `reminder_<hash>_1`, `receipt`, ...); `stage` where the mail was of a review stage.
       */
      readonly type: 'mail_bounced';
      readonly at: string;
      readonly actor: string;
      readonly mail: string;
      readonly stage?: ReviewStage;
      readonly recipients: readonly string[];
      /** SES's bounce type: `Permanent` (the address takes no mail), `Transient` or `Undetermined`. */
      readonly bounceType: 'Permanent' | 'Transient' | 'Undetermined';
      readonly bounceSubType: string;
      /** Whether the nomination was marked for an operator (an approver's mail of a waiting stage). */
      readonly attention: boolean;
    }
  | {
      /** A recipient marked a mail of the nomination as spam: further mail to them is suppressed until ops clear it. */
      readonly type: 'mail_complained';
      readonly at: string;
      readonly actor: string;
      readonly mail: string;
      readonly stage?: ReviewStage;
      readonly recipients: readonly string[];
    }
  | {
      /** The recipients' mail servers accepted a mail of the nomination. */
      readonly type: 'mail_delivered';
      readonly at: string;
      readonly actor: string;
      readonly mail: string;
      readonly stage?: ReviewStage;
      readonly recipients: readonly string[];
    };

/** What nominators and approvers see of the audit trail: operators' actions and mail events stay with operators. */
export function participantHistory(events: readonly AuditEvent[]): AuditEvent[] {
  // mail_*: SES's reports on the nomination's mail (functions/use-cases/record-mail-event.ts).
  return events.filter((event) => event.type !== 'ops_action' && !event.type.startsWith('mail_'));
}

export const WORKFLOW_ACTOR = 'workflow';

/** The actor of events SES reported (bounces, complaints, deliveries). */
export const SES_ACTOR = 'ses';
