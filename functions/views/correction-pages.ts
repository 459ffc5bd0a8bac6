/**
 * The pages of an edit link (보완 요청): the nomination form, prefilled; the confirmation of the
 * changes; the result; and a closed link's notice (nothing of the file).
 */
import { type CorrectionRequest, type FieldChange, MAX_NOTE } from '../domain/correction';
import type { Cycle, Directory } from '../domain/cycle';
import type { FieldErrors } from '../domain/errors';
import type { Nomination } from '../domain/nomination';
import { STAGE_LABELS } from '../domain/stages';
import type { ClosedCorrectionSummary, CorrectionView } from '../use-cases/correct-nomination';
import {
  esc,
  escMultiline,
  FORM_TOKEN_FIELD,
  formatKst,
  layout,
  nominationAnswer,
  nomineeLabel,
  summaryList,
} from './common';
import { changesAnswerOf, changesTable, formValuesOf } from './correction-parts';
import { renderNominationForm } from './pages';

/** What an edit page's anti-forgery token is for (see pageToken in functions/adapters/http.ts). */
export const CORRECTION_TOKEN_PURPOSE = 'nomination-correction';

/** The form field that says which step a post is: `preview` (check and show), `edit` (back to the form), `confirm`. */
export const CORRECTION_STEP_FIELD = 'step';

function reasonPanel(request: CorrectionRequest, maxRounds: number | undefined): string {
  const stage = STAGE_LABELS[request.returnedAt];
  const limit = maxRounds === undefined ? '' : ` (최대 ${esc(maxRounds)}회)`;
  return `<div class="panel panel-warn">
<p><strong>${esc(stage)}</strong> 단계에서 보완을 요청했습니다. 보완 요청 <strong>${esc(request.round)}회차</strong>${limit}</p>
<p>보완 요청 내용:</p>
<blockquote>${escMultiline(request.comment ?? '사유 미기재')}</blockquote>
<p>보완 기한: <strong>${esc(formatKst(request.expiresAt))}</strong></p>
<p class="hint">지금 추천서 내용이 채워져 있습니다. 고친 뒤 [변경 사항 확인]을 누르면 바뀐 항목을 확인하고 제출합니다. 새 추천서와 같은 기준으로 확인하며, 제출하면 같은 추천번호로 ${esc(stage)} 단계로 돌아갑니다. 포상연도와 추천 센터는 바꿀 수 없습니다.</p>
</div>`;
}

function noteField(note: string, error: string | undefined): string {
  const invalid = error ? ' aria-invalid="true"' : '';
  const message = error
    ? `<span class="error-message" id="note-error"><span class="visually-hidden">오류: </span>${esc(error)}</span>\n`
    : '';
  return `<fieldset class="group${error ? ' field-error' : ''}">
<legend>6. 보완 의견</legend>
<div class="field">
<label for="note">심사자에게 전할 말 <span class="en" lang="en">Note to the reviewer</span></label>
<span class="hint" id="note-hint">무엇을 어떻게 고쳤는지, 고치지 않은 항목이 있다면 그 이유를 적어 주세요 (선택, ${MAX_NOTE.toLocaleString('en-US')}자 이내).</span>
${message}<textarea id="note" name="note" rows="4" maxlength="${MAX_NOTE}" aria-describedby="note-hint${error ? ' note-error' : ''}"${invalid}>${esc(note)}</textarea>
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
      introHtml: `<p class="lead">추천번호 ${esc(nomination.id)} · ${esc(center)}</p>\n${reasonPanel(request, model.maxRounds)}`,
      hiddenFields: { [FORM_TOKEN_FIELD]: model.formToken, [CORRECTION_STEP_FIELD]: 'preview' },
      centerHtml: `<div class="field"><p><strong>추천 센터</strong>: ${esc(center)} <span class="hint">(바꿀 수 없습니다)</span></p></div>`,
      extraHtml: noteField(model.note ?? '', model.errors?.note),
      submitLabel: '변경 사항 확인',
    },
  });
}

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
    .map(([name, value]) => `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`)
    .join('\n');
  const heading = '보완 내용 확인';
  const body = `<h1>${esc(heading)} <span class="en" lang="en">Confirm the correction</span></h1>
<p class="lead">${esc(nomineeLabel(nomination))} 후보 추천서(추천번호 ${esc(nomination.id)})의 보완 내용입니다. 아직 제출되지 않았습니다.</p>
${changesTable(changes, cycle, '바뀐 항목 (이전 값 → 바뀐 값)')}
${note ? `<h2>보완 의견</h2>\n<p>${escMultiline(note)}</p>` : ''}
<form method="post" action="${esc(model.actionUrl)}" accept-charset="utf-8">
<input type="hidden" name="${FORM_TOKEN_FIELD}" value="${esc(model.formToken)}">
${hidden}
<input type="hidden" name="note" value="${esc(note ?? '')}">
<div class="buttons">
<button type="submit" name="${CORRECTION_STEP_FIELD}" value="confirm" class="button">보완 제출</button>
<button type="submit" name="${CORRECTION_STEP_FIELD}" value="edit" class="button button-secondary">다시 고치기</button>
</div>
</form>
<p class="hint">[보완 제출]을 누르면 같은 추천번호로 ${esc(stage)} 단계로 돌아가 심사가 이어집니다. 제출은 이 링크로 한 번만 할 수 있습니다.</p>`;
  return layout(`${heading}: ${nomination.nominee.name}`, body);
}

/** After the final post: the correction is in, and the nomination is back with its reviewer. */
export function renderCorrected(model: {
  nomination: Nomination;
  cycle: Cycle;
  request: CorrectionRequest;
  changes: readonly FieldChange[];
  statusUrl: string;
}): string {
  const { nomination, cycle, request, changes, statusUrl } = model;
  const stage = STAGE_LABELS[request.returnedAt];
  const heading = '보완 제출 완료';
  const body = `<div class="panel panel-ok" role="status">
<h1>${esc(heading)} <span class="en" lang="en">Correction submitted</span></h1>
<p class="lead">${esc(`보완 요청 ${request.round}회차의 보완 내용이 접수되었습니다. 추천서는 ${stage} 단계로 돌아가 심사가 이어집니다.`)}</p>
</div>
${summaryList([
  ['추천번호', nomination.id],
  ['후보자', nomineeLabel(nomination)],
  ['돌아간 단계', stage],
])}
${changesTable(changes, cycle, '바뀐 항목 (이전 값 → 바뀐 값)')}
<p><a class="button" href="${esc(statusUrl)}">진행 상황 보기</a></p>
<p class="hint">이 창은 닫으셔도 됩니다.</p>`;
  return layout(heading, body);
}

/** A link that can no longer correct: the notice, nothing of the file (links live on in mailboxes). */
export function renderCorrectionClosed(closed: ClosedCorrectionSummary): string {
  const heading = '추천서 보완 링크';
  const used = closed.usedAt ? `<p>보완 제출: ${esc(formatKst(closed.usedAt))}</p>` : '';
  const body = `<h1>${esc(heading)} <span class="en" lang="en">Correction link</span></h1>
<div class="panel panel-warn" role="status">
<p><strong>${esc(closed.message)}</strong></p>
<p>${esc(STAGE_LABELS[closed.returnedAt])} 보완 요청 ${esc(closed.round)}회차</p>
${used}
</div>
<p class="hint">사용할 수 없는 링크에서는 추천서 내용을 보여 드리지 않습니다.</p>`;
  return layout(`${heading}: 사용할 수 없는 링크`, body);
}

/* JSON answers (allow-lists: never the task token, link hash or the reviewer's address) */

export function correctionClosedAnswer(closed: ClosedCorrectionSummary) {
  return {
    correction: {
      round: closed.round,
      returnedAt: closed.returnedAt,
      status: closed.reason,
      ...(closed.usedAt ? { usedAt: closed.usedAt } : {}),
    },
    closed: closed.message,
  };
}

/** GET /corrections/{id} as JSON: the request (round, stage, reason, deadline) and, while open, the nomination. */
export function correctionViewAnswer(view: CorrectionView) {
  if (!view.open) return correctionClosedAnswer(view.closed);
  const { request, nomination, maxRounds } = view;
  return {
    correction: {
      round: request.round,
      returnedAt: request.returnedAt,
      status: 'open' as const,
      expiresAt: request.expiresAt,
      ...(request.comment ? { comment: request.comment } : {}),
      ...(maxRounds !== undefined ? { maxRounds } : {}),
    },
    nomination: nominationAnswer(nomination),
  };
}

/** POST /corrections/{id} as JSON: the changes (a preview, or stored and handed back). */
export function correctionResultAnswer(result: {
  kind: 'preview' | 'corrected';
  nomination: Pick<Nomination, 'id'>;
  request: Pick<CorrectionRequest, 'round' | 'returnedAt'>;
  changes: readonly FieldChange[];
  note?: string;
}) {
  return {
    status: result.kind === 'preview' ? ('preview' as const) : ('corrected' as const),
    ...(result.kind === 'corrected'
      ? { nominationId: result.nomination.id, returnTo: result.request.returnedAt }
      : {}),
    round: result.request.round,
    changes: changesAnswerOf(result.changes),
    ...(result.note ? { note: result.note } : {}),
  };
}
