import type { Cycle, Directory } from '../domain/cycle';
import { NominationNotFound } from '../domain/errors';
import { dedupeKey, newNominationId } from '../domain/ids';
import type { Nomination } from '../domain/nomination';
import type { Clock, NominationRepository, Workflow } from '../domain/ports';
import { validateNomination } from '../domain/validation';

export interface SubmitDeps {
  readonly nominations: NominationRepository;
  readonly workflow: Workflow;
  readonly clock: Clock;
  readonly cycles: readonly Cycle[];
  readonly directory: Directory;
}

export interface SubmitResult {
  readonly nomination: Nomination;
  /** True when the same nomination had been submitted before; nothing new was stored. */
  readonly duplicate: boolean;
}

/**
 * Validates and stores a nomination, then starts its workflow (execution name = nomination id).
 * A repeated submission returns the stored one and re-starts its workflow, which is a no-op when
 * it already runs and repairs the case where the first attempt stored but could not start it.
 */
export async function submitNomination(raw: unknown, deps: SubmitDeps): Promise<SubmitResult> {
  const input = validateNomination(raw, deps);
  const at = deps.clock.now().toISOString();
  const fresh: Nomination = {
    ...input,
    id: newNominationId(input.cycle),
    stage: 'submitted',
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const result = await deps.nominations.create(fresh, dedupeKey(input), {
    type: 'submitted',
    at,
    actor: input.submitter.email,
  });
  const nomination = result.created ? fresh : await deps.nominations.get(result.existingId);
  if (!nomination) throw new NominationNotFound(result.created ? fresh.id : result.existingId);
  await deps.workflow.start(nomination.id);
  return { nomination, duplicate: !result.created };
}
