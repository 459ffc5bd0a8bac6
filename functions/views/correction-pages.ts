/**
 * The pages of an edit link (보완 요청), one file each under views/pages/: the nomination form,
 * prefilled; the confirmation of the changes; the result; and a closed link's notice (nothing of
 * the file). Their JSON answers are here.
 */
import type { CorrectionRequest, FieldChange } from '../domain/correction';
import type { Nomination } from '../domain/nomination';
import type { ClosedCorrectionSummary, CorrectionView } from '../use-cases/correct-nomination';
import { nominationAnswer } from './common';
import { changesAnswerOf } from './correction-parts';
import { CORRECTION_CLOSED_MESSAGES } from './messages';

export { renderCorrected } from './pages/corrected';
export { renderCorrectionClosed } from './pages/correction-closed';
export {
  CORRECTION_STEP_FIELD,
  CORRECTION_TOKEN_PURPOSE,
  renderCorrectionForm,
} from './pages/correction-form';
export { renderCorrectionPreview } from './pages/correction-preview';

/* JSON answers (allow-lists: never the task token, link hash or the reviewer's address) */

export function correctionClosedAnswer(closed: ClosedCorrectionSummary) {
  return {
    correction: {
      round: closed.round,
      returnedAt: closed.returnedAt,
      status: closed.reason,
      ...(closed.usedAt ? { usedAt: closed.usedAt } : {}),
    },
    closed: CORRECTION_CLOSED_MESSAGES[closed.reason],
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
