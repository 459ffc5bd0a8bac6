import type { Person } from '../../domain/cycle';
import type { FieldErrors } from '../../domain/errors';
import { html, join, type SafeHtml } from '../html';
import { decisionMessage } from '../messages';

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
}): SafeHtml | undefined {
  if (model.delegates.length === 0) return undefined;
  const error = model.errors?.delegate && decisionMessage(model.errors.delegate);
  const options = model.delegates.map(
    (person) => html`<option value="${person.email}">${person.name} (${person.email})</option>`,
  );
  return html`<h2>다른 담당자에게 위임 <span class="en" lang="en">Delegate</span></h2>
<form method="post" action="${model.actionUrl}" accept-charset="utf-8">
<input type="hidden" name="${model.tokenField}" value="${model.formToken}">
<div class="field">
<label for="delegate">위임받을 담당자 <span class="en" lang="en">Colleague</span></label>
<span class="hint" id="delegate-hint">같은 기관에 등록된 담당자에게 이 결정을 넘깁니다. 그분께 새 링크가 발송되고, 이 링크로는 더 이상 결정할 수 없습니다.</span>
${error && html`<span class="error-message" id="delegate-error">${error}</span>`}
<select id="delegate" name="delegate" aria-describedby="delegate-hint${error ? ' delegate-error' : ''}"${error && html` aria-invalid="true"`}>
${join(options, '\n')}
</select>
</div>
<div class="buttons"><button type="submit" class="button button-secondary">위임하기</button></div>
</form>`;
}
