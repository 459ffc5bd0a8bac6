/**
 * The edit-link routes of the `web` function (functions/web.ts routes them; not a Lambda entry of
 * its own): GET shows the nomination form prefilled, POST checks it (the confirmation step with the
 * changes), then stores the correction and hands it back to the waiting workflow.
 */
import {
  checkPageToken,
  type HttpEvent,
  type HttpResult,
  html,
  json,
  nominationFromForm,
  pageToken,
  parseBody,
  refuseCrossSite,
  wantsJson,
} from './adapters/http';
import { log } from './adapters/middleware';
import { ALERT_MESSAGES } from './contracts/alerts';
import { pathTo } from './contracts/routes';
import { CorrectionClosed, CorrectionNotFound } from './domain/correction';
import { displayCycle } from './domain/cycle';
import { type FieldErrors, ValidationError } from './domain/errors';
import { isWellFormedLinkId } from './domain/secret-links';
import {
  type CorrectionDeps,
  type CorrectionView,
  correctNomination,
  viewCorrection,
} from './use-cases/correct-nomination';
import { FORM_TOKEN_FIELD } from './views/common';
import {
  CORRECTION_STEP_FIELD,
  CORRECTION_TOKEN_PURPOSE,
  correctionClosedAnswer,
  correctionResultAnswer,
  correctionViewAnswer,
  renderCorrected,
  renderCorrectionClosed,
  renderCorrectionForm,
  renderCorrectionPreview,
} from './views/correction-pages';
import { CORRECTION_CLOSED_MESSAGES } from './views/messages';
import { renderError } from './views/pages/error';

export interface CorrectionRouteDeps extends CorrectionDeps {
  readonly publicUrl: string;
}

const NOT_FOUND_MESSAGE =
  '주소가 올바르지 않거나 삭제된 링크입니다. 보완 요청 메일의 링크를 다시 확인해 주세요.';

/** Unknown and closed links: a page or JSON of their own (nothing of the nomination file). */
function refusal(error: unknown, event: HttpEvent): HttpResult | undefined {
  if (error instanceof CorrectionNotFound) {
    if (wantsJson(event)) return json(404, { message: NOT_FOUND_MESSAGE });
    return html(404, renderError({ status: 404, title: '찾을 수 없습니다', message: NOT_FOUND_MESSAGE }));
  }
  if (error instanceof CorrectionClosed) {
    const status = error.reason === 'used' ? 409 : 410;
    const message = CORRECTION_CLOSED_MESSAGES[error.reason];
    if (wantsJson(event)) return json(status, { message, status: error.reason });
    return html(status, renderError({ status, title: '사용할 수 없는 링크입니다', message }));
  }
  return undefined;
}

/** The edit form of an open link; after a refused post, with what was posted and why. */
function formPage(
  correctionId: string,
  view: Extract<CorrectionView, { open: true }>,
  deps: CorrectionRouteDeps,
  posted?: { values: Record<string, string>; errors?: FieldErrors },
): string {
  return renderCorrectionForm({
    request: view.request,
    nomination: view.nomination,
    cycle: displayCycle(deps.cycles, view.nomination.cycle),
    directory: deps.directory,
    actionUrl: pathTo('correct', { correctionId }),
    formToken: pageToken(correctionId, CORRECTION_TOKEN_PURPOSE),
    ...(view.maxRounds !== undefined ? { maxRounds: view.maxRounds } : {}),
    ...(posted
      ? {
          values: posted.values,
          note: posted.values.note ?? '',
          ...(posted.errors ? { errors: posted.errors } : {}),
        }
      : {}),
  });
}

/** GET /corrections/{correctionId}: the form, prefilled. Reading never changes anything. */
export async function showCorrection(event: HttpEvent, deps: CorrectionRouteDeps): Promise<HttpResult> {
  const correctionId = event.pathParameters?.correctionId ?? '';
  try {
    const view = await viewCorrection(correctionId, deps);
    if (wantsJson(event)) return json(200, correctionViewAnswer(view));
    if (!view.open) return html(200, renderCorrectionClosed(view.closed));
    return html(200, formPage(correctionId, view, deps));
  } catch (error) {
    const answer = refusal(error, event);
    if (answer) return answer;
    throw error;
  }
}

/**
 * POST /corrections/{correctionId}. A form post goes in steps: `preview` (checked, the changes
 * shown with a confirm button, nothing stored), `edit` (back to the form with the values), `confirm`
 * (checked again and stored). JSON: `"preview": true` checks only; otherwise it is stored.
 */
export async function submitCorrection(event: HttpEvent, deps: CorrectionRouteDeps): Promise<HttpResult> {
  const correctionId = event.pathParameters?.correctionId ?? '';
  // Before anything is read: another site's page must not post through a browser that has the link.
  refuseCrossSite(event, [new URL(deps.publicUrl).host]);
  if (!isWellFormedLinkId(correctionId)) return refusal(new CorrectionNotFound(), event) as HttpResult;
  const body = parseBody(event);
  const fields = (typeof body.value === 'object' && body.value ? body.value : {}) as Record<string, unknown>;
  if (body.kind === 'form' || fields[FORM_TOKEN_FIELD] !== undefined)
    checkPageToken(correctionId, CORRECTION_TOKEN_PURPOSE, fields[FORM_TOKEN_FIELD]);
  const step = body.kind === 'form' ? String(fields[CORRECTION_STEP_FIELD] ?? 'preview') : undefined;
  const preview = body.kind === 'form' ? step !== 'confirm' : fields.preview === true;
  try {
    if (step === 'edit') {
      const view = await viewCorrection(correctionId, deps);
      if (!view.open) return html(409, renderCorrectionClosed(view.closed));
      return html(200, formPage(correctionId, view, deps, { values: body.fields }));
    }
    const raw = body.kind === 'form' ? nominationFromForm(body.value) : body.value;
    const result = await correctNomination({ correctionId, body: raw, preview }, deps);
    switch (result.kind) {
      case 'already':
        if (body.kind === 'json')
          return json(409, { ...correctionClosedAnswer(result.closed), alreadyCorrected: true });
        return html(409, renderCorrectionClosed(result.closed));
      case 'preview':
        if (body.kind === 'json') return json(200, correctionResultAnswer(result));
        return html(
          200,
          renderCorrectionPreview({
            request: result.request,
            nomination: result.nomination,
            cycle: displayCycle(deps.cycles, result.nomination.cycle),
            actionUrl: pathTo('correct', { correctionId }),
            formToken: pageToken(correctionId, CORRECTION_TOKEN_PURPOSE),
            values: body.fields,
            changes: result.changes,
            ...(result.note ? { note: result.note } : {}),
          }),
        );
      case 'corrected': {
        if (result.handoverUncertain) {
          // On record, but Step Functions' answer was lost: if the task did not take it, the wait
          // times out and the nomination ends returned. Log it so an operator knows now.
          log('error', ALERT_MESSAGES.decisionHandoverUncertain, {
            nominationId: result.nomination.id,
            stage: result.request.returnedAt,
            kind: 'correction',
          });
        }
        if (body.kind === 'json') return json(200, correctionResultAnswer(result));
        return html(
          200,
          renderCorrected({
            nomination: result.nomination,
            cycle: displayCycle(deps.cycles, result.nomination.cycle),
            request: result.request,
            changes: result.changes,
          }),
        );
      }
    }
  } catch (error) {
    const answer = refusal(error, event);
    if (answer) return answer;
    if (!(error instanceof ValidationError && body.kind === 'form')) throw error;
    // The form again, with what was posted and each problem by its field.
    const view = await viewCorrection(correctionId, deps);
    if (!view.open) return html(409, renderCorrectionClosed(view.closed));
    return html(400, formPage(correctionId, view, deps, { values: body.fields, errors: error.fields }));
  }
}
