import { NominationNotFound } from '../domain/errors';
import type { NominationRepository } from '../domain/ports';

export interface RecordSubmissionInput {
  readonly nominationId: string;
  readonly executionId: string;
}

/** First workflow step: ties the stored nomination to its execution so ops can go both ways. */
export async function recordSubmission(
  input: RecordSubmissionInput,
  deps: { readonly nominations: NominationRepository },
): Promise<{ nominationId: string; centerId: string; cycle: string }> {
  const nomination = await deps.nominations.get(input.nominationId);
  if (!nomination) throw new NominationNotFound(input.nominationId);
  if (nomination.executionArn !== input.executionId) {
    await deps.nominations.attachExecution(nomination.id, input.executionId);
  }
  return { nominationId: nomination.id, centerId: nomination.centerId, cycle: nomination.cycle };
}
