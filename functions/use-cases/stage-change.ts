import { StageConflict } from '../domain/errors';
import { type Nomination, WORKFLOW_ACTOR } from '../domain/nomination';
import type { Clock, NominationProgress, NominationReader } from '../domain/ports';
import { canTransition, type Stage } from '../domain/stages';

/**
 * Moves a nomination into `to`. Already being there is success, so a retried workflow step
 * changes the stage (and writes its audit event) exactly once.
 */
export async function enterStage(
  nomination: Nomination,
  to: Stage,
  deps: { readonly nominations: NominationReader & NominationProgress; readonly clock: Clock },
): Promise<Nomination> {
  if (nomination.stage === to) return nomination;
  if (!canTransition(nomination.stage, to)) {
    throw new StageConflict(`Nomination ${nomination.id} cannot move from ${nomination.stage} to ${to}`);
  }
  try {
    return await deps.nominations.changeStage(nomination, to, {
      type: 'stage_changed',
      at: deps.clock.now().toISOString(),
      actor: WORKFLOW_ACTOR,
      from: nomination.stage,
      to,
    });
  } catch (error) {
    // A concurrent attempt of the same step may have won the race: that is success too.
    if (!(error instanceof StageConflict)) throw error;
    const current = await deps.nominations.get(nomination.id);
    if (current?.stage === to) return current;
    throw error;
  }
}
