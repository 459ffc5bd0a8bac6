import { maxCorrectionRoundsOf } from '../domain/correction';
import type { Cycle, Directory } from '../domain/cycle';
import type { Draft } from '../domain/draft';
import type { FieldErrors } from '../domain/errors';
import { FIELD_LIMITS } from '../domain/fields';
import type { AuditEvent, Nomination } from '../domain/nomination';
import { type Decision, STAGE_LABELS, type Stage } from '../domain/stages';
import {
  categoryName,
  esc,
  formatKst,
  historyAnswer,
  historyTable,
  inputAnswer,
  inputRows,
  layout,
  NOMINEE_TYPE_LABELS,
  nominationAnswer,
  summaryList,
} from './common';
import { correctionRounds, roundsAnswer, roundsSection } from './correction-parts';

/*
 * The pages of the nominating centers (the `web` function): the nomination form, what follows a
 * submission, the draft confirmation and the status page. The approvers' pages are in
 * approval-pages.ts and review-pages.ts (the `review` function); pieces both use are in common.ts.
 */

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

/* ------------------------------------------------------------------ JSON answers (allow-lists, see views/common.ts) */

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
/** GET /drafts/{draftId} as JSON: what the center is asked to confirm. */
export function draftAnswer(draft: Draft, closedMessage: string | undefined) {
  return {
    draft: { ...inputAnswer(draft.input), expiresAt: draft.expiresAt, status: draft.status },
    ...(closedMessage !== undefined ? { closed: closedMessage } : {}),
  };
}
