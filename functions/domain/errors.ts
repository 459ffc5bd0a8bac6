/**
 * Typed errors. Each `name` is a literal that the ASL's Retry/Catch and the web adapter match on,
 * so never rename one without changing workflows/nomination.asl.json and the web error mapping.
 */
import type { QuotaCounter } from './quota';

export type FieldErrors = Record<string, string>;

abstract class DomainError extends Error {
  abstract override readonly name: string;
}

/** Input broke a rule; `fields` maps a field path (e.g. `nominee.name`) to a Korean message. */
export class ValidationError extends DomainError {
  override readonly name = 'ValidationError' as const;
  constructor(readonly fields: FieldErrors) {
    super(`입력값을 확인해 주세요: ${Object.keys(fields).join(', ')}`);
  }
}

export class NominationNotFound extends DomainError {
  override readonly name = 'NominationNotFound' as const;
  constructor(readonly nominationId: string) {
    super(`추천서를 찾을 수 없습니다 (nomination ${nominationId} not found)`);
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
    super('승인 링크가 올바르지 않습니다 (approval link not found)');
  }
}

/** The approval link has been used, superseded or has expired: it can no longer decide. */
export class ApprovalClosed extends DomainError {
  override readonly name = 'ApprovalClosed' as const;
  constructor(
    readonly reason: 'decided' | 'expired' | 'superseded' | 'void' | 'delegated',
    message: string,
  ) {
    super(message);
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
    super('확인 링크가 올바르지 않습니다 (draft link not found)');
  }
}

/** The confirmation link expired before the center confirmed the draft. */
export class DraftExpired extends DomainError {
  override readonly name = 'DraftExpired' as const;
  constructor() {
    super('확인 기한이 지난 추천서입니다 (draft expired)');
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
