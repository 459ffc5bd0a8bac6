import { linkTo } from '../contracts/routes';
import { type Cycle, cycleOf, type Directory, nominatorAddresses } from '../domain/cycle';
import { NominationNotFound } from '../domain/errors';
import type { NominationProgress, NominationReader, SentMailLog } from '../domain/ports';
import type { Notifier } from './notification';
import { sendOnce } from './send-once';

export interface RecordSubmissionInput {
  readonly nominationId: string;
  readonly executionId: string;
}

export interface RecordSubmissionDeps {
  readonly nominations: NominationReader & NominationProgress;
  readonly sentMail: SentMailLog;
  readonly notifier: Notifier<'receipt'>;
  readonly cycles: readonly Cycle[];
  readonly directory: Directory;
  readonly publicUrl: string;
}

/**
 * First workflow step: ties the stored nomination to its execution (so ops can go both ways)
 * and sends the nominating center's registered addresses the receipt with the private status
 * link, once.
 */
export async function recordSubmission(
  input: RecordSubmissionInput,
  deps: RecordSubmissionDeps,
): Promise<{ nominationId: string; centerId: string; cycle: string }> {
  const nomination = await deps.nominations.get(input.nominationId);
  if (!nomination) throw new NominationNotFound(input.nominationId);
  if (nomination.executionArn !== input.executionId) {
    await deps.nominations.attachExecution(nomination.id, input.executionId);
  }
  const cycle = cycleOf(deps.cycles, nomination.cycle);
  await sendOnce(deps, nomination.id, 'receipt', () => ({
    kind: 'receipt',
    to: nominatorAddresses(deps.directory, nomination.centerId),
    model: { nomination, cycle, statusUrl: linkTo(deps.publicUrl, 'status', { id: nomination.id }) },
  }));
  return { nominationId: nomination.id, centerId: nomination.centerId, cycle: nomination.cycle };
}
