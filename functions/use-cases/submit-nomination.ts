import { type Cycle, type Directory, findCenter } from '../domain/cycle';
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
    centerName: findCenter(deps.directory, input.centerId)?.name ?? input.centerId,
    stage: 'submitted',
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const event = { type: 'submitted', at, actor: input.submitter.email } as const;
  const key = dedupeKey(input);
  let result = await deps.nominations.create(fresh, key, event);
  let existing = result.created ? undefined : await deps.nominations.get(result.existingId);
  if (existing?.stage === 'returned') {
    // Returned for correction and sent again: a new nomination takes over the returned one's key.
    result = await deps.nominations.create(fresh, key, event, existing.id);
    existing = result.created ? undefined : await deps.nominations.get(result.existingId);
  }
  const nomination = result.created ? fresh : existing;
  if (!nomination) throw new NominationNotFound(result.created ? fresh.id : result.existingId);
  // Start (again) only while nothing has happened yet: that repairs a first attempt that stored
  // but could not start, and never restarts a finished workflow (names are reusable 90 days on).
  if (nomination.stage === 'submitted') await deps.workflow.start(nomination.id);
  return { nomination, duplicate: !result.created };
}
