import type { Person } from '../domain/cycle';
import type { FieldErrors } from '../domain/errors';
import { type ReviewStage, STAGE_LABELS } from '../domain/stages';
import { esc, formatKst, layout } from './common';

/** The anti-forgery purpose of the delegation form (its token differs from the decision form's). */
export const DELEGATION_TOKEN_PURPOSE = 'approval-delegation';

/**
 * "Hand this decision to a colleague": a second form on the approval page, after the decision
 * form, listing the registered people of the same organisation.
 */
export function delegationSection(model: {
  actionUrl: string;
  tokenField: string;
  formToken: string;
  delegates: readonly Person[];
  errors?: FieldErrors;
}): string {
  if (model.delegates.length === 0) return '';
  const error = model.errors?.delegate;
  const options = model.delegates
    .map(
      (person) => `<option value="${esc(person.email)}">${esc(person.name)} (${esc(person.email)})</option>`,
    )
    .join('\n');
  return `<h2>다른 담당자에게 위임 <span class="en" lang="en">Delegate</span></h2>
<form method="post" action="${esc(model.actionUrl)}" accept-charset="utf-8">
<input type="hidden" name="${esc(model.tokenField)}" value="${esc(model.formToken)}">
<div class="field">
<label for="delegate">위임받을 담당자 <span class="en" lang="en">Colleague</span></label>
<span class="hint" id="delegate-hint">같은 기관에 등록된 담당자에게 이 결정을 넘깁니다. 그분께 새 링크가 발송되고, 이 링크로는 더 이상 결정할 수 없습니다.</span>
${error ? `<span class="error-message" id="delegate-error">${esc(error)}</span>` : ''}
<select id="delegate" name="delegate" aria-describedby="delegate-hint${error ? ' delegate-error' : ''}"${error ? ' aria-invalid="true"' : ''}>
${options}
</select>
</div>
<div class="buttons"><button type="submit" class="button button-secondary">위임하기</button></div>
</form>`;
}

export function renderDelegated(model: {
  stage: ReviewStage;
  delegate: Person;
  dueAt: string;
  alreadyDelegated: boolean;
}): string {
  const heading = model.alreadyDelegated ? '이미 위임된 결정입니다' : '결정을 위임했습니다';
  const body = `<div class="panel panel-ok" role="status">
<h1>${esc(heading)}</h1>
<p class="lead">${esc(STAGE_LABELS[model.stage])} 결정을 ${esc(model.delegate.name)} 님께 위임했습니다. 그분께 새 승인 링크가 발송되었으며, 이 링크로는 더 이상 결정할 수 없습니다.</p>
<p>처리 기한: <strong>${esc(formatKst(model.dueAt))}</strong></p>
</div>`;
  return layout(heading, body);
}
