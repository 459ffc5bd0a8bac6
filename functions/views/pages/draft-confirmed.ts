import type { Cycle } from '../../domain/cycle';
import type { Nomination } from '../../domain/nomination';
import { renderAlreadySubmitted } from './already-submitted';
import { renderSubmitted } from './submitted';

/** After the confirm POST: the nomination started (or the nominee was already nominated). */
export function renderDraftConfirmed(model: {
  outcome: 'created' | 'duplicate';
  nomination?: Nomination;
  cycle: Cycle;
  alreadyConfirmed: boolean;
}): string {
  if (model.outcome === 'duplicate' || !model.nomination) return renderAlreadySubmitted();
  return renderSubmitted({
    nomination: model.nomination,
    cycle: model.cycle,
    ...(model.alreadyConfirmed ? { notice: '이미 확정된 추천서입니다. 다시 접수하지 않았습니다.' } : {}),
  });
}
