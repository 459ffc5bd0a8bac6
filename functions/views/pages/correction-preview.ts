import type { CorrectionRequest, FieldChange } from '../../domain/correction';
import type { Cycle } from '../../domain/cycle';
import type { Nomination } from '../../domain/nomination';
import { FORM_TOKEN_FIELD, nomineeLabel } from '../common';
import { layout } from '../components/layout';
import { changesTable } from '../correction-parts';
import { html, join, multiline, renderDocument } from '../html';
import { STAGE_LABELS } from '../texts';
import { CORRECTION_STEP_FIELD } from './correction-form';

/** Fields of the posted form that are not the nomination's own. */
const NOT_NOMINATION_FIELDS = new Set([FORM_TOKEN_FIELD, CORRECTION_STEP_FIELD, 'note']);

/**
 * The confirmation step ("same confirmation as a new submission"): the changes, field by field,
 * with the previous values, and the button that submits them. The form carries the posted values
 * in hidden fields; the final post is checked again from scratch.
 */
export function renderCorrectionPreview(model: {
  request: CorrectionRequest;
  nomination: Nomination;
  cycle: Cycle;
  actionUrl: string;
  formToken: string;
  /** The fields as posted. */
  values: Record<string, string>;
  changes: readonly FieldChange[];
  note?: string;
}): string {
  const { request, nomination, cycle, changes, note } = model;
  const stage = STAGE_LABELS[request.returnedAt];
  const hidden = Object.entries(model.values)
    .filter(([name]) => !NOT_NOMINATION_FIELDS.has(name))
    .map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`);
  const heading = '보완 내용 확인';
  const body = html`<h1>${heading} <span class="en" lang="en">Confirm the correction</span></h1>
<p class="lead">${nomineeLabel(nomination)} 후보 추천서(추천번호 ${nomination.id})의 보완 내용입니다. 아직 제출되지 않았습니다.</p>
${changesTable(changes, cycle, '바뀐 항목 (이전 값 → 바뀐 값)')}
${note && html`<h2>보완 의견</h2>\n<p>${multiline(note)}</p>`}
<form method="post" action="${model.actionUrl}" accept-charset="utf-8">
<input type="hidden" name="${FORM_TOKEN_FIELD}" value="${model.formToken}">
${join(hidden, '\n')}
<input type="hidden" name="note" value="${note ?? ''}">
<div class="buttons">
<button type="submit" name="${CORRECTION_STEP_FIELD}" value="confirm" class="button">보완 제출</button>
<button type="submit" name="${CORRECTION_STEP_FIELD}" value="edit" class="button button-secondary">다시 고치기</button>
</div>
</form>
<p class="hint">[보완 제출]을 누르면 같은 추천번호로 ${stage} 단계로 돌아가 심사가 이어집니다. 제출은 이 링크로 한 번만 할 수 있습니다.</p>`;
  return renderDocument(layout(`${heading}: ${nomination.nominee.name}`, body));
}
