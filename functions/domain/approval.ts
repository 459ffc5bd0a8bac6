import type { Person } from './cycle';
import { ValidationError } from './errors';
import { type Decision, isDecision, type ReviewStage } from './stages';
import { type CleanedText, cleanText, textProblemMessage } from './text-hygiene';

export type ApprovalStatus = 'open' | 'decided' | 'superseded' | 'expired' | 'void';
export type ClosedReason = Exclude<ApprovalStatus, 'open'>;

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
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly status: ApprovalStatus;
  readonly decision?: Decision;
  readonly comment?: string;
  readonly decidedAt?: string;
  /** The nomination's: DynamoDB TTL destroys the request (and its comment) with it. */
  readonly purgeAt?: number;
}

export function approvalExpiry(now: Date, reviewDays: number): Date {
  return new Date(now.getTime() + reviewDays * 24 * 60 * 60 * 1000);
}

/** Why a request can no longer decide, or undefined while it can. */
export function closedReason(request: ApprovalRequest, now: Date): ClosedReason | undefined {
  if (request.status !== 'open') return request.status;
  return now.getTime() >= Date.parse(request.expiresAt) ? 'expired' : undefined;
}

export const CLOSED_MESSAGES = {
  decided: '이미 결정이 처리된 링크입니다. 결정은 한 번만 할 수 있습니다.',
  superseded:
    '새 승인 링크가 발송되어 이 링크는 더 이상 사용할 수 없습니다. 최근 메일의 링크를 사용해 주세요.',
  expired: '승인 기한이 지난 링크입니다. 담당 부서(고용서비스정책과)에 문의해 주세요.',
  void: '이 승인 요청은 더 이상 유효하지 않습니다. 심사가 이미 다른 경로로 진행되었거나 중단되었습니다. 담당 부서(고용서비스정책과)에 문의해 주세요.',
} as const satisfies Record<ClosedReason, string>;

/** Most characters of an approver's comment; the approval page's maxlength should use the same. */
export const MAX_COMMENT = 2000;

const COMMENT_LABEL = '의견';

/** An approver's decision as posted: one of the three, with a reason for reject and return. */
export function validateDecision(input: { decision: unknown; comment: unknown }): {
  decision: Decision;
  comment?: string;
} {
  const errors: Record<string, string> = {};
  // The comment is mailed to the center and kept in the audit trail: same hygiene as nominations.
  const cleaned: CleanedText =
    typeof input.comment === 'string'
      ? cleanText(input.comment, { multiLine: true })
      : { ok: true, value: '' };
  const comment = cleaned.ok ? cleaned.value.trim() : '';
  if (!isDecision(input.decision)) errors.decision = '승인, 반려, 보완 요청 중 하나를 선택해 주세요.';
  if (!cleaned.ok) errors.comment = textProblemMessage(COMMENT_LABEL, cleaned.problem);
  else if (comment.length > MAX_COMMENT) errors.comment = `의견은 ${MAX_COMMENT}자 이내로 입력해 주세요.`;
  else if ((input.decision === 'reject' || input.decision === 'return') && comment === '') {
    errors.comment = '반려 또는 보완 요청 시 사유를 입력해 주세요. 추천 센터에 그대로 전달됩니다.';
  }
  if (Object.keys(errors).length > 0 || !isDecision(input.decision)) throw new ValidationError(errors);
  return { decision: input.decision, ...(comment ? { comment } : {}) };
}
