import { linkTo } from '../contracts/routes';
import {
  type CorrectionRequest,
  correctionDaysOf,
  correctionExpiry,
  maxCorrectionRoundsOf,
  nextCorrectionRound,
} from '../domain/correction';
import { type Cycle, cycleOf, type Directory, findCenter, nominatorAddresses } from '../domain/cycle';
import { NominationNotFound, StageConflict } from '../domain/errors';
import { type AuditEvent, WORKFLOW_ACTOR } from '../domain/nomination';
import type {
  Clock,
  CorrectionHandover,
  CorrectionOpening,
  Ids,
  NominationProgress,
  NominationReader,
} from '../domain/ports';
import { hashLinkId } from '../domain/secret-links';
import { CORRECTION_STAGE, type ReviewStage } from '../domain/stages';
import type { Notifier } from './notification';
import { nominationMailTags } from './send-once';

export interface RequestCorrectionInput {
  readonly nominationId: string;
  /** The review stage whose `return` the workflow acted on (its `$.decision`). */
  readonly returnedAt: ReviewStage;
  readonly comment?: string;
  readonly taskToken: string;
}

export interface RequestCorrectionDeps {
  readonly nominations: NominationReader & NominationProgress;
  readonly corrections: CorrectionOpening;
  readonly handover: CorrectionHandover;
  readonly ids: Ids;
  readonly notifier: Notifier<'correctionRequest'>;
  readonly clock: Clock;
  readonly cycles: readonly Cycle[];
  readonly directory: Directory;
  readonly publicUrl: string;
}

export type RequestCorrectionResult =
  | {
      readonly nominationId: string;
      readonly round: number;
      readonly returnedAt: ReviewStage;
      readonly expiresAt: string;
    }
  | { readonly nominationId: string; readonly exhausted: true; readonly rounds: number };

/**
 * The RequestCorrection task: a review stage returned the nomination. With a round left, the
 * nomination moves to `correction_requested`, the task token is stored under the hash of a fresh
 * edit link, and the link goes to the nominating center's registered addresses (only those: the
 * same confirmation as a new submission) with the reviewer's reason; the task then waits for the
 * corrected nomination. With none left, it answers the waiting task itself (`exhausted`) and the
 * workflow ends the nomination `returned`, as a center return did before the loop.
 * A retried step keeps the round and mails a fresh link; the earlier one is superseded.
 */
export async function requestCorrection(
  input: RequestCorrectionInput,
  deps: RequestCorrectionDeps,
): Promise<RequestCorrectionResult> {
  const stored = await deps.nominations.get(input.nominationId);
  if (!stored) throw new NominationNotFound(input.nominationId);
  const cycle = cycleOf(deps.cycles, stored.cycle);

  let round: number;
  if (stored.stage === CORRECTION_STAGE) {
    round = stored.correctionRound ?? 1;
  } else {
    if (stored.stage !== input.returnedAt) {
      throw new StageConflict(
        `Nomination ${stored.id} is at ${stored.stage}, not at ${input.returnedAt} that returned it`,
      );
    }
    const next = nextCorrectionRound(stored, cycle);
    if ('exhausted' in next) {
      // The task waits for its token whatever this function answers: answer it here. Taken or lost
      // on the way, the workflow goes on (a lost answer ends in the task's timeout, as returned).
      await deps.handover.sendCorrection(input.taskToken, { exhausted: true, rounds: next.used });
      return { nominationId: stored.id, exhausted: true, rounds: next.used };
    }
    round = next.round;
  }

  const now = deps.clock.now();
  const createdAt = now.toISOString();
  const linkId = deps.ids.linkId();
  const expiresAt = correctionExpiry(now, correctionDaysOf(cycle)).toISOString();
  const comment = input.comment?.trim() ? input.comment.trim() : undefined;
  const request: CorrectionRequest = {
    idHash: hashLinkId(linkId),
    nominationId: stored.id,
    round,
    returnedAt: input.returnedAt,
    ...(comment ? { comment } : {}),
    taskToken: input.taskToken,
    createdAt,
    expiresAt,
    status: 'open',
    ...(stored.purgeAt ? { purgeAt: stored.purgeAt } : {}),
  };
  const event: AuditEvent = {
    type: 'correction_requested',
    at: createdAt,
    actor: WORKFLOW_ACTOR,
    stage: input.returnedAt,
    round,
    ...(comment ? { comment } : {}),
  };
  const nomination = await deps.corrections.open(stored, request, event);

  const link = linkTo(deps.publicUrl, 'correction', { correctionId: linkId });
  const model = {
    nomination,
    cycle,
    centerName: findCenter(deps.directory, nomination.centerId)?.name ?? nomination.centerName ?? '',
    stage: input.returnedAt,
    round,
    maxRounds: maxCorrectionRoundsOf(cycle),
    link,
    expiresAt,
    ...(comment ? { comment } : {}),
  };
  await deps.notifier.send({
    to: nominatorAddresses(deps.directory, nomination.centerId),
    kind: 'correctionRequest',
    model,
    tags: nominationMailTags(nomination.id, `correction:${round}`),
  });
  return { nominationId: nomination.id, round, returnedAt: input.returnedAt, expiresAt };
}
