import type { Cycle, Directory } from '../../domain/cycle';
import type { FieldErrors } from '../../domain/errors';
import { formatKst, NOMINEE_TYPE_LABELS } from '../common';
import {
  centerSelect,
  describedBy,
  errorMessage,
  type FormState,
  fieldClass,
  fieldId,
  groupAttributes,
  inputField,
  invalid,
  labelText,
  radioGroup,
  textareaField,
} from '../components/form-fields';
import { FORM_STYLE } from '../components/form-style';
import { layout } from '../components/layout';
import { html, join, renderDocument, type SafeHtml } from '../html';
import { type FieldMessages, fieldMessages, nominationMessage } from '../messages';

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

function errorSummary(errors: FieldMessages): SafeHtml | undefined {
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
        ? html`<li><a href="#${fieldId(key)}">${errors[key]}</a></li>`
        : html`<li>${errors[key]}</li>`,
    );
  if (items.length === 0) return undefined;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">입력 내용을 확인해 주세요 <span class="en" lang="en">(There is a problem)</span></h2>
<ul>
${join(items, '\n')}
</ul>
</div>`;
}

function consentText(cycle: Cycle): SafeHtml {
  return html`<div class="consent-text" id="consent-hint">
<p>고용노동부는 올해의 고용서비스상 추천·심사를 위해 아래와 같이 개인정보를 수집·이용합니다.</p>
<ul>
<li>수집·이용 목적: 후보자 심사, 포상 결정 및 결과 안내</li>
<li>수집 항목: 후보자 성명·소속·직위·이메일·근무연수, 공적 내용, 포상경력, 징계 여부, 제출자 성명·이메일</li>
<li>보유·이용 기간: 접수일로부터 ${Math.round(cycle.retentionDays / 365)}년 (기간이 지나면 자동으로 파기합니다)</li>
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
  /** Markup above the form (e.g. the reviewer's reason). */
  readonly intro: SafeHtml;
  readonly hiddenFields: Readonly<Record<string, string>>;
  /** Markup in place of the center select (the nominating center cannot change). */
  readonly center: SafeHtml;
  /** Extra fields before the button. */
  readonly extra: SafeHtml;
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
    const body = html`<h1>후보자 추천 <span class="en" lang="en">Nominations</span></h1>
<div class="panel panel-warn" role="status">
<p class="lead"><strong>지금은 추천을 받고 있지 않습니다.</strong></p>
<p>최근 포상: ${cycle.title} (접수 기간 ${formatKst(cycle.submissionOpens)} ~ ${formatKst(cycle.submissionDeadline)})</p>
<p>다음 포상 일정은 고용노동부 고용서비스정책과에서 안내합니다.</p>
</div>`;
    return renderDocument(layout('후보자 추천: 접수 기간이 아닙니다', body));
  }
  const state: FormState = {
    values: model.values ?? {},
    errors: fieldMessages(model.errors, nominationMessage),
  };
  const hasErrors = Object.values(state.errors).some((message) => message !== undefined && message !== '');
  const consentChecked = state.values.consent === 'true' || state.values.consent === 'on';
  const categoryList = join(
    cycle.categories.map((category) => html`<li>${category.name}</li>`),
    '\n',
  );

  const body = html`${errorSummary(state.errors)}
${model.target ? html`<h1>${model.target.heading}</h1>\n${model.target.intro}` : html`<h1>${cycle.title} 후보자 추천서 <span class="en" lang="en">Nomination form</span></h1>`}
<section id="cycle" aria-labelledby="cycle-title"${describedBy(state, 'cycle', false)}>
<h2 id="cycle-title" class="visually-hidden">포상 개요</h2>
${errorMessage(state, 'cycle')}
<div class="panel panel-info">
<p>고용서비스 현장에서 국민에게 양질의 서비스를 제공한 센터·부서와 직원을 추천해 주세요. 장관 표창으로 포상합니다.</p>
<p><strong>포상 규모:</strong> 기관 ${cycle.quotas.organization}곳, 개인 ${cycle.quotas.individual}명</p>
<p><strong>포상 분야</strong></p>
<ol class="categories">
${categoryList}
</ol>
<p><strong>접수 마감:</strong> ${formatKst(cycle.submissionDeadline)}</p>
<p class="hint">한 후보자는 한 회차에 한 번만(분야·센터와 관계없이) 추천할 수 있습니다.</p>
<p class="hint">제출 후 추천 센터장 심사(센터 심사) → 고용서비스정책과 심사(본부 심사) → 장관 승인 순으로 진행되며, 결과는 이메일로 안내합니다.</p>
</div>
</section>

<form method="post" action="${model.target?.actionUrl ?? '/nominations'}" accept-charset="utf-8" novalidate>
<input type="hidden" name="cycle" value="${cycle.year}">
${join(
  Object.entries(model.target?.hiddenFields ?? {}).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  ),
  '\n',
)}

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
${model.target ? model.target.center : centerSelect(state, directory)}
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
<div class="choice"><input type="checkbox" id="consent" name="consent" value="true"${consentChecked && html` checked`} required${invalid(state, 'consent')}${describedBy(state, 'consent', true)}><label for="consent">위 내용에 동의하며, 후보자 본인의 동의를 받았습니다.</label></div>
</fieldset>
${model.target?.extra}
<div class="buttons">
<button type="submit" class="button">${model.target?.submitLabel ?? '추천서 제출'}</button>
</div>
</form>`;
  return renderDocument(
    layout(
      hasErrors ? `오류: ${cycle.title} 후보자 추천서` : `${cycle.title} 후보자 추천서`,
      body,
      FORM_STYLE,
    ),
  );
}
