import type { Cycle } from '../domain/cycle';
import { ConfigurationError, NominationNotFound } from '../domain/errors';
import type { AuditEvent, Nomination } from '../domain/nomination';
import type { Clock, Mailer, NominationRepository, OutgoingMail, SentMailLog } from '../domain/ports';
import { type FinalStage, isReviewStage, type ReviewStage } from '../domain/stages';
import { awardedMail, rejectedMail, returnedMail } from '../views/mails';
import { enterStage } from './stage-change';

export interface NotifyInput {
  readonly nominationId: string;
  readonly outcome: FinalStage;
}

export interface NotifyDeps {
  readonly nominations: NominationRepository;
  readonly sentMail: SentMailLog;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly cycles: readonly Cycle[];
  readonly publicUrl: string;
}

export function statusUrl(publicUrl: string, nominationId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/nominations/${nominationId}`;
}

function lastDecision(history: readonly AuditEvent[]) {
  return history.filter((event) => event.type === 'decided').at(-1);
}

function compose(
  nomination: Nomination,
  cycle: Cycle,
  outcome: FinalStage,
  history: AuditEvent[],
  publicUrl: string,
) {
  const decided = lastDecision(history);
  const comment = decided?.comment;
  const stage: ReviewStage = decided && isReviewStage(decided.stage) ? decided.stage : 'center_review';
  const url = statusUrl(publicUrl, nomination.id);
  const nominator = nomination.submitter.email;
  switch (outcome) {
    case 'awarded':
      return {
        to: [nomination.nominee.email ?? nominator],
        cc: nomination.nominee.email ? [nominator] : [],
        ...awardedMail({ nomination, cycle }),
      };
    case 'rejected':
      return {
        to: [nominator],
        ...rejectedMail({ nomination, cycle, stage, statusUrl: url, ...(comment ? { comment } : {}) }),
      };
    case 'returned':
      return {
        to: [nominator],
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
  const cycle = deps.cycles.find((candidate) => candidate.year === nomination.cycle);
  if (!cycle) throw new ConfigurationError(`No cycle ${nomination.cycle} configured`);

  const mailKey = `outcome:${input.outcome}:v${nomination.version}`;
  if (!(await deps.sentMail.begin(nomination.id, mailKey))) {
    return { nominationId: nomination.id, outcome: input.outcome, mailed: false };
  }
  const history = await deps.nominations.history(nomination.id);
  const mail: OutgoingMail = compose(nomination, cycle, input.outcome, history, deps.publicUrl);
  try {
    await deps.mailer.send(mail);
  } catch (error) {
    await deps.sentMail.abandon(nomination.id, mailKey);
    throw error;
  }
  await deps.sentMail.finish(nomination.id, mailKey);
  return { nominationId: nomination.id, outcome: input.outcome, mailed: true };
}
