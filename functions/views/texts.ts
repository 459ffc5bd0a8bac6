/**
 * The Korean words of the pages and mails: labels of stages, decisions, roles, row labels and the
 * short messages more than one view says. The domain holds no UI text: it reports problems as codes,
 * which views/messages.ts words with these labels.
 */
import type { FieldName } from '../domain/fields';
import type { AuditEvent } from '../domain/nomination';
import type { ReviewRowState, ReviewSortKey } from '../domain/review-link';
import type { Decision, ReviewStage, Stage } from '../domain/stages';
import type { BatchOutcome } from '../use-cases/batch-review';

/** Korean names of the nomination's fields, as the messages call them. */
export const FIELD_LABELS: Readonly<Record<FieldName, string>> = {
  cycle: '포상연도',
  category: '분야',
  nomineeType: '후보 유형',
  'nominee.name': '성명(기관명)',
  'nominee.affiliation': '소속',
  'nominee.position': '직위',
  'nominee.email': '이메일',
  'nominee.serviceYears': '근무연수',
  'meritPeriod.from': '공적기간 시작',
  'meritPeriod.to': '공적기간 종료',
  meritSummary: '공적요지',
  meritDetails: '세부공적',
  priorAwards: '포상경력',
  disciplinaryHistory: '징계 여부',
  consent: '개인정보 수집·이용 동의',
  centerId: '추천센터',
  'submitter.name': '제출자 성명',
  'submitter.email': '제출자 이메일',
};

export const STAGE_LABELS: Record<Stage, string> = {
  submitted: '접수',
  center_review: '센터 심사',
  hq_review: '본부 심사',
  minister_approval: '장관 승인',
  correction_requested: '보완 요청(센터 보완 중)',
  awarded: '수상 확정',
  rejected: '반려(미선정)',
  returned: '보완 요청(센터 반송)',
};

export const DECISION_LABELS: Record<Decision, string> = {
  approve: '승인',
  reject: '반려',
  return: '보완 요청',
};

export const NOMINEE_TYPE_LABELS = { individual: '개인', organization: '기관' } as const;

/** Counting words of awards: organisations are 곳, people 명. */
export const AWARD_UNITS = { individual: '명', organization: '곳' } as const;

/**
 * Who acted in the audit trail, as participants see it: a role, never a person's name or address
 * (events record the approver's address for operators; pages and JSON answers show only this).
 */
export const ROLE_LABELS = {
  center: '추천 센터',
  center_head: '센터장',
  hq: '본부 심사',
  minister: '장관',
  system: '시스템',
  operator: '운영 담당자',
} as const;

/** Operators' actions by name: the audit trail, the ops console and the admin CLI say them alike. */
export const OPS_ACTION_LABELS = {
  stop_execution: '실행 중지',
  redrive_execution: '재실행',
  resend_approval: '승인 메일 재발송',
} as const satisfies Record<Extract<AuditEvent, { type: 'ops_action' }>['action'], string>;

/** The nomination's rows, by what they show (views/components/nomination-rows.ts picks and fills them). */
export const ROW_LABELS = {
  id: '추천번호',
  award: '포상',
  category: '분야',
  nomineeType: '후보 유형',
  name: '성명(기관명)',
  nominee: '후보자',
  affiliation: '소속',
  position: '직위',
  email: '이메일',
  serviceYears: '근무연수',
  meritPeriod: '공적기간',
  meritSummary: '공적요지',
  meritDetails: '세부공적',
  priorAwards: '포상경력',
  disciplinary: '징계 여부',
  submitter: '제출자',
  center: '추천 센터',
  channel: '접수 경로',
  createdAt: '접수일시',
  stage: '현재 단계',
} as const;

/** The batch review page's sort links. */
export const SORT_LABELS: Record<ReviewSortKey, string> = {
  received: '접수순',
  due: '처리 기한순',
  name: '후보자 이름순',
  center: '추천 센터순',
  type: '후보 유형순',
};

/** A batch review row's state. */
export const STATE_LABELS: Record<ReviewRowState, string> = {
  open: '결정 가능',
  delegated: '위임됨',
  expired: '기한 경과',
  decided: '결정 처리 중',
  closed: '사용할 수 없음',
  pending: '요청 준비 중',
};

/** A batch decision's outcome per row. */
export const OUTCOME_LABELS: Record<BatchOutcome, string> = {
  done: '처리 완료',
  already_decided: '이미 처리됨',
  beyond_quota: '수상 한도 초과',
  closed: '결정할 수 없음',
  not_found: '찾을 수 없음',
  failed: '일시 오류',
  not_attempted: '처리하지 않음',
};

/** What the submission routes say, on pages and in JSON answers alike. */
export const SUBMISSION_MESSAGES = {
  draftSent:
    '센터의 등록된 추천 담당 메일 주소로 확인 메일을 보냈습니다. 메일의 링크에서 확정해야 접수됩니다.',
  draftPending:
    '같은 후보자에 대한 추천서가 이미 센터 확인을 기다리고 있습니다. 앞서 보낸 확인 메일의 링크로 확정해 주세요.',
  alreadySubmitted:
    '이미 접수된 추천입니다. 진행 상황은 처음 접수 때 센터의 등록된 추천 담당 메일로 보내 드린 접수 확인 메일의 링크에서 확인해 주세요.',
} as const;

/** Every mail's signature. */
export const MAIL_SIGNATURE = '고용노동부 고용서비스정책과 · 올해의 고용서비스상 사무국';
export const MAIL_NO_REPLY = '이 메일은 발신 전용입니다. 문의는 고용노동부 고용서비스정책과로 해 주세요.';

/** What a reviewer's comment says when they wrote none. */
export const NO_REASON = '사유 미기재';

/** The error page's help line per HTTP status. */
export function statusHelp(status: number): string {
  if (status === 404) return '주소가 정확한지 확인하시거나, 받으신 메일의 링크를 다시 열어 주세요.';
  if (status === 409) return '다른 처리와 겹쳤습니다. 페이지를 새로 고쳐 현재 상태를 확인해 주세요.';
  if (status === 410)
    return '더 이상 사용할 수 없는 링크입니다. 가장 최근에 받은 메일의 링크를 사용해 주세요.';
  if (status === 400 || status === 422) return '입력 내용을 확인한 뒤 다시 시도해 주세요.';
  if (status === 403)
    return '받으신 메일의 링크로 페이지를 다시 열어, 그 페이지의 버튼으로 다시 시도해 주세요.';
  if (status === 503 || status === 502 || status === 504) return '잠시 후 다시 시도해 주세요.';
  if (status >= 500) return '일시적인 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.';
  return '';
}

/** What the workflow does next after a decision at a stage. */
export function nextStepText(stage: ReviewStage, decision: Decision): string {
  switch (decision) {
    case 'approve':
      if (stage === 'center_review')
        return '본부 심사로 넘어갑니다. 고용서비스정책과에 심사 요청이 발송됩니다.';
      if (stage === 'hq_review') return '장관 승인 단계로 넘어갑니다. 장관실에 승인 요청이 발송됩니다.';
      return '수상이 확정되어 수상자에게 통보됩니다.';
    case 'reject':
      return '추천 센터에 사유와 함께 통보됩니다.';
    case 'return':
      if (stage === 'center_review') return '추천 센터에 보완 요청으로 돌려보냅니다. 의견이 함께 전달됩니다.';
      if (stage === 'hq_review') return '이전 단계(센터 심사)로 돌려보냅니다. 의견이 함께 전달됩니다.';
      return '이전 단계(본부 심사)로 돌려보냅니다. 의견이 함께 전달됩니다.';
  }
}

/** The kinds of a nomination's mails, by the first part of their `mail` tag (functions/domain/mail-events.ts). */
export const MAIL_KIND_LABELS: Readonly<Record<string, string>> = {
  receipt: '접수 확인',
  request: '승인 요청',
  reminder: '처리 기한 안내',
  escalation: '대결 요청',
  delegation: '위임 알림',
  resend: '승인 요청 재발송',
  correction: '보완 요청',
  outcome: '결과 안내',
  reply: '접수 회신',
  results: '심사 결과 안내',
};
