import { type ApprovalRequest, MAX_COMMENT } from '../domain/approval';
import { maxCorrectionRoundsOf } from '../domain/correction';
import type { Cycle, Directory } from '../domain/cycle';
import type { Draft } from '../domain/draft';
import type { FieldErrors } from '../domain/errors';
import type { AuditEvent, Nomination, NominationInput, Nominee } from '../domain/nomination';
import type { QuotaUsage } from '../domain/quota';
import { DECISION_LABELS, type Decision, type ReviewStage, STAGE_LABELS, type Stage } from '../domain/stages';
import { FIELD_LIMITS } from '../domain/validation';
import type { ApprovalView, ClosedApprovalSummary } from '../use-cases/decide-approval';
import {
  categoryName,
  esc,
  euro,
  eventRole,
  formatKst,
  formatMeritPeriod,
  historyTable,
  layout,
  NOMINEE_TYPE_LABELS,
  nomineeLabel,
  quotaUsageLine,
  ROLE_LABELS,
  STAGE_ROLES,
  summaryList,
} from './common';
import {
  changesSection,
  correctionRounds,
  revisionsAnswer,
  roundsAnswer,
  roundsSection,
} from './correction-parts';
import { delegationSection } from './delegation-pages';

/* ------------------------------------------------------------------ nomination form */

/** Form fields in page order; the error summary lists errors in this order. */
const FORM_FIELDS = [
  'cycle',
  'category',
  'nominee',
  'nomineeType',
  'nominee.name',
  'nominee.affiliation',
  'nominee.position',
  'nominee.email',
  'nominee.serviceYears',
  'meritPeriod',
  'meritPeriod.from',
  'meritPeriod.to',
  'meritSummary',
  'meritDetails',
  'priorAwards',
  'disciplinaryHistory',
  'centerId',
  'submitter',
  'submitter.name',
  'submitter.email',
  'consent',
] as const;

/** The id of the element a field path's label, error and summary link point to. */
export function fieldId(path: string): string {
  return path.replace(/\./g, '-');
}

interface FormState {
  readonly values: Record<string, string>;
  readonly errors: FieldErrors;
}

function errorText(state: FormState, path: string): string | undefined {
  const message = state.errors[path];
  return message === undefined || message === '' ? undefined : message;
}

function errorMessage(state: FormState, path: string): string {
  const message = errorText(state, path);
  if (message === undefined) return '';
  return `<span class="error-message" id="${esc(fieldId(path))}-error"><span class="visually-hidden">오류: </span>${esc(message)}</span>`;
}

function describedBy(state: FormState, path: string, hasHint: boolean): string {
  const ids: string[] = [];
  if (hasHint) ids.push(`${fieldId(path)}-hint`);
  if (errorText(state, path) !== undefined) ids.push(`${fieldId(path)}-error`);
  return ids.length > 0 ? ` aria-describedby="${esc(ids.join(' '))}"` : '';
}

function invalid(state: FormState, path: string): string {
  return errorText(state, path) !== undefined ? ' aria-invalid="true"' : '';
}

function fieldClass(state: FormState, path: string): string {
  return errorText(state, path) !== undefined ? 'field field-error' : 'field';
}

function hintHtml(path: string, hint: string | undefined): string {
  return hint ? `<span class="hint" id="${esc(fieldId(path))}-hint">${esc(hint)}</span>` : '';
}

function labelText(label: string, required: boolean, en?: string): string {
  const req = required ? ' <span class="req">(필수)</span>' : '';
  const english = en ? ` <span class="en" lang="en">${esc(en)}</span>` : '';
  return `${esc(label)}${req}${english}`;
}

interface InputOptions {
  readonly path: string;
  readonly label: string;
  readonly en?: string;
  readonly type: 'text' | 'email' | 'number' | 'month';
  readonly required?: boolean;
  readonly hint?: string;
  readonly autocomplete?: string;
  readonly attributes?: Readonly<Record<string, string>>;
}

/** The browser's limit for a field: the same number the validation enforces. */
function limitOf(path: string): number | undefined {
  return Object.hasOwn(FIELD_LIMITS, path) ? FIELD_LIMITS[path as keyof typeof FIELD_LIMITS] : undefined;
}

function inputField(state: FormState, options: InputOptions): string {
  const { path } = options;
  const id = fieldId(path);
  const limit = limitOf(path);
  const extra = Object.entries({
    ...(options.autocomplete ? { autocomplete: options.autocomplete } : {}),
    ...(limit ? { maxlength: String(limit) } : {}),
    ...options.attributes,
  })
    .map(([name, value]) => ` ${name}="${esc(value)}"`)
    .join('');
  return `<div class="${fieldClass(state, path)}">
<label for="${esc(id)}">${labelText(options.label, options.required ?? false, options.en)}</label>
${hintHtml(path, options.hint)}
${errorMessage(state, path)}
<input type="${options.type}" id="${esc(id)}" name="${esc(path)}" value="${esc(state.values[path] ?? '')}"${options.required ? ' required' : ''}${extra}${invalid(state, path)}${describedBy(state, path, Boolean(options.hint))}>
</div>`;
}

interface TextareaOptions {
  readonly path: string;
  readonly label: string;
  readonly en?: string;
  readonly required?: boolean;
  readonly hint?: string;
  readonly rows: number;
}

function textareaField(state: FormState, options: TextareaOptions): string {
  const { path } = options;
  const id = fieldId(path);
  return `<div class="${fieldClass(state, path)}">
<label for="${esc(id)}">${labelText(options.label, options.required ?? false, options.en)}</label>
${hintHtml(path, options.hint)}
${errorMessage(state, path)}
<textarea id="${esc(id)}" name="${esc(path)}" rows="${options.rows}" maxlength="${limitOf(path) ?? ''}"${options.required ? ' required' : ''}${invalid(state, path)}${describedBy(state, path, Boolean(options.hint))}>
${esc(state.values[path] ?? '')}</textarea>
</div>`;
}

interface RadioOptions {
  readonly path: string;
  readonly legend: string;
  readonly en?: string;
  readonly hint?: string;
  readonly choices: ReadonlyArray<{ readonly value: string; readonly label: string; readonly en?: string }>;
}

/** A radio group; the first radio carries the field id so that error links focus it. */
function radioGroup(state: FormState, options: RadioOptions): string {
  const { path } = options;
  const base = fieldId(path);
  const choices = options.choices
    .map((choice, index) => {
      const id = index === 0 ? base : `${base}-${index + 1}`;
      const checked = state.values[path] === choice.value ? ' checked' : '';
      const english = choice.en ? ` <span class="en" lang="en">${esc(choice.en)}</span>` : '';
      return `<div class="choice"><input type="radio" id="${esc(id)}" name="${esc(path)}" value="${esc(choice.value)}"${checked}${index === 0 ? ' required' : ''}><label for="${esc(id)}">${esc(choice.label)}${english}</label></div>`;
    })
    .join('\n');
  return `<fieldset class="${fieldClass(state, path)}"${describedBy(state, path, Boolean(options.hint))}>
<legend>${labelText(options.legend, true, options.en)}</legend>
${hintHtml(path, options.hint)}
${errorMessage(state, path)}
${choices}
</fieldset>`;
}

function centerSelect(state: FormState, directory: Directory): string {
  const path = 'centerId';
  const id = fieldId(path);
  const selected = state.values[path] ?? '';
  const options = directory.centers
    .map(
      (center) =>
        `<option value="${esc(center.id)}"${center.id === selected ? ' selected' : ''}>${esc(center.name)}</option>`,
    )
    .join('\n');
  return `<div class="${fieldClass(state, path)}">
<label for="${esc(id)}">${labelText('추천 센터', true, 'Nominating center')}</label>
${errorMessage(state, path)}
<select id="${esc(id)}" name="${esc(path)}" required${invalid(state, path)}${describedBy(state, path, false)}>
<option value=""${selected === '' ? ' selected' : ''}>센터를 선택해 주세요</option>
${options}
</select>
</div>`;
}

/** Errors of a whole group (e.g. `nominee`), shown at the top of its fieldset. */
function groupAttributes(state: FormState, path: string): string {
  return ` id="${esc(fieldId(path))}"${describedBy(state, path, false)}`;
}

function errorSummary(errors: FieldErrors): string {
  const known = new Set<string>(FORM_FIELDS);
  const keys = [
    ...Object.keys(errors).filter((key) => key === '_'),
    ...FORM_FIELDS.filter((key) => errors[key] !== undefined),
    ...Object.keys(errors).filter((key) => key !== '_' && !known.has(key)),
  ];
  const items = keys
    .filter((key) => errors[key] !== undefined && errors[key] !== '')
    .map((key) =>
      known.has(key)
        ? `<li><a href="#${esc(fieldId(key))}">${esc(errors[key])}</a></li>`
        : `<li>${esc(errors[key])}</li>`,
    );
  if (items.length === 0) return '';
  return `<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">입력 내용을 확인해 주세요 <span class="en" lang="en">(There is a problem)</span></h2>
<ul>
${items.join('\n')}
</ul>
</div>`;
}

function consentText(cycle: Cycle): string {
  return `<div class="consent-text" id="consent-hint">
<p>고용노동부는 올해의 고용서비스상 추천·심사를 위해 아래와 같이 개인정보를 수집·이용합니다.</p>
<ul>
<li>수집·이용 목적: 후보자 심사, 포상 결정 및 결과 안내</li>
<li>수집 항목: 후보자 성명·소속·직위·이메일·근무연수, 공적 내용, 포상경력, 징계 여부, 제출자 성명·이메일</li>
<li>보유·이용 기간: 접수일로부터 ${esc(Math.round(cycle.retentionDays / 365))}년 (기간이 지나면 자동으로 파기합니다)</li>
<li>동의를 거부할 수 있으나, 동의하지 않으면 추천을 접수할 수 없습니다.</li>
<li>주민등록번호는 수집하지 않습니다. 어떤 항목에도 입력하지 마세요.</li>
</ul>
</div>`;
}

/**
 * The same form put to another use (the edit link of a returned nomination, views/correction-pages.ts):
 * where it posts, what it carries besides the fields, and what stands in for the center select.
 */
export interface NominationFormTarget {
  readonly actionUrl: string;
  readonly heading: string;
  /** Escaped HTML above the form (e.g. the reviewer's reason). */
  readonly introHtml: string;
  readonly hiddenFields: Readonly<Record<string, string>>;
  /** Escaped HTML in place of the center select (the nominating center cannot change). */
  readonly centerHtml: string;
  /** Escaped HTML of extra fields before the button. */
  readonly extraHtml: string;
  readonly submitLabel: string;
}

export function renderNominationForm(model: {
  cycle: Cycle;
  directory: Directory;
  values?: Record<string, string>;
  errors?: FieldErrors;
  /** No cycle is open now: the form says so instead of taking nominations. */
  closed?: boolean;
  /** Another use of the form (a correction); absent: a new nomination, posted to /nominations. */
  target?: NominationFormTarget;
}): string {
  const { cycle, directory } = model;
  if (model.closed) {
    const body = `<h1>후보자 추천 <span class="en" lang="en">Nominations</span></h1>
<div class="panel panel-warn" role="status">
<p class="lead"><strong>지금은 추천을 받고 있지 않습니다.</strong></p>
<p>최근 포상: ${esc(cycle.title)} (접수 기간 ${esc(formatKst(cycle.submissionOpens))} ~ ${esc(formatKst(cycle.submissionDeadline))})</p>
<p>다음 포상 일정은 고용노동부 고용서비스정책과에서 안내합니다.</p>
</div>`;
    return layout('후보자 추천: 접수 기간이 아닙니다', body);
  }
  const state: FormState = { values: model.values ?? {}, errors: model.errors ?? {} };
  const hasErrors = Object.values(state.errors).some((message) => message !== undefined && message !== '');
  const consentChecked = state.values.consent === 'true' || state.values.consent === 'on';
  const categoryList = cycle.categories.map((category) => `<li>${esc(category.name)}</li>`).join('\n');

  const body = `${errorSummary(state.errors)}
${model.target ? `<h1>${esc(model.target.heading)}</h1>\n${model.target.introHtml}` : `<h1>${esc(cycle.title)} 후보자 추천서 <span class="en" lang="en">Nomination form</span></h1>`}
<section id="cycle" aria-labelledby="cycle-title"${describedBy(state, 'cycle', false)}>
<h2 id="cycle-title" class="visually-hidden">포상 개요</h2>
${errorMessage(state, 'cycle')}
<div class="panel panel-info">
<p>고용서비스 현장에서 국민에게 양질의 서비스를 제공한 센터·부서와 직원을 추천해 주세요. 장관 표창으로 포상합니다.</p>
<p><strong>포상 규모:</strong> 기관 ${esc(cycle.quotas.organization)}곳, 개인 ${esc(cycle.quotas.individual)}명</p>
<p><strong>포상 분야</strong></p>
<ol class="categories">
${categoryList}
</ol>
<p><strong>접수 마감:</strong> ${esc(formatKst(cycle.submissionDeadline))}</p>
<p class="hint">한 후보자는 한 회차에 한 번만(분야·센터와 관계없이) 추천할 수 있습니다.</p>
<p class="hint">제출 후 추천 센터장 심사(센터 심사) → 고용서비스정책과 심사(본부 심사) → 장관 승인 순으로 진행되며, 결과는 이메일로 안내합니다.</p>
</div>
</section>

<form method="post" action="${esc(model.target?.actionUrl ?? '/nominations')}" accept-charset="utf-8" novalidate>
<input type="hidden" name="cycle" value="${esc(cycle.year)}">
${Object.entries(model.target?.hiddenFields ?? {})
  .map(([name, value]) => `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`)
  .join('\n')}

<fieldset class="group">
<legend>1. 포상 분야</legend>
${radioGroup(state, {
  path: 'category',
  legend: '분야',
  en: 'Category',
  choices: cycle.categories.map((category) => ({
    value: category.id,
    label: category.name,
    en: category.nameEn,
  })),
})}
</fieldset>

<fieldset class="group"${groupAttributes(state, 'nominee')}>
<legend>2. 후보자 정보</legend>
${errorMessage(state, 'nominee')}
${radioGroup(state, {
  path: 'nomineeType',
  legend: '후보 유형',
  en: 'Nominee type',
  hint: `기관(센터·부서) ${cycle.quotas.organization}곳, 개인 ${cycle.quotas.individual}명을 포상합니다.`,
  choices: [
    { value: 'individual', label: NOMINEE_TYPE_LABELS.individual, en: 'Individual' },
    { value: 'organization', label: NOMINEE_TYPE_LABELS.organization, en: 'Organization' },
  ],
})}
${inputField(state, {
  path: 'nominee.name',
  label: '성명(기관명)',
  en: 'Name',
  type: 'text',
  required: true,
  hint: '기관 후보는 센터·부서 이름을 적어 주세요.',
})}
${inputField(state, {
  path: 'nominee.affiliation',
  label: '소속',
  en: 'Affiliation',
  type: 'text',
  required: true,
  autocomplete: 'organization',
})}
${inputField(state, {
  path: 'nominee.position',
  label: '직위',
  en: 'Position',
  type: 'text',
  hint: '개인 후보는 필수입니다.',
  autocomplete: 'organization-title',
})}
${inputField(state, {
  path: 'nominee.email',
  label: '이메일',
  en: 'E-mail',
  type: 'email',
  hint: '개인 후보는 필수입니다. 수상 안내를 받을 주소입니다.',
  attributes: { spellcheck: 'false' },
})}
${inputField(state, {
  path: 'nominee.serviceYears',
  label: '근무연수(년)',
  en: 'Years of service',
  type: 'number',
  hint: `개인 후보는 필수이며 ${cycle.minServiceYears}년 이상이어야 합니다. 숫자만 입력해 주세요.`,
  attributes: { min: '0', max: '60', step: '1', inputmode: 'numeric' },
})}
</fieldset>

<fieldset class="group">
<legend>3. 공적 내용</legend>
<fieldset class="${fieldClass(state, 'meritPeriod')}"${groupAttributes(state, 'meritPeriod')}>
<legend>${labelText('공적기간', true, 'Merit period')}</legend>
${errorMessage(state, 'meritPeriod')}
${inputField(state, {
  path: 'meritPeriod.from',
  label: '시작',
  type: 'month',
  required: true,
  hint: 'YYYY-MM 형식 (예: 2023-01)',
  attributes: { pattern: '\\d{4}-\\d{2}', placeholder: 'YYYY-MM' },
})}
${inputField(state, {
  path: 'meritPeriod.to',
  label: '종료',
  type: 'month',
  required: true,
  hint: 'YYYY-MM 형식 (예: 2023-12)',
  attributes: { pattern: '\\d{4}-\\d{2}', placeholder: 'YYYY-MM' },
})}
</fieldset>
${textareaField(state, {
  path: 'meritSummary',
  label: '공적요지',
  en: 'Summary of merit',
  required: true,
  hint: '핵심 공적을 1,000자 이내로 적어 주세요. 심사 요청 메일에 그대로 실립니다.',
  rows: 6,
})}
${textareaField(state, {
  path: 'meritDetails',
  label: '세부공적',
  en: 'Details',
  hint: '추진 배경, 주요 내용, 성과(수치) 순으로 적어 주세요. 20,000자 이내.',
  rows: 12,
})}
${textareaField(state, {
  path: 'priorAwards',
  label: '포상경력',
  en: 'Prior awards',
  hint: '받은 포상의 연도·종류·수여기관을 적어 주세요. 없으면 비워 두거나 "-"를 적어 주세요.',
  rows: 3,
})}
${radioGroup(state, {
  path: 'disciplinaryHistory',
  legend: '징계 여부',
  en: 'Disciplinary history',
  hint: '징계 처분 이력이 있는 공무원은 정부포상 추천 대상에서 제외됩니다.',
  choices: [
    { value: 'false', label: '무 (없음)' },
    { value: 'true', label: '유 (있음)' },
  ],
})}
</fieldset>

<fieldset class="group"${groupAttributes(state, 'submitter')}>
<legend>4. 추천 센터 및 제출자</legend>
${errorMessage(state, 'submitter')}
${model.target ? model.target.centerHtml : centerSelect(state, directory)}
${inputField(state, {
  path: 'submitter.name',
  label: '제출자 성명',
  en: 'Your name',
  type: 'text',
  required: true,
  autocomplete: 'name',
})}
${inputField(state, {
  path: 'submitter.email',
  label: '제출자 이메일',
  en: 'Your e-mail',
  type: 'email',
  required: true,
  hint: '제출 후 센터가 등록한 추천 담당 메일 주소로 확인 메일이 갑니다. 그 메일에서 확정해야 접수됩니다.',
  autocomplete: 'email',
  attributes: { spellcheck: 'false' },
})}
</fieldset>

<fieldset class="group ${fieldClass(state, 'consent')}">
<legend>5. 개인정보 수집·이용 동의 <span class="req">(필수)</span></legend>
${consentText(cycle)}
${errorMessage(state, 'consent')}
<div class="choice"><input type="checkbox" id="consent" name="consent" value="true"${consentChecked ? ' checked' : ''} required${invalid(state, 'consent')}${describedBy(state, 'consent', true)}><label for="consent">위 내용에 동의하며, 후보자 본인의 동의를 받았습니다.</label></div>
</fieldset>
${model.target?.extraHtml ?? ''}
<div class="buttons">
<button type="submit" class="button">${esc(model.target?.submitLabel ?? '추천서 제출')}</button>
</div>
</form>`;
  return layout(hasErrors ? `오류: ${cycle.title} 후보자 추천서` : `${cycle.title} 후보자 추천서`, body);
}

/* ------------------------------------------------------------------ after submission */

function nominationSummary(nomination: Nomination, cycle: Cycle): string {
  return summaryList([
    ['추천번호', nomination.id],
    ['포상', cycle.title],
    ['분야', categoryName(cycle, nomination.category)],
    ['후보 유형', NOMINEE_TYPE_LABELS[nomination.nomineeType]],
    ['후보자', nomination.nominee.name],
    ['소속', nomination.nominee.affiliation],
    ['추천 센터', nomination.centerName ?? nomination.centerId],
    ['접수일시', formatKst(nomination.createdAt)],
    ['현재 단계', STAGE_LABELS[nomination.stage]],
  ]);
}

export function renderSubmitted(model: {
  nomination: Nomination;
  cycle: Cycle;
  statusUrl: string;
  /** Shown first, e.g. that this confirmation had been made before. */
  notice?: string;
}): string {
  const { nomination, cycle, statusUrl, notice } = model;
  const heading = '접수 완료';
  const body = `<div class="panel panel-ok" role="status">
<h1>${esc(heading)} <span class="en" lang="en">Nomination received</span></h1>
${notice ? `<p>${esc(notice)}</p>` : ''}
<p class="lead">${esc(`${nomination.nominee.name} 후보자에 대한 추천서가 접수되었습니다.`)}</p>
<p>추천번호: <strong>${esc(nomination.id)}</strong></p>
</div>
${nominationSummary(nomination, cycle)}
<h2>다음 단계</h2>
<p>추천 센터의 센터장에게 심사 요청 메일이 발송됩니다 (<strong>센터 심사</strong>). 이후 본부 심사(고용서비스정책과)와 장관 승인을 거쳐 결과를 이메일로 안내합니다.</p>
<h2>진행 상황 확인</h2>
<p><a class="button" href="${esc(statusUrl)}">진행 상황 보기</a></p>
<p class="hint">진행 상황 페이지 주소: <a href="${esc(statusUrl)}">${esc(statusUrl)}</a><br>같은 주소를 센터의 등록된 추천 담당 메일로도 보내 드립니다(접수 확인 메일). 이 주소를 아는 사람은 누구나 진행 상황을 볼 수 있으니 보관에 유의해 주세요.</p>`;
  return layout(heading, body);
}

/**
 * A repeated submission. It reveals nothing of the stored nomination: who knows a nominee's name
 * and e-mail must not get its status link. The nominator has it in the receipt mail.
 */
export function renderAlreadySubmitted(): string {
  const heading = '이미 접수된 추천입니다';
  const body = `<div class="panel panel-info" role="status">
<h1>${esc(heading)} <span class="en" lang="en">Already submitted</span></h1>
<p class="lead">같은 센터가 같은 분야에 같은 후보자를 추천한 내용이 이미 접수되어 있어, 새로 접수하지 않았습니다.</p>
<p>진행 상황은 처음 접수할 때 센터의 등록된 추천 담당 메일로 보내 드린 <strong>접수 확인</strong> 메일의 링크에서 확인해 주세요. 내용을 고쳐야 하면 추천 센터를 통해 고용서비스정책과에 문의해 주세요.</p>
</div>`;
  return layout(heading, body);
}

/* ------------------------------------------------------------------ status page */

const MAIN_STEPS: readonly Stage[] = [
  'submitted',
  'center_review',
  'hq_review',
  'minister_approval',
  'awarded',
];

/** The review stage at which a rejected or returned nomination stopped, from its history. */
function stoppedAt(nomination: Nomination, history: readonly AuditEvent[]): Stage {
  const decision: Decision = nomination.stage === 'rejected' ? 'reject' : 'return';
  for (let index = history.length - 1; index >= 0; index--) {
    const event = history[index];
    if (event?.type === 'decided' && event.decision === decision) return event.stage;
    if (event?.type === 'stage_changed' && event.to === nomination.stage) return event.from;
  }
  return 'center_review';
}

function stepper(nomination: Nomination, history: readonly AuditEvent[]): string {
  const stage = nomination.stage;
  const stopped = stage === 'rejected' || stage === 'returned' || stage === 'correction_requested';
  const items: string[] = [];
  if (stopped) {
    const last = Math.max(MAIN_STEPS.indexOf(stoppedAt(nomination, history)), 0);
    for (const step of MAIN_STEPS.slice(0, last + 1)) {
      items.push(
        `<li class="done"><span class="visually-hidden">완료: </span>${esc(STAGE_LABELS[step])}</li>`,
      );
    }
    items.push(
      `<li class="stopped" aria-current="step"><span class="visually-hidden">현재 단계: </span>${esc(STAGE_LABELS[stage])}</li>`,
    );
  } else {
    const current = MAIN_STEPS.indexOf(stage);
    MAIN_STEPS.forEach((step, index) => {
      if (index < current) {
        items.push(
          `<li class="done"><span class="visually-hidden">완료: </span>${esc(STAGE_LABELS[step])}</li>`,
        );
      } else if (index === current) {
        items.push(
          `<li class="current" aria-current="step"><span class="visually-hidden">현재 단계: </span>${esc(STAGE_LABELS[step])}</li>`,
        );
      } else {
        items.push(`<li><span class="visually-hidden">예정: </span>${esc(STAGE_LABELS[step])}</li>`);
      }
    });
  }
  return `<ol class="stepper" aria-label="진행 단계">\n${items.join('\n')}\n</ol>`;
}

function outcomeNotice(nomination: Nomination): string {
  switch (nomination.stage) {
    case 'awarded':
      return '<div class="panel panel-ok"><p><strong>수상이 확정되었습니다.</strong> 수상자에게 축하 메일을 보냈습니다.</p></div>';
    case 'rejected':
      return '<div class="panel panel-warn"><p><strong>선정되지 않았습니다(반려).</strong> 사유는 아래 처리 이력과 안내 메일을 확인해 주세요.</p></div>';
    case 'correction_requested':
      return '<div class="panel panel-warn"><p><strong>보완 요청을 받았습니다.</strong> 센터가 등록한 추천 담당 메일 주소로 수정 링크를 보냈습니다. 링크에서 추천서를 고쳐 제출하면 같은 추천번호로 보완을 요청한 심사 단계로 돌아갑니다.</p></div>';
    case 'returned':
      return '<div class="panel panel-warn"><p><strong>보완 요청으로 반송되었습니다.</strong> 아래 처리 이력의 의견을 참고해 내용을 보완한 뒤 <a href="/">추천서를 다시 제출</a>해 주세요.</p></div>';
    default:
      return '';
  }
}

export function renderStatus(model: {
  nomination: Nomination;
  history: readonly AuditEvent[];
  cycle: Cycle;
}): string {
  const { nomination, history, cycle } = model;
  const attention = nomination.needsAttention
    ? `<div class="panel panel-warn" role="status">
<p><strong>처리가 지연되고 있습니다.</strong> 시스템 처리 중 문제가 있어 담당자가 확인하고 있습니다. 따로 조치하실 필요는 없습니다.</p>
<p class="hint">확인 시작: ${esc(formatKst(nomination.needsAttention.at))}</p>
</div>`
    : '';
  const body = `<h1>추천 진행 상황 <span class="en" lang="en">Nomination status</span></h1>
${attention}
<p class="lead">현재 단계: <strong>${esc(STAGE_LABELS[nomination.stage])}</strong></p>
${stepper(nomination, history)}
${outcomeNotice(nomination)}
${roundsSection(history, maxCorrectionRoundsOf(cycle))}
<h2>추천 내용</h2>
${nominationSummary(nomination, cycle)}
<p class="hint">최근 변경: ${esc(formatKst(nomination.updatedAt))}</p>
<h2>처리 이력</h2>
${historyTable(history)}`;
  return layout(`추천 진행 상황: ${nomination.nominee.name}`, body);
}

/* ------------------------------------------------------------------ approval page */

/** What a center wrote, row by row (a draft has no number or stage yet). */
function inputRows(
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

function attachmentList(nomination: Nomination): string {
  const files = nomination.attachments ?? [];
  if (files.length === 0) return '';
  const items = files
    .map((file) => `<li>${esc(file.filename)} <span class="hint">(${esc(formatSize(file.size))})</span></li>`)
    .join('\n');
  return `<h3>첨부 파일 <span class="en" lang="en">Attachments</span></h3>\n<ul class="attachments">\n${items}\n</ul>`;
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function nominationDetails(nomination: Nomination, cycle: Cycle): string {
  return `${summaryList([
    ['추천번호', nomination.id],
    ...inputRows(nomination, cycle),
    ['추천 센터', nomination.centerName ?? nomination.centerId],
    ['접수 경로', nomination.source?.channel === 'email' ? '이메일' : '웹 양식'],
    ['접수일시', formatKst(nomination.createdAt)],
    ['현재 단계', STAGE_LABELS[nomination.stage]],
  ])}\n${attachmentList(nomination)}`;
}

/* ------------------------------------------------------------------ drafts (web submissions awaiting the center) */

/** What the submission routes say, on pages and in JSON answers alike. */
export const SUBMISSION_MESSAGES = {
  draftSent:
    '센터의 등록된 추천 담당 메일 주소로 확인 메일을 보냈습니다. 메일의 링크에서 확정해야 접수됩니다.',
  draftPending:
    '같은 후보자에 대한 추천서가 이미 센터 확인을 기다리고 있습니다. 앞서 보낸 확인 메일의 링크로 확정해 주세요.',
  alreadySubmitted:
    '이미 접수된 추천입니다. 진행 상황은 처음 접수 때 센터의 등록된 추천 담당 메일로 보내 드린 접수 확인 메일의 링크에서 확인해 주세요.',
} as const;

/** After POST /nominations: the draft waits for the center's registered address. */
export function renderDraftSent(model: {
  centerName: string;
  expiresAt: string;
  alreadyPending: boolean;
}): string {
  const heading = '센터 확인 대기';
  const lead = model.alreadyPending
    ? SUBMISSION_MESSAGES.draftPending
    : `${model.centerName}의 등록된 추천 담당 메일 주소로 확인 메일을 보냈습니다.`;
  const body = `<div class="panel panel-info" role="status">
<h1>${esc(heading)} <span class="en" lang="en">Waiting for the center's confirmation</span></h1>
<p class="lead">${esc(lead)}</p>
<p>메일의 링크를 열어 내용을 확인하고 <strong>추천 확정</strong>을 눌러야 접수됩니다. 확정 기한: <strong>${esc(formatKst(model.expiresAt))}</strong></p>
</div>
<p class="hint">추천은 센터가 등록한 메일 주소에서 확정한 경우에만 접수됩니다(제출자 이메일로 입력한 주소와 관계없음). 메일이 오지 않으면 센터의 추천 담당자에게 문의해 주세요.</p>`;
  return layout(heading, body);
}

/** GET of the confirmation link: the draft and the confirm button; reading changes nothing. */
export function renderDraft(model: {
  draft: Draft;
  cycle: Cycle;
  centerName: string;
  actionUrl: string;
  closedMessage?: string;
}): string {
  const { draft, cycle, centerName, actionUrl, closedMessage } = model;
  const heading = '추천서 확정';
  const action =
    closedMessage === undefined
      ? `<form method="post" action="${esc(actionUrl)}" accept-charset="utf-8">
<div class="buttons"><button type="submit" class="button">추천 확정</button></div>
</form>
<p class="hint">확정하면 센터 심사부터 차례로 진행됩니다. 내용이 다르면 확정하지 말고 양식에서 다시 작성해 주세요(이 링크는 ${esc(formatKst(draft.expiresAt))}에 만료됩니다).</p>`
      : `<div class="panel panel-warn" role="status"><p><strong>${esc(closedMessage)}</strong></p></div>`;
  const body = `<h1>${esc(heading)} <span class="en" lang="en">Confirm the nomination</span></h1>
<p class="lead">${esc(centerName)} 명의로 작성된 추천서입니다. 이 확인 링크는 센터가 등록한 추천 담당 메일 주소로만 발송되었습니다.</p>
<p class="hint">이 페이지를 여는 것만으로는 아무것도 접수되지 않습니다.</p>
${summaryList(inputRows(draft.input, cycle))}
${action}`;
  return layout(`${heading}: ${draft.input.nominee.name}`, body);
}

/** After the confirm POST: the nomination started (or the nominee was already nominated). */
export function renderDraftConfirmed(model: {
  outcome: 'created' | 'duplicate';
  nomination?: Nomination;
  cycle: Cycle;
  statusUrl?: string;
  alreadyConfirmed: boolean;
}): string {
  if (model.outcome === 'duplicate' || !model.nomination || !model.statusUrl) return renderAlreadySubmitted();
  return renderSubmitted({
    nomination: model.nomination,
    cycle: model.cycle,
    statusUrl: model.statusUrl,
    ...(model.alreadyConfirmed ? { notice: '이미 확정된 추천서입니다. 다시 접수하지 않았습니다.' } : {}),
  });
}

/** The name of the decision form's anti-forgery field (see pageToken in functions/adapters/http.ts). */
export const FORM_TOKEN_FIELD = 'formToken';

/** What the approval page's token is for: a batch page's token, made from its own link, says another. */
export const DECISION_TOKEN_PURPOSE = 'approval-decision';

/** The decision form; after a refused decision it shows why and keeps what the approver wrote. */
function decisionForm(
  actionUrl: string,
  formToken: string | undefined,
  refused?: { errors: FieldErrors; comment?: string },
): string {
  const messages = Object.values(refused?.errors ?? {}).filter((message) => message !== '');
  const alert = messages.length
    ? `<div class="error-summary" role="alert" tabindex="-1">
<h2>결정을 접수하지 못했습니다 <span class="en" lang="en">(Not recorded)</span></h2>
<ul>
${messages.map((message) => `<li><a href="#comment">${esc(message)}</a></li>`).join('\n')}
</ul>
</div>`
    : '';
  const invalid = refused?.errors.comment ? ' aria-invalid="true"' : '';
  return `${alert}<form method="post" action="${esc(actionUrl)}" accept-charset="utf-8">
${formToken === undefined ? '' : `<input type="hidden" name="${FORM_TOKEN_FIELD}" value="${esc(formToken)}">\n`}<div class="field">
<label for="comment">의견 <span class="en" lang="en">Comment</span></label>
<span class="hint" id="comment-hint">반려 또는 보완 요청 시에는 사유를 꼭 적어 주세요. 추천 센터에 그대로 전달됩니다 (${MAX_COMMENT.toLocaleString('en-US')}자 이내).</span>
<textarea id="comment" name="comment" rows="5" maxlength="${MAX_COMMENT}" aria-describedby="comment-hint"${invalid}>${esc(refused?.comment ?? '')}</textarea>
</div>
<div class="buttons">
<button type="submit" name="decision" value="approve" class="button">승인</button>
<button type="submit" name="decision" value="reject" class="button button-danger">반려</button>
<button type="submit" name="decision" value="return" class="button button-secondary">보완 요청</button>
</div>
</form>`;
}

/** The cycle's award quota usage, as guidance for HQ and the minister; this nomination's lines marked. */
function quotaSection(quota: readonly QuotaUsage[], nomination: Nomination): string {
  if (quota.length === 0) return '';
  const items = quota
    .map((usage) => {
      const applies =
        usage.nomineeType === nomination.nomineeType &&
        (usage.categoryId === undefined || usage.categoryId === nomination.category);
      const line = esc(quotaUsageLine(usage));
      return applies ? `<li><strong>${line}</strong> · 이 추천서 해당</li>` : `<li>${line}</li>`;
    })
    .join('\n');
  return `<h2>수상 한도 현황 <span class="en" lang="en">Award quota usage</span></h2>
<ul class="quota">
${items}
</ul>
<p class="hint">참고용입니다. 장관 승인으로 수상이 확정될 때 한도를 넘는 승인은 처리되지 않습니다.</p>`;
}

/** The approval page of a link that can decide: the file, its history and the decision form. */
export function renderApproval(model: {
  request: ApprovalRequest;
  nomination: Nomination;
  history: readonly AuditEvent[];
  cycle: Cycle;
  actionUrl: string;
  /**
   * The page's anti-forgery token, posted back with the decision. Without it the form is rendered
   * without the field, and its posts are refused (the web function always gives one).
   */
  formToken?: string;
  /** The cycle's award quota usage (HQ and the minister). */
  quota?: readonly QuotaUsage[];
  /** A decision that was refused (e.g. a rejection without a reason): shown above the form. */
  refused?: { errors: FieldErrors; comment?: string };
  /** The delegation form (after the decision form), where the holder may hand the decision on. */
  delegation?: Omit<Parameters<typeof delegationSection>[0], 'tokenField'>;
}): string {
  const { request, nomination, history, cycle, actionUrl, formToken, quota, refused, delegation } = model;
  const stageLabel = STAGE_LABELS[request.stage];
  const body = `<h1>${esc(stageLabel)} 요청 <span class="en" lang="en">Approval request</span></h1>
<p class="lead">${esc(request.approver.name)} 님께 ${esc(cycle.title)} 추천서의 <strong>${esc(stageLabel)}</strong> 결정을 요청드립니다.</p>
<div class="panel panel-info">
<p>후보자: <strong>${esc(nomineeLabel(nomination))}</strong> (${esc(nomination.nominee.affiliation)})</p>
<p>처리 기한: <strong>${esc(formatKst(request.dueAt ?? request.expiresAt))}</strong></p>
<p class="hint">이 페이지를 여는 것만으로는 아무것도 결정되지 않습니다. 이 링크는 ${esc(request.approver.name)} 님 전용이니 다른 사람에게 전달하지 마세요.</p>
</div>
${changesSection(nomination, cycle)}
<h2>추천 내용</h2>
${nominationDetails(nomination, cycle)}
<h2>처리 이력</h2>
${historyTable(history)}
${quota ? quotaSection(quota, nomination) : ''}
<h2>결정하기</h2>
<p>아래 버튼 중 하나를 눌러야 결정이 접수됩니다. 결정은 한 번만 할 수 있습니다.</p>
${decisionForm(actionUrl, formToken, refused)}
${delegation ? delegationSection({ ...delegation, tokenField: FORM_TOKEN_FIELD }) : ''}`;
  return layout(`${stageLabel} 요청: ${nomination.nominee.name}`, body);
}

/** The decision on record, in a sentence or two (only a decision that counted is on record). */
function recordedDecision(request: ClosedApprovalSummary): string {
  if (!request.decision) return '';
  const when = request.decidedAt ? ` (${esc(formatKst(request.decidedAt))})` : '';
  const comment = request.comment ? `\n<p>의견: ${esc(request.comment)}</p>` : '';
  return `<p>결정: <strong>${esc(DECISION_LABELS[request.decision])}</strong>${when}</p>${comment}`;
}

/**
 * A link that can no longer decide (used, expired, superseded, void): the notice and the decision on
 * record, nothing of the nomination file. Links stay in mailboxes and get forwarded long after use.
 */
export function renderApprovalClosed(model: {
  request: ClosedApprovalSummary;
  closedMessage: string;
}): string {
  const { request, closedMessage } = model;
  const stageLabel = STAGE_LABELS[request.stage];
  const body = `<h1>${esc(stageLabel)} 요청 <span class="en" lang="en">Approval request</span></h1>
<div class="panel panel-warn" role="status">
<p><strong>${esc(closedMessage)}</strong></p>
${request.delegatedToName ? `<p>위임받은 분: <strong>${esc(request.delegatedToName)}</strong></p>` : ''}
${recordedDecision(request)}
</div>
<p class="hint">사용이 끝난 링크에서는 추천서 내용을 보여 드리지 않습니다. 문의는 담당 부서(고용서비스정책과)로 해 주세요.</p>`;
  return layout(`${stageLabel} 요청: 사용할 수 없는 링크`, body);
}

/* ------------------------------------------------------------------ after a decision */

/** What the workflow does next after a decision at a stage (plain text). */
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

export function renderDecided(model: {
  nomination: Nomination;
  stage: ReviewStage;
  decision: Decision;
  comment?: string;
  decidedAt: string;
  alreadyDecided: boolean;
}): string {
  const { nomination, stage, decision, comment, decidedAt, alreadyDecided } = model;
  const decisionLabel = DECISION_LABELS[decision];
  const heading = alreadyDecided ? '이미 처리된 결정입니다' : `결정이 접수되었습니다: ${decisionLabel}`;
  const intro = alreadyDecided
    ? `이 링크의 결정은 이미 ${formatKst(decidedAt)}에 ‘${decisionLabel}’${euro(decisionLabel)} 처리되었습니다. 결정은 한 번만 할 수 있으며, 기록된 결정은 다음과 같습니다.`
    : `${STAGE_LABELS[stage]} 결정이 ‘${decisionLabel}’${euro(decisionLabel)} 접수되었습니다.`;
  const body = `<div class="panel ${alreadyDecided ? 'panel-info' : 'panel-ok'}" role="status">
<h1>${esc(heading)}</h1>
<p class="lead">${esc(intro)}</p>
</div>
${summaryList([
  // A used link shows the decision on record, not the file: only a fresh decision names the nominee.
  ...(alreadyDecided
    ? []
    : ([
        ['추천번호', nomination.id],
        ['후보자', nomineeLabel(nomination)],
        ['소속', nomination.nominee.affiliation],
      ] as const)),
  ['심사 단계', STAGE_LABELS[stage]],
  ['결정', decisionLabel],
  ['의견', comment],
  ['결정일시', formatKst(decidedAt)],
])}
<h2>다음 단계</h2>
<p>${esc(nextStepText(stage, decision))}</p>
<p class="hint">이 창은 닫으셔도 됩니다.</p>`;
  return layout(heading, body);
}

/* ------------------------------------------------------------------ errors */

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
 * Every JSON answer of the web function is built here, field by field: a field added to a stored
 * record stays internal until it is added to one of these. Never spread a stored record into an
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
function inputAnswer(input: NominationInput) {
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

/** GET /nominations/{id} as JSON. */
export function statusAnswer(nomination: Nomination, history: readonly AuditEvent[]) {
  return {
    id: nomination.id,
    status: nomination.stage,
    nomination: nominationAnswer(nomination),
    history: historyAnswer(history),
    // The 보완요청 rounds (round, stage, reason, when corrected, which fields).
    ...(correctionRounds(history).length > 0 ? { corrections: roundsAnswer(history) } : {}),
  };
}

function quotaAnswer(usage: QuotaUsage) {
  return {
    nomineeType: usage.nomineeType,
    ...(usage.categoryId !== undefined ? { categoryId: usage.categoryId } : {}),
    ...(usage.categoryName !== undefined ? { categoryName: usage.categoryName } : {}),
    limit: usage.limit,
    awarded: usage.awarded,
    remaining: usage.remaining,
  };
}

/**
 * GET /approvals/{approvalId} as JSON: the request (stage, status, deadline, the approver's role;
 * never the task token, link nonce, hash or the approver's address), and while the link can
 * decide, the file and its history; once it cannot, only the notice and the decision on record.
 */
export function approvalAnswer(view: ApprovalView) {
  if (!view.open) {
    const { request } = view;
    return {
      request: {
        stage: request.stage,
        status: request.status,
        expiresAt: request.expiresAt,
        approverRole: ROLE_LABELS[STAGE_ROLES[request.stage]],
        ...(request.decision ? { decision: request.decision } : {}),
        ...(request.decidedAt ? { decidedAt: request.decidedAt } : {}),
        ...(request.comment ? { comment: request.comment } : {}),
      },
      closed: view.closedMessage,
    };
  }
  const { request, nomination, history, quota } = view;
  return {
    request: {
      stage: request.stage,
      status: 'open' as const,
      expiresAt: request.expiresAt,
      ...(request.dueAt !== undefined ? { dueAt: request.dueAt } : {}),
      approverRole: ROLE_LABELS[STAGE_ROLES[request.stage]],
    },
    nomination: nominationAnswer(nomination),
    history: historyAnswer(history),
    ...(quota ? { quota: quota.map(quotaAnswer) } : {}),
    // What the center changed on each return, field by field, with the previous values.
    ...(nomination.revisions?.length ? { revisions: revisionsAnswer(nomination) } : {}),
  };
}

/**
 * POST /approvals/{approvalId} as JSON. The nomination id (the key of the nominator's status page)
 * only with a fresh decision: a used link, posted again, tells nothing of the file.
 */
export function decisionAnswer(result: {
  nomination: Pick<Nomination, 'id'>;
  stage: ReviewStage;
  decision: Decision;
  decidedAt: string;
  alreadyDecided: boolean;
}) {
  return {
    ...(result.alreadyDecided ? {} : { nominationId: result.nomination.id }),
    stage: result.stage,
    decision: result.decision,
    decidedAt: result.decidedAt,
    alreadyDecided: result.alreadyDecided,
  };
}

/** GET /drafts/{draftId} as JSON: what the center is asked to confirm. */
export function draftAnswer(draft: Draft, closedMessage: string | undefined) {
  return {
    draft: { ...inputAnswer(draft.input), expiresAt: draft.expiresAt, status: draft.status },
    ...(closedMessage !== undefined ? { closed: closedMessage } : {}),
  };
}
