import type { Cycle } from '../domain/cycle';
import { mailKind } from '../domain/mail-events';
import type { AuditEvent, Nomination, NominationInput, Nominee } from '../domain/nomination';
import type { QuotaCounter, QuotaUsage } from '../domain/quota';
import type { ReviewStage } from '../domain/stages';
import { toSafeLine } from '../domain/text-hygiene';
import {
  AWARD_UNITS,
  DECISION_LABELS,
  FIELD_LABELS,
  MAIL_KIND_LABELS,
  NOMINEE_TYPE_LABELS,
  OPS_ACTION_LABELS,
  ROLE_LABELS,
  STAGE_LABELS,
} from './texts';

/*
 * Plain-text helpers the views share (dates, particles, quota lines, the audit trail in words) and
 * the JSON answers' allow-lists. No markup here: markup is SafeHtml (views/html.ts), built in
 * views/components/*, views/pages/* and views/mails/*.
 */

export { NOMINEE_TYPE_LABELS, OPS_ACTION_LABELS, ROLE_LABELS };

/** A mail subject is one header line: no line breaks, control, bidi or zero-width characters. */
export function oneLine(value: string): string {
  return toSafeLine(value);
}

const KST = new Intl.DateTimeFormat('ko-KR', {
  timeZone: 'Asia/Seoul',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `2023-11-03T05:05:00Z` -> `2023년 11월 3일 14:05 (KST)`. Unparseable input is returned as is. */
export function formatKst(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts: Record<string, string> = {};
  for (const part of KST.formatToParts(date)) parts[part.type] = part.value;
  const number = (type: string) => String(Number(parts[type] ?? '0'));
  const hour = number('hour').padStart(2, '0');
  const minute = number('minute').padStart(2, '0');
  return `${number('year')}년 ${number('month')}월 ${number('day')}일 ${hour}:${minute} (KST)`;
}

/** `2023-01` -> `2023년 1월`. Anything else is returned as is. */
export function formatYearMonth(value: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(value);
  if (!match) return value;
  return `${match[1]}년 ${Number(match[2])}월`;
}

export function formatMeritPeriod(period: { readonly from: string; readonly to: string }): string {
  return `${formatYearMonth(period.from)} ~ ${formatYearMonth(period.to)}`;
}

/** The particle 으로/로 that fits after `word` (로 after a vowel or ㄹ). */
export function euro(word: string): string {
  const code = word.charCodeAt(word.length - 1);
  if (code < 0xac00 || code > 0xd7a3) return '(으)로';
  const batchim = (code - 0xac00) % 28;
  return batchim === 0 || batchim === 8 ? '로' : '으로';
}

/** The Korean name of a category id (or the id itself when the cycle does not know it). */
export function categoryName(cycle: Cycle, categoryId: string): string {
  return cycle.categories.find((category) => category.id === categoryId)?.name ?? categoryId;
}

/** "기관 부문 수상 한도 4곳이 모두 찼습니다 (4/4)", or a category's own quota. */
export function quotaReachedMessage(counter: QuotaCounter, awarded: number): string {
  const scope = counter.categoryName
    ? `'${counter.categoryName}' 분야 ${NOMINEE_TYPE_LABELS[counter.nomineeType]}`
    : NOMINEE_TYPE_LABELS[counter.nomineeType];
  return `${scope} 부문 수상 한도 ${counter.limit}${AWARD_UNITS[counter.nomineeType]}이 모두 찼습니다 (${awarded}/${counter.limit}).`;
}

/** "개인 12/32명 (남은 20명)" for the review pages. */
export function quotaUsageLine(usage: QuotaUsage): string {
  const unit = AWARD_UNITS[usage.nomineeType];
  const scope = usage.categoryName
    ? `${usage.categoryName} · ${NOMINEE_TYPE_LABELS[usage.nomineeType]}`
    : NOMINEE_TYPE_LABELS[usage.nomineeType];
  return `${scope} ${usage.awarded}/${usage.limit}${unit} (남은 ${usage.remaining}${unit})`;
}

/** `김민지` or `서울고용복지플러스센터 (기관)`. */
export function nomineeLabel(nomination: {
  readonly nominee: { readonly name: string };
  readonly nomineeType: Nomination['nomineeType'];
}): string {
  return nomination.nomineeType === 'organization'
    ? `${nomination.nominee.name} (기관)`
    : nomination.nominee.name;
}

export type ActorRole = keyof typeof ROLE_LABELS;

/** Who decides at each review stage (whoever holds the link: the approver, a delegate, a 대결). */
export const STAGE_ROLES: Record<ReviewStage, ActorRole> = {
  center_review: 'center_head',
  hq_review: 'hq',
  minister_approval: 'minister',
};

/** The role behind an event, from what the event is (the stored actor address is never shown). */
export function eventRole(event: AuditEvent): ActorRole {
  switch (event.type) {
    case 'submitted':
    case 'corrected':
      return 'center';
    case 'decided':
    case 'decision_voided':
    case 'approval_delegated':
      return STAGE_ROLES[event.stage];
    case 'stage_changed':
    case 'needs_attention':
    case 'approval_reminded':
    case 'approval_escalated':
    case 'correction_requested':
    case 'mail_bounced':
    case 'mail_complained':
    case 'mail_delivered':
      return 'system';
    case 'ops_action':
      return 'operator';
  }
}

/** One line of the audit trail in Korean (plain text; escape before putting it into HTML). */
export function describeEvent(event: AuditEvent): string {
  switch (event.type) {
    case 'submitted':
      return '접수';
    case 'stage_changed':
      return `${STAGE_LABELS[event.from]} → ${STAGE_LABELS[event.to]}`;
    case 'decided': {
      const base = `${STAGE_LABELS[event.stage]}: ${DECISION_LABELS[event.decision]}`;
      return event.comment ? `${base} (${event.comment})` : base;
    }
    case 'decision_voided':
      return `${STAGE_LABELS[event.stage]}: ${DECISION_LABELS[event.decision]} 결정 무효 (심사 절차에 반영되지 않음)`;
    case 'needs_attention':
      return '처리 지연: 담당자 확인 중';
    case 'approval_reminded':
      return `${STAGE_LABELS[event.stage]}: 처리 기한 안내 메일 ${event.number}차 발송`;
    case 'approval_delegated':
      return `${STAGE_LABELS[event.stage]}: ${event.toName}에게 결정 위임`;
    case 'approval_escalated':
      return `${STAGE_LABELS[event.stage]}: 처리 기한 경과, ${event.toName}에게 대결 요청 (먼저 내린 결정이 유효)`;
    case 'correction_requested': {
      const base = `${STAGE_LABELS[event.stage]}: 보완 요청 ${event.round}회차, 추천 센터에 수정 링크 발송`;
      return event.comment ? `${base} (${event.comment})` : base;
    }
    case 'corrected':
      return `보완 제출 ${event.round}회차: ${correctedFieldsText(event.fields)} (${STAGE_LABELS[event.stage]}${euro(STAGE_LABELS[event.stage])} 돌아감)`;
    case 'ops_action':
      return `운영 조치: ${OPS_ACTION_LABELS[event.action]} (${event.outcome === 'succeeded' ? '완료' : '실패'})`;
    case 'mail_bounced':
      return `${mailLabel(event.mail)} 메일 반송 (${event.bounceType === 'Permanent' ? '영구 반송' : '일시 반송'})${event.stage ? ` · ${STAGE_LABELS[event.stage]}` : ''}${event.attention ? ' · 담당자 확인 필요' : ''}`;
    case 'mail_complained':
      return `${mailLabel(event.mail)} 메일 수신자 스팸 신고: 운영자가 해제할 때까지 이 주소로 메일을 보내지 않음`;
    case 'mail_delivered':
      return `${mailLabel(event.mail)} 메일 전달됨`;
  }
}

/** A mail's kind in words, from its tag (`reminder_<hash>_2` -> 처리 기한 안내); never the tag's hash. */
function mailLabel(mailTag: string): string {
  return MAIL_KIND_LABELS[mailKind(mailTag)] ?? '안내';
}

/** The Korean names of the fields a correction changed (`공적요지, 세부공적`), or that none did. */
export function correctedFieldsText(fields: readonly string[]): string {
  if (fields.length === 0) return '바뀐 항목 없음(보완 의견만 제출)';
  return fields
    .map((field) =>
      Object.hasOwn(FIELD_LABELS, field) ? FIELD_LABELS[field as keyof typeof FIELD_LABELS] : field,
    )
    .join(', ');
}

/** The name of the forms' anti-forgery field (see pageToken in functions/adapters/http.ts). */
export const FORM_TOKEN_FIELD = 'formToken';

/* ------------------------------------------------------------------ JSON answers (allow-lists) */

/*
 * Every JSON answer of the HTTP functions is built field by field, from these shared pieces and each
 * page's own (pages.ts, approval-pages.ts, review-pages.ts, correction-pages.ts): a field added to a
 * stored record stays internal until it is added to one of these. Never spread a stored record into an
 * answer: task tokens, link nonces and hashes, approvers' addresses, execution ARNs, error causes,
 * void reasons and TTLs must not reach a browser.
 */

function nomineeAnswer(nominee: Nominee) {
  return {
    name: nominee.name,
    affiliation: nominee.affiliation,
    ...(nominee.position !== undefined ? { position: nominee.position } : {}),
    ...(nominee.email !== undefined ? { email: nominee.email } : {}),
    ...(nominee.serviceYears !== undefined ? { serviceYears: nominee.serviceYears } : {}),
  };
}

/** What the center wrote (the JSON contract of POST /nominations, as stored). */
export function inputAnswer(input: NominationInput) {
  return {
    cycle: input.cycle,
    category: input.category,
    nomineeType: input.nomineeType,
    nominee: nomineeAnswer(input.nominee),
    meritPeriod: { from: input.meritPeriod.from, to: input.meritPeriod.to },
    meritSummary: input.meritSummary,
    ...(input.meritDetails !== undefined ? { meritDetails: input.meritDetails } : {}),
    ...(input.priorAwards !== undefined ? { priorAwards: input.priorAwards } : {}),
    disciplinaryHistory: input.disciplinaryHistory,
    consent: input.consent,
    centerId: input.centerId,
    submitter: { name: input.submitter.name, email: input.submitter.email },
  };
}

/** The nomination as its participants (nominator, approvers) see it. */
export function nominationAnswer(nomination: Nomination) {
  const { needsAttention, attachments } = nomination;
  return {
    id: nomination.id,
    ...inputAnswer(nomination),
    ...(nomination.consentAt !== undefined ? { consentAt: nomination.consentAt } : {}),
    ...(nomination.centerName !== undefined ? { centerName: nomination.centerName } : {}),
    channel: nomination.source?.channel ?? 'web',
    stage: nomination.stage,
    createdAt: nomination.createdAt,
    updatedAt: nomination.updatedAt,
    ...(attachments ? { attachments: attachments.map(({ filename, size }) => ({ filename, size })) } : {}),
    // That someone is on it, and since when; never the error or its cause.
    ...(needsAttention ? { needsAttention: { at: needsAttention.at } } : {}),
  };
}

/**
 * One audit event as participants see it: who acted as a role (센터장, 본부 심사, 장관, 추천 센터,
 * 시스템), never an address; a voided decision only as not counted (no reason); no error texts;
 * operators' actions not at all. A new event type must be added here (the switch is exhaustive).
 */
export function eventAnswer(event: AuditEvent) {
  const role = eventRole(event);
  const who = { role, actor: ROLE_LABELS[role] };
  switch (event.type) {
    case 'submitted':
      return { type: event.type, at: event.at, ...who };
    case 'stage_changed':
      return { type: event.type, at: event.at, from: event.from, to: event.to, ...who };
    case 'decided':
      return {
        type: event.type,
        at: event.at,
        stage: event.stage,
        decision: event.decision,
        ...(event.comment ? { comment: event.comment } : {}),
        ...who,
      };
    case 'decision_voided':
      return {
        type: event.type,
        at: event.at,
        stage: event.stage,
        decision: event.decision,
        counted: false,
        ...who,
      };
    case 'needs_attention':
      return { type: event.type, at: event.at, ...who };
    case 'approval_reminded':
      return { type: event.type, at: event.at, stage: event.stage, number: event.number, ...who };
    case 'approval_escalated':
    case 'approval_delegated':
      // The delegate by name (a role-like title in the directory), never by address.
      return { type: event.type, at: event.at, stage: event.stage, toName: event.toName, ...who };
    case 'correction_requested':
      return {
        type: event.type,
        at: event.at,
        stage: event.stage,
        round: event.round,
        ...(event.comment ? { comment: event.comment } : {}),
        ...who,
      };
    case 'corrected':
      return {
        type: event.type,
        at: event.at,
        stage: event.stage,
        round: event.round,
        fields: event.fields,
        ...who,
      };
    case 'ops_action':
    case 'mail_bounced':
    case 'mail_complained':
    case 'mail_delivered':
      // For operators only (participantHistory leaves them out too).
      return undefined;
  }
}

export function historyAnswer(history: readonly AuditEvent[]) {
  return history.flatMap((event) => {
    const answer = eventAnswer(event);
    return answer ? [answer] : [];
  });
}
