import type { Draft } from '../domain/draft';
import type { AuditEvent, Nomination } from '../domain/nomination';
import { historyAnswer, inputAnswer, nominationAnswer } from './common';
import { correctionRounds, roundsAnswer } from './correction-parts';

/*
 * The pages of the nominating centers (the `web` function), one file each under views/pages/: the
 * nomination form, what follows a submission, the draft confirmation and the status page; and their
 * JSON answers (here). The approvers' pages are re-exported by approval-pages.ts and review-pages.ts.
 */

export { fieldId } from './components/form-fields';
export { renderAlreadySubmitted } from './pages/already-submitted';
export { renderDraft } from './pages/draft';
export { renderDraftConfirmed } from './pages/draft-confirmed';
export { renderDraftSent } from './pages/draft-sent';
export { type NominationFormTarget, renderNominationForm } from './pages/nomination-form';
export { renderStatus } from './pages/status';
export { renderSubmitted } from './pages/submitted';
export { SUBMISSION_MESSAGES } from './texts';

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
