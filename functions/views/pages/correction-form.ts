import type { CorrectionRequest } from '../../domain/correction';
import { MAX_NOTE } from '../../domain/correction';
import type { Cycle, Directory } from '../../domain/cycle';
import type { FieldErrors } from '../../domain/errors';
import type { Nomination } from '../../domain/nomination';
import { FORM_TOKEN_FIELD, formatKst, nomineeLabel } from '../common';
import { formValuesOf } from '../correction-parts';
import { html, multiline, type SafeHtml } from '../html';
import { nominationMessage } from '../messages';
import { NO_REASON, STAGE_LABELS } from '../texts';
import { renderNominationForm } from './nomination-form';

/** What an edit page's anti-forgery token is for (see pageToken in functions/adapters/http.ts). */
export const CORRECTION_TOKEN_PURPOSE = 'nomination-correction';

/** The form field that says which step a post is: `preview` (check and show), `edit` (back to the form), `confirm`. */
export const CORRECTION_STEP_FIELD = 'step';

function reasonPanel(request: CorrectionRequest, maxRounds: number | undefined): SafeHtml {
  const stage = STAGE_LABELS[request.returnedAt];
  return html`<div class="panel panel-warn">
<p><strong>${stage}</strong> 단계에서 보완을 요청했습니다. 보완 요청 <strong>${request.round}회차</strong>${maxRounds !== undefined && html` (최대 ${maxRounds}회)`}</p>
<p>보완 요청 내용:</p>
<blockquote>${multiline(request.comment ?? NO_REASON)}</blockquote>
<p>보완 기한: <strong>${formatKst(request.expiresAt)}</strong></p>
<p class="hint">지금 추천서 내용이 채워져 있습니다. 고친 뒤 [변경 사항 확인]을 누르면 바뀐 항목을 확인하고 제출합니다. 새 추천서와 같은 기준으로 확인하며, 제출하면 같은 추천번호로 ${stage} 단계로 돌아갑니다. 포상연도와 추천 센터는 바꿀 수 없습니다.</p>
</div>`;
}

function noteField(note: string, error: string | undefined): SafeHtml {
  return html`<fieldset class="group${error ? ' field-error' : ''}">
<legend>6. 보완 의견</legend>
<div class="field">
<label for="note">심사자에게 전할 말 <span class="en" lang="en">Note to the reviewer</span></label>
<span class="hint" id="note-hint">무엇을 어떻게 고쳤는지, 고치지 않은 항목이 있다면 그 이유를 적어 주세요 (선택, ${MAX_NOTE.toLocaleString('en-US')}자 이내).</span>
${error && html`<span class="error-message" id="note-error"><span class="visually-hidden">오류: </span>${error}</span>\n`}<textarea id="note" name="note" rows="4" maxlength="${MAX_NOTE}" aria-describedby="note-hint${error ? ' note-error' : ''}"${error && html` aria-invalid="true"`}>${note}</textarea>
</div>
</fieldset>`;
}

/** GET of an edit link (and a refused post): the nomination form, prefilled with the current values. */
export function renderCorrectionForm(model: {
  request: CorrectionRequest;
  nomination: Nomination;
  cycle: Cycle;
  directory: Directory;
  actionUrl: string;
  formToken: string;
  maxRounds?: number;
  /** The fields as posted (after a refused post, or "다시 고치기"); default: the nomination's. */
  values?: Record<string, string>;
  errors?: FieldErrors;
  note?: string;
}): string {
  const { request, nomination, cycle, directory } = model;
  const center = nomination.centerName ?? nomination.centerId;
  return renderNominationForm({
    cycle,
    directory,
    values: {
      ...(model.values ?? formValuesOf(nomination)),
      cycle: nomination.cycle,
      centerId: nomination.centerId,
    },
    errors: model.errors ?? {},
    target: {
      actionUrl: model.actionUrl,
      heading: `추천서 보완: ${nomineeLabel(nomination)}`,
      intro: html`<p class="lead">추천번호 ${nomination.id} · ${center}</p>\n${reasonPanel(request, model.maxRounds)}`,
      hiddenFields: { [FORM_TOKEN_FIELD]: model.formToken, [CORRECTION_STEP_FIELD]: 'preview' },
      center: html`<div class="field"><p><strong>추천 센터</strong>: ${center} <span class="hint">(바꿀 수 없습니다)</span></p></div>`,
      extra: noteField(model.note ?? '', model.errors?.note && nominationMessage(model.errors.note)),
      submitLabel: '변경 사항 확인',
    },
  });
}
