import { certificateKey } from '../contracts/certificates';
import { linkTo } from '../contracts/routes';
import { type Cycle, cycleOf, type Directory, nominatorAddresses } from '../domain/cycle';
import { NominationNotFound } from '../domain/errors';
import type { Nomination } from '../domain/nomination';
import type {
  CertificateStore,
  Clock,
  MailAttachment,
  NominationProgress,
  NominationReader,
  SentMailLog,
} from '../domain/ports';
import { type FinalStage, isReviewStage, type ReviewStage } from '../domain/stages';
import { certificateFilename } from '../views/certificate-text';
import type { NotificationOf, Notifier } from './notification';
import { sendOnce } from './send-once';
import { enterStage } from './stage-change';
import { type StatusLinkDeps, statusLinkOf } from './status-links';

/** The mails of the review's end. */
type OutcomeMail = 'awarded' | 'rejected' | 'returned';

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

export interface NotifyDeps extends Omit<StatusLinkDeps, 'statusLinks'> {
  readonly nominations: NominationReader & NominationProgress & StatusLinkDeps['statusLinks'];
  readonly sentMail: SentMailLog;
  readonly notifier: Notifier<OutcomeMail>;
  /** Issued certificates: the awardee mail carries the nomination's 표창장. */
  readonly certificates: CertificateStore;
  readonly clock: Clock;
  readonly cycles: readonly Cycle[];
  readonly directory: Directory;
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

/**
 * The 표창장 the IssueCertificate step stored, as an attachment; none for an execution started before
 * that step existed (its awardee mail still goes out, without it).
 */
async function certificateAttachment(nomination: Nomination, deps: NotifyDeps): Promise<MailAttachment[]> {
  const content = await deps.certificates.get(certificateKey(nomination.cycle, nomination.id));
  if (!content) return [];
  return [
    { filename: certificateFilename(nomination.nominee.name), contentType: 'application/pdf', content },
  ];
}

async function compose(
  nomination: Nomination,
  cycle: Cycle,
  outcome: FinalStage,
  { stage, comment }: FinalDecision,
  deps: NotifyDeps,
): Promise<NotificationOf<OutcomeMail>> {
  // The same status link as the receipt's (derived from the nomination's nonce): the awardee mail has none.
  const url = async () => statusLinkOf(nomination.id, { ...deps, statusLinks: deps.nominations });
  const nominators = nominatorAddresses(deps.directory, nomination.centerId);
  switch (outcome) {
    case 'awarded': {
      const attachments = await certificateAttachment(nomination, deps);
      return {
        to: nomination.nominee.email ? [nomination.nominee.email] : nominators,
        cc: nomination.nominee.email ? nominators : [],
        kind: 'awarded',
        model: { nomination, cycle, certificateAttached: attachments.length > 0 },
        attachments,
      };
    }
    case 'rejected':
      return {
        to: nominators,
        kind: 'rejected',
        model: { nomination, cycle, stage, statusUrl: await url(), ...(comment ? { comment } : {}) },
      };
    case 'returned':
      return {
        to: nominators,
        kind: 'returned',
        model: {
          nomination,
          cycle,
          statusUrl: await url(),
          formUrl: linkTo(deps.publicUrl, 'form', {}),
          ...(comment ? { comment } : {}),
        },
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
