/**
 * Typed errors. Each `name` is a literal that the ASL's Retry/Catch and the web adapter match on,
 * so never rename one without changing workflows/nomination.asl.json and the web error mapping.
 */
import type { FieldName } from './fields';
import type { QuotaCounter } from './quota';
import type { TextProblem } from './text-hygiene';

/** What a message names: a nomination field, an approver's comment or a center's correction note. */
export type Subject = FieldName | 'comment' | 'note';

/**
 * What is wrong with one input value, as a literal code with its parameters; views/messages.ts words
 * each code in Korean (the domain holds no UI text). `field` names what the message talks about,
 * which is not always the path the problem is reported at (a batch row's comment, for one).
 * Grouped by the forms that report them, so each function bundles only the words it needs.
 */
export type FieldProblem = CommonProblem | NominationProblem | DecisionProblem;

/** Problems of any form: text that is not text, too long, refused by the hygiene rules. */
export type CommonProblem =
  | { readonly code: 'not_text'; readonly field: Subject }
  | { readonly code: 'too_long'; readonly field: Subject; readonly max: number }
  /** Text hygiene refused the value; `field` is undefined for a path that is no known field. */
  | { readonly code: 'bad_text'; readonly problem: TextProblem; readonly field?: Subject }
  | { readonly code: 'too_deep' }
  /**
   * Text worded outside the domain (schema issues at the edge, adapters and use cases that still
   * word their own messages): shown as it is.
   */
  | { readonly code: 'worded'; readonly text: string };

/** Problems of a nomination (the form, the JSON contract, e-mail, corrections). */
export type NominationProblem =
  /** The body is not an object at all. */
  | { readonly code: 'no_body' }
  | { readonly code: 'required'; readonly field: FieldName }
  | { readonly code: 'not_chosen'; readonly field: FieldName }
  | { readonly code: 'not_year_month'; readonly field: FieldName }
  | { readonly code: 'bad_email'; readonly field: FieldName }
  | { readonly code: 'not_number'; readonly field: FieldName }
  | { readonly code: 'not_integer'; readonly field: FieldName }
  | { readonly code: 'too_small'; readonly field: FieldName; readonly min: number }
  | { readonly code: 'too_large'; readonly field: FieldName; readonly max: number }
  | { readonly code: 'nominee_type' }
  | { readonly code: 'section_missing'; readonly section: 'nominee' | 'meritPeriod' | 'submitter' }
  | { readonly code: 'yes_no_missing'; readonly field: 'disciplinaryHistory' | 'consent' }
  /** The cycle `year` is not known; `open` lists the years accepting now. */
  | { readonly code: 'cycle_unknown'; readonly year: string; readonly open: readonly string[] }
  | {
      readonly code: 'cycle_not_open_yet';
      readonly year: string;
      readonly opens: string;
      readonly open: readonly string[];
    }
  | {
      readonly code: 'cycle_closed';
      readonly year: string;
      readonly deadline: string;
      readonly open: readonly string[];
    }
  /** `choices` are the cycle's category names. */
  | { readonly code: 'category_unknown'; readonly choices: readonly string[] }
  | { readonly code: 'center_unknown' }
  | { readonly code: 'period_order' }
  | { readonly code: 'nominee_email_required' }
  | { readonly code: 'service_years_required' }
  | { readonly code: 'service_years_below'; readonly min: number }
  | { readonly code: 'disciplinary_history' }
  | { readonly code: 'consent_refused' }
  /** A correction that changed nothing and gave no note. */
  | { readonly code: 'nothing_changed' };

/** Problems of an approver's decision, single or batch. */
export type DecisionProblem =
  | { readonly code: 'decision_not_chosen' }
  /** Reject and return need a reason; `missing` counts the batch rows without one. */
  | { readonly code: 'reason_required'; readonly missing?: number }
  | { readonly code: 'batch_empty' }
  | { readonly code: 'batch_bad_ids' }
  | { readonly code: 'batch_too_many'; readonly max: number; readonly selected: number };

export type FieldCode = FieldProblem['code'];

/** Field path (e.g. `nominee.name`, `_` for the input itself) -> what is wrong there. */
export type FieldErrors = Record<string, FieldProblem>;

abstract class DomainError extends Error {
  abstract override readonly name: string;
}

/**
 * Input broke a rule; `fields` maps a field path (e.g. `nominee.name`) to its problem. A plain
 * string is text some adapter worded itself; it is kept as a `worded` problem.
 */
export class ValidationError extends DomainError {
  override readonly name = 'ValidationError' as const;
  readonly fields: FieldErrors;
  constructor(fields: Readonly<Record<string, FieldProblem | string>>) {
    super(`Invalid input: ${Object.keys(fields).join(', ')}`);
    this.fields = Object.fromEntries(
      Object.entries(fields).map(([path, problem]) => [
        path,
        typeof problem === 'string' ? { code: 'worded', text: problem } : problem,
      ]),
    );
  }
}

export class NominationNotFound extends DomainError {
  override readonly name = 'NominationNotFound' as const;
  constructor(readonly nominationId: string) {
    super(`Nomination ${nominationId} not found`);
  }
}

/** A stage change that the rules do not allow, or that lost a race with another writer. */
export class StageConflict extends DomainError {
  override readonly name = 'StageConflict' as const;
  constructor(message: string) {
    super(message);
  }
}

export class ApprovalNotFound extends DomainError {
  override readonly name = 'ApprovalNotFound' as const;
  constructor() {
    super('Approval link not found');
  }
}

/**
 * The approval link has been used, superseded or has expired: it can no longer decide. Pages word
 * the reason (views/messages.ts CLOSED_MESSAGES); the optional second argument is ignored.
 */
export class ApprovalClosed extends DomainError {
  override readonly name = 'ApprovalClosed' as const;
  constructor(
    readonly reason: 'decided' | 'expired' | 'superseded' | 'void' | 'delegated',
    _worded?: string,
  ) {
    super(`Approval link closed (${reason})`);
  }
}

/** Why an approval mail cannot be sent again (operators' re-send, reminders). */
export type NothingToResendReason = 'not_in_review' | 'no_open_request' | 'expired' | 'not_derivable';

/** The nomination has no open approval request whose link could be mailed again. */
export class NothingToResend extends DomainError {
  override readonly name = 'NothingToResend' as const;
  constructor(
    readonly reason: NothingToResendReason,
    message: string,
  ) {
    super(message);
  }
}

/** The minister's approval would pass an award quota; the nomination keeps waiting. */
export class QuotaReached extends DomainError {
  override readonly name = 'QuotaReached' as const;
  constructor(
    readonly counter: QuotaCounter,
    readonly awarded: number,
  ) {
    super(`Quota ${counter.key} reached (${awarded}/${counter.limit})`);
  }
}

export class DraftNotFound extends DomainError {
  override readonly name = 'DraftNotFound' as const;
  constructor() {
    super('Draft link not found');
  }
}

/** The confirmation link expired before the center confirmed the draft. */
export class DraftExpired extends DomainError {
  override readonly name = 'DraftExpired' as const;
  constructor() {
    super('Draft expired');
  }
}

/** A dependency failed in a way that is worth retrying (throttling, network). ASL retries it. */
export class TransientError extends DomainError {
  override readonly name = 'TransientError' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Another attempt of the same step is sending this mail, or died doing so: retry after its lease
 * runs out (the ASL retries this name with waits long enough for that).
 */
export class MailInFlight extends DomainError {
  override readonly name = 'MailInFlight' as const;
}

/** The nomination has no certificate to give: not awarded, or (awarded before certificates existed) none issued. */
export class CertificateUnavailable extends DomainError {
  override readonly name = 'CertificateUnavailable' as const;
  constructor(readonly reason: 'not_awarded' | 'not_issued') {
    super(`No certificate (${reason})`);
  }
}

/** Configuration is missing or malformed: fails at init, never per request. */
export class ConfigurationError extends DomainError {
  override readonly name = 'ConfigurationError' as const;
}
