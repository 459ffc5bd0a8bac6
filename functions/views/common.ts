import type { Cycle } from '../domain/cycle';
import type { FieldErrors } from '../domain/errors';
import { FIELD_LABELS } from '../domain/fields';
import type { AuditEvent, Nomination, NominationInput, Nominee } from '../domain/nomination';
import type { QuotaCounter, QuotaUsage } from '../domain/quota';
import { DECISION_LABELS, type ReviewStage, STAGE_LABELS } from '../domain/stages';
import { toSafeLine } from '../domain/text-hygiene';

/**
 * The one escaping helper. Every value that did not come from this module's own literals goes
 * through it before it is put into HTML (text or attribute, double-quoted attributes only).
 */
export function esc(value: unknown): string {
  if (value === undefined || value === null) return '';
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Escapes, then keeps the writer's line breaks. */
export function escMultiline(value: unknown): string {
  return esc(value).replace(/\r\n|\r|\n/g, '<br>\n');
}

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

export const NOMINEE_TYPE_LABELS = { individual: '개인', organization: '기관' } as const;

/** Counting words of awards: organisations are 곳, people 명. */
const AWARD_UNITS = { individual: '명', organization: '곳' } as const;

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
export function nomineeLabel(nomination: Pick<Nomination, 'nominee' | 'nomineeType'>): string {
  return nomination.nomineeType === 'organization'
    ? `${nomination.nominee.name} (기관)`
    : nomination.nominee.name;
}

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
      return 'system';
    case 'ops_action':
      return 'operator';
  }
}

/** Operators' actions by name: the audit trail, the ops console and the admin CLI say them alike. */
export const OPS_ACTION_LABELS = {
  stop_execution: '실행 중지',
  redrive_execution: '재실행',
  resend_approval: '승인 메일 재발송',
} as const satisfies Record<Extract<AuditEvent, { type: 'ops_action' }>['action'], string>;

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
  }
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

/** The audit trail as an accessible table, oldest first. */
export function historyTable(history: readonly AuditEvent[]): string {
  if (history.length === 0) return '<p>처리 이력이 아직 없습니다.</p>';
  const rows = history
    .map(
      (event) => `<tr>
<td>${esc(formatKst(event.at))}</td>
<td>${escMultiline(describeEvent(event))}</td>
<td>${esc(ROLE_LABELS[eventRole(event)])}</td>
</tr>`,
    )
    .join('\n');
  return `<div class="table-wrap">
<table>
<caption>처리 이력 <span class="en">(history, KST)</span></caption>
<thead><tr><th scope="col">일시</th><th scope="col">내용</th><th scope="col">처리자</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</div>`;
}

/** A definition list of label/value pairs; values are escaped here, empty values are skipped. */
export function summaryList(
  rows: ReadonlyArray<readonly [label: string, value: string | undefined]>,
): string {
  const items = rows
    .filter((row): row is readonly [string, string] => row[1] !== undefined && row[1] !== '')
    .map(([label, value]) => `<div class="row"><dt>${esc(label)}</dt><dd>${escMultiline(value)}</dd></div>`)
    .join('\n');
  return `<dl class="summary">\n${items}\n</dl>`;
}

export const MINISTRY_BLUE = '#1b4b8f';

const CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:"Malgun Gothic","맑은 고딕","Apple SD Gothic Neo","Noto Sans KR",system-ui,sans-serif;font-size:1rem;line-height:1.6;color:#1d1d1f;background:#f4f6f9;word-break:keep-all;overflow-wrap:anywhere}
a{color:${MINISTRY_BLUE}}
a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #f2a900;outline-offset:2px}
.skip{position:absolute;left:-9999px}
.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:10}
header.site{background:${MINISTRY_BLUE};color:#fff;padding:.75rem 1rem}
header.site .org{margin:0;font-size:.875rem;opacity:.9}
header.site .name{margin:0;font-size:1.125rem;font-weight:700}
main{max-width:52rem;margin:0 auto;padding:1.25rem 1rem 3rem;background:#fff;min-height:60vh}
footer.site{max-width:52rem;margin:0 auto;padding:1rem;font-size:.875rem;color:#555}
h1{font-size:1.5rem;line-height:1.35;margin:.25rem 0 1rem;color:${MINISTRY_BLUE}}
h2{font-size:1.2rem;margin:2rem 0 .75rem;padding-bottom:.25rem;border-bottom:2px solid ${MINISTRY_BLUE}}
.en{font-size:.8125rem;color:#5a5a5a;font-weight:400}
.lead{font-size:1.0625rem}
.visually-hidden{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);border:0;white-space:nowrap}
.panel{border:1px solid #c9d3e3;background:#f7f9fc;padding:1rem;margin:1rem 0}
.panel-ok{border-left:6px solid #1e7b34}
.panel-info{border-left:6px solid ${MINISTRY_BLUE}}
.panel-warn{border-left:6px solid #b35c00;background:#fff8ef}
.error-summary{border:3px solid #c0392b;padding:1rem;margin:0 0 1.5rem;background:#fff}
.error-summary h2{margin-top:0;border:0;color:#c0392b}
.error-summary a{color:#c0392b;font-weight:700}
.error-message{display:block;color:#c0392b;font-weight:700;margin:.25rem 0}
.field{margin:0 0 1.25rem}
.field-error{border-left:4px solid #c0392b;padding-left:.75rem}
label,legend{font-weight:700;display:block;margin-bottom:.25rem}
legend{padding:0}
fieldset{border:0;margin:0 0 1.25rem;padding:0;min-width:0}
fieldset.group{border:1px solid #d6dce6;padding:1rem;margin-bottom:1.5rem}
fieldset.group>legend{font-size:1.125rem;color:${MINISTRY_BLUE};padding:0 .25rem}
.hint{display:block;color:#555;font-size:.875rem;margin:0 0 .25rem}
.req{color:#c0392b;font-weight:400;font-size:.875rem}
input[type=text],input[type=email],input[type=number],input[type=month],select,textarea{display:block;width:100%;max-width:100%;font:inherit;padding:.5rem;border:2px solid #5a6372;border-radius:0;background:#fff}
input[type=number]{max-width:8rem}
input[type=month]{max-width:14rem}
textarea{min-height:6rem;resize:vertical}
.field-error input,.field-error select,.field-error textarea{border-color:#c0392b}
.choice{display:flex;align-items:flex-start;gap:.5rem;margin:.35rem 0}
.choice input{width:1.25rem;height:1.25rem;margin:.2rem 0 0;flex:none}
.choice label{font-weight:400;margin:0}
ol.categories{margin:.25rem 0;padding-left:1.5rem}
.consent-text{font-size:.9rem;background:#f7f9fc;border:1px solid #d6dce6;padding:.75rem 1rem;margin:.5rem 0}
.consent-text ul{margin:0;padding-left:1.25rem}
.button{display:inline-block;font:inherit;font-weight:700;padding:.65rem 1.25rem;border:2px solid ${MINISTRY_BLUE};background:${MINISTRY_BLUE};color:#fff;cursor:pointer;text-decoration:none;margin:.25rem .5rem .25rem 0}
.button-secondary{background:#fff;color:${MINISTRY_BLUE}}
.button-danger{background:#a42a1f;border-color:#a42a1f}
.buttons{display:flex;flex-wrap:wrap;gap:.5rem}
.buttons .button{margin:0}
dl.summary{margin:0 0 1rem;border-top:1px solid #d6dce6}
dl.summary .row{display:flex;flex-wrap:wrap;border-bottom:1px solid #d6dce6;padding:.5rem 0}
dl.summary dt{font-weight:700;flex:0 0 10rem;padding-right:1rem}
dl.summary dd{margin:0;flex:1 1 16rem;min-width:0}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.9375rem}
caption{text-align:left;font-weight:700;padding:.25rem 0}
th,td{border:1px solid #d6dce6;padding:.5rem;text-align:left;vertical-align:top}
th{background:#eef2f8}
ol.stepper{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem;padding:0;margin:1rem 0}
ol.stepper li{flex:1 1 8rem;padding:.5rem .75rem;border:2px solid #c9d3e3;background:#fff;color:#555;font-size:.9375rem}
ol.stepper li.done{border-color:${MINISTRY_BLUE};background:#eef2f8;color:#1d1d1f}
ol.stepper li.current{border-color:${MINISTRY_BLUE};background:${MINISTRY_BLUE};color:#fff;font-weight:700}
ol.stepper li.stopped{border-color:#a42a1f;background:#a42a1f;color:#fff;font-weight:700}
@media (max-width:36rem){dl.summary dt{flex-basis:100%}h1{font-size:1.3rem}main{padding:1rem .75rem 2rem}ol.stepper{flex-direction:column}}
@media print{header.site,footer.site,.skip{display:none}body{background:#fff}}
`;

/** The page frame. `body` must already be escaped HTML; `title` is escaped here. */
export function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${esc(title)} | 올해의 고용서비스상</title>
<style>${CSS}</style>
</head>
<body>
<a class="skip" href="#main">본문 바로가기</a>
<header class="site">
<p class="org">고용노동부 <span lang="en">Ministry of Employment and Labor</span></p>
<p class="name">올해의 고용서비스상 추천·심사</p>
</header>
<main id="main">
${body}
</main>
<footer class="site">
<p>고용노동부 고용서비스정책과 · 올해의 고용서비스상 사무국</p>
</footer>
</body>
</html>
`;
}

/** The name of the forms' anti-forgery field (see pageToken in functions/adapters/http.ts). */
export const FORM_TOKEN_FIELD = 'formToken';

/** What a center wrote, row by row (a draft has no number or stage yet). */
export function inputRows(
  input: NominationInput,
  cycle: Cycle,
): ReadonlyArray<readonly [string, string | undefined]> {
  const { nominee } = input;
  return [
    ['포상', cycle.title],
    ['분야', categoryName(cycle, input.category)],
    ['후보 유형', NOMINEE_TYPE_LABELS[input.nomineeType]],
    ['성명(기관명)', nominee.name],
    ['소속', nominee.affiliation],
    ['직위', nominee.position],
    ['이메일', nominee.email],
    ['근무연수', nominee.serviceYears === undefined ? undefined : `${nominee.serviceYears}년`],
    ['공적기간', formatMeritPeriod(input.meritPeriod)],
    ['공적요지', input.meritSummary],
    ['세부공적', input.meritDetails ?? '(없음)'],
    ['포상경력', input.priorAwards ?? '(없음)'],
    ['징계 여부', input.disciplinaryHistory ? '유' : '무'],
    ['제출자', `${input.submitter.name} <${input.submitter.email}>`],
  ];
}

/* ------------------------------------------------------------------ error page (both HTTP functions) */

function statusHelp(status: number): string {
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

export function renderError(model: {
  status: number;
  title: string;
  message: string;
  errors?: FieldErrors;
}): string {
  const { status, title, message } = model;
  const entries = Object.entries(model.errors ?? {}).filter(([, text]) => text !== undefined && text !== '');
  const errorList =
    entries.length > 0
      ? `<div class="error-summary" role="alert" aria-labelledby="error-list-title">
<h2 id="error-list-title">확인이 필요한 항목</h2>
<ul>
${entries.map(([field, text]) => `<li>${esc(text)} <span class="en" lang="en">(${esc(field)})</span></li>`).join('\n')}
</ul>
</div>`
      : '';
  const help = statusHelp(status);
  const body = `${errorList}
<h1>${esc(title)}</h1>
<p class="lead">${esc(message)}</p>
${help ? `<p>${esc(help)}</p>` : ''}
<p class="hint">오류 코드 <span lang="en">(HTTP status)</span>: ${esc(status)}</p>
<p><a href="/">추천서 작성 화면으로 가기</a></p>
<p class="hint">문의: 고용노동부 고용서비스정책과</p>`;
  return layout(title, body);
}

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
      return undefined;
  }
}

export function historyAnswer(history: readonly AuditEvent[]) {
  return history.flatMap((event) => {
    const answer = eventAnswer(event);
    return answer ? [answer] : [];
  });
}
