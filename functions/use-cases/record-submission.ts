import { type Cycle, cycleOf, type Directory, nominatorAddresses } from '../domain/cycle';
import { NominationNotFound } from '../domain/errors';
import type { NominationProgress, NominationReader, SentMailLog } from '../domain/ports';
import type { Notifier } from './notification';
import { sendOnce } from './send-once';
import { type StatusLinkDeps, statusLinkOf } from './status-links';

export interface RecordSubmissionInput {
  readonly nominationId: string;
  readonly executionId: string;
}

export interface RecordSubmissionDeps extends Omit<StatusLinkDeps, 'statusLinks'> {
  readonly nominations: NominationReader & NominationProgress & StatusLinkDeps['statusLinks'];
  readonly sentMail: SentMailLog;
  readonly notifier: Notifier<'receipt'>;
  readonly cycles: readonly Cycle[];
  readonly directory: Directory;
}

/**
 * First workflow step: ties the stored nomination to its execution (so ops can go both ways)
 * and sends the nominating center's registered addresses the receipt with the private status
 * link (its token bound here first: status-links.ts), once.
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
  // The status link's token is derived (not stored): a retried step mails the same link.
  await sendOnce(deps, nomination.id, 'receipt', async () => ({
    kind: 'receipt',
    to: nominatorAddresses(deps.directory, nomination.centerId),
    model: {
      nomination,
      cycle,
      statusUrl: await statusLinkOf(nomination.id, { ...deps, statusLinks: deps.nominations }),
    },
  }));
  return { nominationId: nomination.id, centerId: nomination.centerId, cycle: nomination.cycle };
}
