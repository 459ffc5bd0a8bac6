import { type Nomination, WORKFLOW_ACTOR } from '../domain/nomination';
import type { Clock, NominationProgress, NominationReader } from '../domain/ports';
import { isReviewStage, type ReviewStage } from '../domain/stages';

export interface MarkNeedsAttentionInput {
  readonly nominationId: string;
  /** The Catch output of the failed state: `{ Error, Cause }`. */
  readonly error?: { readonly Error?: string; readonly Cause?: string };
}

/** Flags the nomination for an operator; the stage stays where the workflow stopped. */
export async function markNeedsAttention(
  input: MarkNeedsAttentionInput,
  deps: { readonly nominations: NominationReader & NominationProgress; readonly clock: Clock },
): Promise<{ nominationId: string; marked: boolean; waitPastDeadline?: ReviewStage }> {
  const nomination: Nomination | undefined = await deps.nominations.get(input.nominationId);
  if (!nomination) return { nominationId: input.nominationId, marked: false };
  const error = input.error?.Error ?? 'Unknown';
  const cause = (input.error?.Cause ?? '').slice(0, 2000);
  // Step Functions' error for a Task past its TimeoutSeconds: at a review stage, a human wait
  // ran past its deadline (a task's own 60 s limit is the same error at another stage).
  const waitPastDeadline =
    error === 'States.Timeout' && isReviewStage(nomination.stage) ? nomination.stage : undefined;
  // A retried step finds its own note already there: one mark, one audit event (one count).
  if (nomination.needsAttention?.error === error && nomination.needsAttention.cause === cause) {
    return { nominationId: nomination.id, marked: true };
  }
  const at = deps.clock.now().toISOString();
  await deps.nominations.markNeedsAttention(
    nomination,
    { error, cause, at },
    { type: 'needs_attention', at, actor: WORKFLOW_ACTOR, error },
  );
  return { nominationId: nomination.id, marked: true, ...(waitPastDeadline ? { waitPastDeadline } : {}) };
}
