import { linkTo } from '../contracts/routes';
import { type Cycle, cycleOf, type Directory, nominatorAddresses } from '../domain/cycle';
import { NominationNotFound } from '../domain/errors';
import type { Nomination } from '../domain/nomination';
import type { Clock, Mailer, NominationRepository, SentMailLog } from '../domain/ports';
import { type FinalStage, isReviewStage, type ReviewStage } from '../domain/stages';
import { awardedMail, rejectedMail, returnedMail } from '../views/mails';
import { sendOnce } from './send-once';
import { enterStage } from './stage-change';

/** The decision that ended the review, as the workflow received it. */
export interface FinalDecision {
  readonly stage: ReviewStage;
  readonly comment?: string;
}

export interface NotifyInput {
  readonly nominationId: string;
  readonly outcome: FinalStage;
  /** From the workflow's state: the authority on which decision it acted on. */
  readonly decision?: FinalDecision;
}

export interface NotifyDeps {
  readonly nominations: NominationRepository;
  readonly sentMail: SentMailLog;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly cycles: readonly Cycle[];
  readonly directory: Directory;
  readonly publicUrl: string;
}

/** The workflow's decision; older executions without one fall back to the audit trail. */
async function finalDecision(input: NotifyInput, deps: NotifyDeps): Promise<FinalDecision> {
  if (input.decision) return input.decision;
  const history = await deps.nominations.history(input.nominationId);
  const decided = history.filter((event) => event.type === 'decided').at(-1);
  return {
    stage: decided && isReviewStage(decided.stage) ? decided.stage : 'center_review',
    ...(decided?.comment ? { comment: decided.comment } : {}),
  };
}

function compose(
  nomination: Nomination,
  cycle: Cycle,
  outcome: FinalStage,
  { stage, comment }: FinalDecision,
  deps: NotifyDeps,
) {
  const url = linkTo(deps.publicUrl, 'status', { id: nomination.id });
  const nominators = nominatorAddresses(deps.directory, nomination.centerId);
  switch (outcome) {
    case 'awarded':
      return {
        to: nomination.nominee.email ? [nomination.nominee.email] : nominators,
        cc: nomination.nominee.email ? nominators : [],
        ...awardedMail({ nomination, cycle }),
      };
    case 'rejected':
      return {
        to: nominators,
        ...rejectedMail({ nomination, cycle, stage, statusUrl: url, ...(comment ? { comment } : {}) }),
      };
    case 'returned':
      return {
        to: nominators,
        ...returnedMail({ nomination, cycle, statusUrl: url, ...(comment ? { comment } : {}) }),
      };
  }
}

/**
 * Final step: records the outcome stage and sends its mail once. The sent-mail log keeps a
 * retried step from mailing twice; a failed send is abandoned so the retry sends it.
 */
export async function notifyOutcome(input: NotifyInput, deps: NotifyDeps) {
  const stored = await deps.nominations.get(input.nominationId);
  if (!stored) throw new NominationNotFound(input.nominationId);
  const nomination = await enterStage(stored, input.outcome, deps);
  const cycle = cycleOf(deps.cycles, nomination.cycle);

  const mailed = await sendOnce(
    deps,
    nomination.id,
    `outcome:${input.outcome}:v${nomination.version}`,
    async () => compose(nomination, cycle, input.outcome, await finalDecision(input, deps), deps),
  );
  return { nominationId: nomination.id, outcome: input.outcome, mailed };
}
