import type { ApprovalAlias, ApprovalRequest } from './approval';
import type { TransitionEvent } from './approval-lifecycle';
import type { Certificate } from './certificate';
import type { CorrectionOutput, CorrectionRequest } from './correction';
import type { Draft, DraftOutcome } from './draft';
import type { AttentionNote, AuditEvent, Nomination, NominationInput, Revision } from './nomination';
import type { QuotaCounter } from './quota';
import type { BatchStage, ReviewLink } from './review-link';
import type { Decision, ReviewStage, Stage } from './stages';

/** Ports: what the use cases need from the outside world. Adapters implement them. */

export type CreateResult =
  | { readonly outcome: 'created' }
  /** The dedupe key is taken by `existingId` (which may be this very nomination, stored by an earlier try). */
  | { readonly outcome: 'exists'; readonly existingId: string }
  /** The center has used its nominations of the cycle. */
  | { readonly outcome: 'center_limit' };

export interface CreateOptions {
  /** Lets a new nomination take over the key of this one (a returned nomination, submitted again). */
  readonly replacesId?: string;
  /** At most this many nominations of the center in the cycle, counted atomically with the create. */
  readonly centerLimit?: number;
}

/** Reading a nomination and its audit trail: all that showing or deciding one needs. */
export interface NominationReader {
  get(id: string): Promise<Nomination | undefined>;
  /** The audit trail, oldest first. */
  history(id: string): Promise<AuditEvent[]>;
}

/** Storing new nominations: the submission side (the form, intake mail). */
export interface NominationIntake {
  /** Stores a new nomination unless one with the same dedupe key exists (or the center's limit is used). */
  create(
    nomination: Nomination,
    dedupeKey: string,
    event: AuditEvent,
    options?: CreateOptions,
  ): Promise<CreateResult>;
}

/** The workflow's writes on a stored nomination: its execution, its stage, attention flags and audit events. */
export interface NominationProgress {
  /** Moves the nomination to `to` if its stage and version are still those given; throws StageConflict otherwise. */
  changeStage(nomination: Nomination, to: Stage, event: AuditEvent): Promise<Nomination>;
  attachExecution(id: string, executionArn: string): Promise<void>;
  markNeedsAttention(nomination: Nomination, note: AttentionNote, event: AuditEvent): Promise<void>;
  /** Appends one event to the audit trail (destroyed with the nomination). */
  appendEvent(nomination: Nomination, event: AuditEvent): Promise<void>;
}

export type NominationRepository = NominationReader & NominationIntake & NominationProgress;

/** Reading approval requests and links: what a link's page and the quota overview need. */
export interface ApprovalReader {
  findByHash(idHash: string): Promise<ApprovalRequest | undefined>;
  /** An escalation or delegation link of a request, by its hash. */
  findAlias(idHash: string): Promise<ApprovalAlias | undefined>;
  /** Awards counted so far in a cycle, by quota key. */
  awardedCounts(cycle: string): Promise<Record<string, number>>;
}

/**
 * Acting on a request that takes a decision: its transitions (approval-lifecycle.ts
 * APPROVAL_TRANSITIONS), each by its name, each with the audit event the table names for it.
 */
export interface ApprovalDecisions {
  /**
   * Adds the escalation link to a request that still takes a decision (at `at`), with the audit
   * event, at most once; `closed` when it was decided, expired or got one first.
   */
  escalate(
    request: ApprovalRequest,
    alias: ApprovalAlias,
    event: TransitionEvent<'escalate'>,
    at: string,
  ): Promise<'added' | 'closed'>;
  /** Adds the delegate's link, as `escalate` does (the approver's own link then stops deciding). */
  delegate(
    request: ApprovalRequest,
    alias: ApprovalAlias,
    event: TransitionEvent<'delegate'>,
    at: string,
  ): Promise<'added' | 'closed'>;
  /**
   * Marks the request decided exactly once, with the audit event, and returns the claim's id;
   * throws ApprovalClosed when the request was decided (or closed) first.
   */
  claim(
    request: ApprovalRequest,
    decision: Decision,
    comment: string | undefined,
    event: TransitionEvent<'claim'>,
    quota?: QuotaClaim,
  ): Promise<string>;
  /**
   * Withdraws a claim whose hand-over failed: the request is `open` again (the link may decide
   * again), the quota places come back, and the event says the decision did not count.
   */
  withdraw(
    request: ApprovalRequest,
    claimId: string,
    event: TransitionEvent<'withdraw'>,
    quota?: QuotaClaim,
  ): Promise<void>;
  /** Voids a claim the workflow did not take (its task had moved on): the request is `void`. */
  void(
    request: ApprovalRequest,
    claimId: string,
    event: TransitionEvent<'void'>,
    quota?: QuotaClaim,
  ): Promise<void>;
}

/** Opening requests and finding them again: the request step, the reminder sweep, the operators' resend. */
export interface ApprovalOpening {
  /** Stores a new open request (`open`); any open request for the same nomination and stage is superseded (`supersede`). */
  open(request: ApprovalRequest): Promise<void>;
  /** Open requests (the reminder sweep's index, eventually consistent) due at or before `dueBefore`. */
  listOpen(dueBefore: string): Promise<ApprovalRequest[]>;
  /** The newest request of the nomination's stage (open or not), or undefined when none was opened. */
  findLatest(nominationId: string, stage: ReviewStage): Promise<ApprovalRequest | undefined>;
}

export type ApprovalRepository = ApprovalReader & ApprovalDecisions & ApprovalOpening;

/**
 * The award counters a claim takes one of, in the claim's own transaction; the claim throws
 * QuotaReached (and changes nothing) when one is full. A released claim gives them back.
 */
export interface QuotaClaim {
  readonly cycle: string;
  readonly counters: readonly QuotaCounter[];
}

export interface DraftRepository {
  /**
   * Stores a draft unless the same nominee already waits for the same center's confirmation
   * (`guardKey`): a double-clicked form sends one confirmation mail.
   */
  save(draft: Draft, guardKey: string): Promise<{ saved: true } | { saved: false; pendingUntil: string }>;
  findByHash(idHash: string): Promise<Draft | undefined>;
  /** pending -> confirmed, once; confirming an already confirmed draft changes nothing. */
  markConfirmed(draft: Draft, outcome: DraftOutcome, at: string, guardKey: string): Promise<void>;
  /** Removes a draft whose confirmation mail could not be sent, so the center can submit again. */
  discard(draft: Draft, guardKey: string): Promise<void>;
}

/** Files that came with intake mail: the raw mail in, attachments kept with the nomination. */
export interface MailStore {
  readRawMail(key: string): Promise<Uint8Array | undefined>;
  putAttachment(key: string, content: Uint8Array, contentType: string): Promise<void>;
  deleteAttachment(key: string): Promise<void>;
}

/** Commendation certificates (표창장) as rendered documents. */
export interface CertificateRenderer {
  render(certificate: Certificate): Promise<Uint8Array>;
}

/** Where issued certificates are kept (functions/domain/certificate.ts names the keys); written once per nomination. */
export interface CertificateStore {
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, content: Uint8Array): Promise<void>;
}

/** Remembers which one-off mails went out, so a retried step does not send them twice. */
export interface SentMailLog {
  /**
   * Marks a mail as being sent by `attempt`: `acquired` (go ahead), `sent` (it went out before),
   * or `in_flight` (another attempt is sending it, or died doing so and its lease has not run out).
   */
  begin(nominationId: string, key: string, attempt: string): Promise<'acquired' | 'sent' | 'in_flight'>;
  finish(nominationId: string, key: string): Promise<void>;
  /** Lets a later retry send the mail again after a failed send. */
  abandon(nominationId: string, key: string): Promise<void>;
}

/** A file sent with a mail (the 표창장 PDF). */
export interface MailAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Uint8Array;
}

export interface OutgoingMail {
  readonly to: readonly string[];
  readonly cc?: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly attachments?: readonly MailAttachment[];
  /** Display name of the sender and the reply address, from the cycle settings. */
  readonly senderName?: string;
  readonly replyTo?: string;
  /**
   * What the mail is about, carried to SES as message tags so bounce and complaint events find
   * their nomination again (`nomination`, `mail`, `stage`). Values: letters, digits, _ and - only.
   */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

export interface DecisionOutput {
  readonly decision: Decision;
  readonly stage: ReviewStage;
  readonly comment?: string;
  readonly approver: string;
  readonly decidedAt: string;
}

/**
 * What became of a decision handed to the workflow: `taken` by the waiting task; `stale`, the task
 * no longer waits for this token (it moved on, timed out, or the execution ended); `uncertain`, the
 * answer was lost on the way (it may or may not have been taken). A definite refusal that may be
 * retried (throttling) is thrown as TransientError.
 */
export type Handover = 'taken' | 'stale' | 'uncertain';

/** Decisions to the waiting review task (all that deciding needs of the workflow). */
export interface DecisionHandover {
  /** Hands a decision to the waiting task, once: no automatic retry that could blur the answer. */
  sendDecision(taskToken: string, output: DecisionOutput): Promise<Handover>;
}

export interface Workflow {
  /** Starts the nomination's execution; starting it again is a no-op. */
  start(nominationId: string): Promise<void>;
}

/** The key approval link ids are derived under; kept outside the table (Secrets Manager). */
export interface LinkKey {
  bytes(): Promise<Uint8Array>;
}

/**
 * Fresh random ids and nonces: randomness is a port, like the clock (adapters/random-ids.ts; tests
 * may pass their own). The formats and checks stay in the domain (ids.ts, secret-links.ts).
 */
export interface Ids {
  /** A nomination's id, `<year>-<20 base32 chars>` (no secret: execution name, logs). */
  nominationId(cycle: string): string;
  /** A 256-bit link id that is mailed and stored only hashed (drafts, corrections). */
  linkId(): string;
  /** A 128-bit nonce a link is derived from under the link key (approval, review, status links). */
  linkNonce(): string;
}

export interface Clock {
  now(): Date;
}

/** Waits between the tries of a retry (use-cases/retry.ts); tests pass their own, which only moves their clock. */
export type Sleep = (ms: number) => Promise<void>;

/** Opening edit links of returned nominations (보완 요청): the RequestCorrection step. */
export interface CorrectionOpening {
  /**
   * Stores a new open edit link; the nomination's earlier open link becomes superseded. When the
   * nomination is still at the review stage that returned it, it moves to `correction_requested`
   * (its round counted) in the same transaction, with `event`; answers the nomination as stored then.
   */
  open(nomination: Nomination, request: CorrectionRequest, event: AuditEvent): Promise<Nomination>;
}

/** An edit link as the center uses it: reading it, the correction made through it, its hand-over. */
export interface CorrectionEdits {
  findByHash(idHash: string): Promise<CorrectionRequest | undefined>;
  /**
   * In one transaction: the link becomes used (once: CorrectionClosed('used') for a second POST),
   * the nomination takes the corrected values (a new version) and keeps `revision`, and `event` is
   * appended. `dedupe` moves the nominee key when the nominee's identity changed (ValidationError
   * when another nomination holds the new one).
   */
  apply(
    request: CorrectionRequest,
    nomination: Nomination,
    corrected: NominationInput,
    revision: Revision,
    event: AuditEvent,
    dedupe?: { readonly from: string; readonly to: string },
  ): Promise<void>;
  /** The workflow took the correction (or may have): a repeated POST hands nothing over. */
  markHandedOver(request: CorrectionRequest): Promise<void>;
  /** The workflow no longer waits for this link: it closes (the correction stays on record). */
  markVoid(request: CorrectionRequest): Promise<void>;
}

/** Edit links of returned nominations (보완 요청) and the corrections made through them. */
export type CorrectionRepository = CorrectionOpening & CorrectionEdits;

/** Hands a correction (or the end of the rounds) to the waiting RequestCorrection task, once. */
export interface CorrectionHandover {
  sendCorrection(taskToken: string, output: CorrectionOutput): Promise<Handover>;
}

/** Batch review links (HQ, the minister's office): one per cycle, stage and reviewer address. */
export interface ReviewLinkRepository {
  findByHash(idHash: string): Promise<ReviewLink | undefined>;
  /** The reviewer's link of the stage (what its id is derived from), or undefined before the first mail. */
  findForReviewer(
    cycle: string,
    stage: BatchStage,
    reviewerEmail: string,
  ): Promise<Pick<ReviewLink, 'idHash' | 'linkNonce'> | undefined>;
  /** Stores a new link, once per reviewer: `exists` when the reviewer has one (or another writer made it first). */
  create(link: ReviewLink): Promise<'created' | 'exists'>;
  /** Moves the link's expiry to `expiresAt`, unless it is already as late. */
  extend(idHash: string, expiresAt: string): Promise<void>;
}

/** A waiting nomination as the batch page lists it: what the index read projects (no 세부공적). */
export type WaitingNomination = Pick<
  Nomination,
  | 'id'
  | 'cycle'
  | 'category'
  | 'nomineeType'
  | 'nominee'
  | 'centerId'
  | 'centerName'
  | 'meritSummary'
  | 'meritPeriod'
  | 'createdAt'
  | 'stage'
>;

/** A place in a stage's list (the index's order): a row's receipt time and id. */
export interface StagePosition {
  readonly createdAt: string;
  readonly id: string;
}

/** What the batch page and the digest read: the index and batched item reads, never a Scan. */
export interface ReviewQueue {
  /**
   * The nominations of a cycle at a stage, oldest first, from gsi1 page by page (eventually
   * consistent), at most `limit`; `truncated` when more wait.
   */
  listAtStage(
    cycle: string,
    stage: ReviewStage,
    limit: number,
  ): Promise<{ readonly nominations: WaitingNomination[]; readonly truncated: boolean }>;
  /**
   * One page of a cycle's nominations at a stage, in the index's order (receipt time, then id),
   * from gsi1 with a Limit (eventually consistent): at most `limit` rows strictly after `from`
   * (`after`) or strictly before it (`before`), in that direction of the order; oldest first unless
   * `newestFirst`. `more` when rows continue past the page in the direction read.
   */
  pageAtStage(
    cycle: string,
    stage: ReviewStage,
    options: {
      readonly limit: number;
      readonly newestFirst: boolean;
      readonly from?: StagePosition;
      readonly direction?: 'after' | 'before';
    },
  ): Promise<{ readonly nominations: WaitingNomination[]; readonly more: boolean }>;
  /** How many nominations of a cycle are at a stage (an index count: no item comes back). */
  countAtStage(cycle: string, stage: ReviewStage): Promise<number>;
  /** The newest request of each nomination's stage (batched reads); absent where none was opened. */
  latestRequests(
    nominationIds: readonly string[],
    stage: ReviewStage,
  ): Promise<ReadonlyMap<string, ApprovalRequest>>;
  /** Nominations by id (batched, strongly consistent reads); absent where there is none. */
  getMany(ids: readonly string[]): Promise<ReadonlyMap<string, Nomination>>;
}

/** SES's reports on sent mail, kept in the nomination's audit trail (functions/use-cases/record-mail-event.ts). */
export interface MailEventLog {
  /**
   * Appends `event` to the nomination's audit trail once per `onceKey` (a redelivered SES event
   * records nothing) and, with `attention`, flags the nomination for an operator in the same write.
   * `recorded` when this call wrote it, `duplicate` when an earlier delivery did.
   */
  recordOnce(
    nomination: Nomination,
    event: AuditEvent,
    onceKey: string,
    attention?: AttentionNote,
  ): Promise<'recorded' | 'duplicate'>;
}

/** An address no mail goes to (a recipient complained) until an operator clears it. */
export interface Suppression {
  readonly address: string;
  readonly reason: 'complaint';
  readonly at: string;
  /** The nomination whose mail drew the complaint, where known. */
  readonly nominationId?: string;
}

export interface SuppressionList {
  /** Suppresses the address (a second complaint keeps the first record). */
  suppress(suppression: Suppression): Promise<void>;
  /** The given addresses that are suppressed (compared case-insensitively), as given. */
  suppressed(addresses: readonly string[]): Promise<ReadonlySet<string>>;
  /** Lifts the suppression of the address: false when there was none. */
  clear(address: string): Promise<boolean>;
  /** All suppressions, newest first. */
  list(): Promise<Suppression[]>;
}
