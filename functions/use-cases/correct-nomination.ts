import {
  CorrectionClosed,
  type CorrectionClosedReason,
  CorrectionNotFound,
  type CorrectionRequest,
  correctionClosedReason,
  correctionInput,
  diffNomination,
  type FieldChange,
  maxCorrectionRoundsOf,
  NOTHING_CHANGED,
  revisionOf,
  validateNote,
} from '../domain/correction';
import { type Cycle, type Directory, findCenter, findCycle } from '../domain/cycle';
import { type FieldErrors, NominationNotFound, ValidationError } from '../domain/errors';
import { dedupeKey } from '../domain/ids';
import type { AuditEvent, Nomination, NominationInput } from '../domain/nomination';
import type { Clock, CorrectionEdits, CorrectionHandover, NominationReader } from '../domain/ports';
import { hashLinkId, isWellFormedLinkId } from '../domain/secret-links';
import { CORRECTION_STAGE, isReviewStage, type ReviewStage } from '../domain/stages';
import { validateNomination } from '../domain/validation';

export interface CorrectionDeps {
  readonly nominations: NominationReader;
  readonly corrections: CorrectionEdits;
  readonly corrector: CorrectionHandover;
  readonly clock: Clock;
  readonly cycles: readonly Cycle[];
  readonly directory: Directory;
}

/**
 * A used link whose hand-over never went through (Step Functions unreachable, or the function died
 * in between) hands it over again on a later POST, but only once the first attempt has surely
 * ended (the web function's timeout is 10 s): two POSTs at once hand over once.
 */
export const HANDOVER_RETRY_AFTER_MS = 30_000;

/** What a link that can no longer correct still shows: the notice and its round, nothing of the file. */
export interface ClosedCorrectionSummary {
  /** Why; views/messages.ts CORRECTION_CLOSED_MESSAGES words it. */
  readonly reason: CorrectionClosedReason;
  readonly round: number;
  readonly returnedAt: ReviewStage;
  readonly usedAt?: string;
}

export type CorrectionView =
  | {
      readonly open: true;
      readonly request: CorrectionRequest;
      readonly nomination: Nomination;
      readonly maxRounds?: number;
    }
  | { readonly open: false; readonly closed: ClosedCorrectionSummary };

async function findRequest(correctionId: string, deps: CorrectionDeps): Promise<CorrectionRequest> {
  if (!isWellFormedLinkId(correctionId)) throw new CorrectionNotFound();
  const request = await deps.corrections.findByHash(hashLinkId(correctionId));
  if (!request) throw new CorrectionNotFound();
  return request;
}

function closedSummary(request: CorrectionRequest, reason: CorrectionClosedReason): ClosedCorrectionSummary {
  return {
    reason,
    round: request.round,
    returnedAt: request.returnedAt,
    ...(reason === 'used' && request.usedAt ? { usedAt: request.usedAt } : {}),
  };
}

/** The nomination the link corrects, while it still waits for this correction. */
async function waitingNomination(request: CorrectionRequest, deps: CorrectionDeps): Promise<Nomination> {
  const nomination = await deps.nominations.get(request.nominationId);
  if (!nomination) throw new NominationNotFound(request.nominationId);
  if (nomination.stage !== CORRECTION_STAGE || nomination.correctionRound !== request.round) {
    throw new CorrectionClosed('void');
  }
  return nomination;
}

/** What GET of an edit link shows. Reading never changes anything: mail scanners follow links. */
export async function viewCorrection(correctionId: string, deps: CorrectionDeps): Promise<CorrectionView> {
  const request = await findRequest(correctionId, deps);
  const reason = correctionClosedReason(request, deps.clock.now());
  if (reason) return { open: false, closed: closedSummary(request, reason) };
  try {
    const nomination = await waitingNomination(request, deps);
    const cycle = findCycle(deps.cycles, nomination.cycle);
    return { open: true, request, nomination, ...(cycle ? { maxRounds: maxCorrectionRoundsOf(cycle) } : {}) };
  } catch (error) {
    if (error instanceof CorrectionClosed)
      return { open: false, closed: closedSummary(request, error.reason) };
    throw error;
  }
}

export interface CorrectionPost {
  readonly correctionId: string;
  /** The posted form (as the JSON contract) or JSON body: the nomination's fields and an optional `note`. */
  readonly body: unknown;
  /** Only check and show the changes (the confirmation step); nothing is stored. */
  readonly preview: boolean;
}

export type CorrectionResult =
  | {
      readonly kind: 'preview';
      readonly request: CorrectionRequest;
      readonly nomination: Nomination;
      readonly corrected: NominationInput;
      readonly changes: readonly FieldChange[];
      readonly note?: string;
    }
  | {
      readonly kind: 'corrected';
      readonly request: CorrectionRequest;
      readonly nomination: Nomination;
      readonly changes: readonly FieldChange[];
      /** True when Step Functions' answer was lost: the correction stands, and operators should know. */
      readonly handoverUncertain: boolean;
    }
  /** The link was used already (a second POST, a second tab): nothing changed now. */
  | { readonly kind: 'already'; readonly closed: ClosedCorrectionSummary };

/** The corrected nomination, checked by the rules of a new submission, and the note; or every problem at once. */
function validate(body: unknown, nomination: Nomination, deps: CorrectionDeps) {
  const errors: FieldErrors = {};
  let corrected: NominationInput | undefined;
  try {
    // The same rules as a new submission, as of the day it was submitted: the submission deadline
    // applies to the first submission, not to a correction the reviewers asked for later.
    corrected = validateNomination(correctionInput(body, nomination), {
      cycles: deps.cycles,
      directory: deps.directory,
      now: new Date(nomination.createdAt),
    });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    Object.assign(errors, error.fields);
  }
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const note = validateNote(fields.note);
  if ('error' in note) errors.note = note.error;
  if (!corrected || 'error' in note) throw new ValidationError(errors);
  const changes = diffNomination(nomination, corrected);
  if (changes.length === 0 && !note.note) throw new ValidationError({ _: NOTHING_CHANGED });
  return { corrected, changes, ...(note.note ? { note: note.note } : {}) };
}

/**
 * The edit link's POST: validates the corrected nomination with the rules of a new submission
 * (the cycle and the nominating center stay as they were), and unless this is the preview, stores
 * it in one transaction (the link used once, the new version with the values it replaced, the
 * audit event, the nominee key moved when the nominee's identity changed), then hands the workflow
 * the stage to go back to. Like a decision's, the hand-over is never retried blindly:
 * - taken: done;
 * - stale (the workflow no longer waits: stopped, or timed out as returned): the link closes and
 *   the correction stays on record;
 * - uncertain: the correction stands (if the task did not take it, it times out as returned);
 * - not sent (Step Functions unreachable): TransientError; a POST after HANDOVER_RETRY_AFTER_MS
 *   hands it over again.
 */
export async function correctNomination(
  input: CorrectionPost,
  deps: CorrectionDeps,
): Promise<CorrectionResult> {
  const request = await findRequest(input.correctionId, deps);
  const now = deps.clock.now();
  const reason = correctionClosedReason(request, now);
  if (reason === 'used') return usedAgain(request, now, deps);
  if (reason) throw new CorrectionClosed(reason);
  const nomination = await waitingNomination(request, deps);
  const { corrected, changes, note } = validate(input.body, nomination, deps);
  if (input.preview) {
    return { kind: 'preview', request, nomination, corrected, changes, ...(note ? { note } : {}) };
  }

  const at = now.toISOString();
  const center = findCenter(deps.directory, nomination.centerId);
  const event: AuditEvent = {
    type: 'corrected',
    at,
    actor: `${center?.name ?? nomination.centerId} (보완 요청 수정 링크)`,
    stage: request.returnedAt,
    round: request.round,
    fields: changes.map((change) => change.field),
  };
  const revision = revisionOf(changes, {
    round: request.round,
    at,
    returnedAt: request.returnedAt,
    ...(note ? { note } : {}),
  });
  const from = dedupeKey(nomination);
  const to = dedupeKey(corrected);
  try {
    await deps.corrections.apply(
      request,
      nomination,
      corrected,
      revision,
      event,
      from === to ? undefined : { from, to },
    );
  } catch (error) {
    // Another POST of the same link (a double click, a second tab) stored its correction first.
    if (error instanceof CorrectionClosed && error.reason === 'used') {
      return { kind: 'already', closed: closedSummary({ ...request, usedAt: at }, 'used') };
    }
    throw error;
  }
  const handover = await handOver(request, at, deps);
  const stored = (await deps.nominations.get(nomination.id)) ?? { ...nomination, ...corrected };
  return {
    kind: 'corrected',
    request,
    nomination: stored,
    changes,
    handoverUncertain: handover === 'uncertain',
  };
}

/** A used link posted again: the notice; and the hand-over again if the first one surely never went out. */
async function usedAgain(
  request: CorrectionRequest,
  now: Date,
  deps: CorrectionDeps,
): Promise<CorrectionResult> {
  const usedAt = request.usedAt ? Date.parse(request.usedAt) : now.getTime();
  if (!request.handedOver && now.getTime() - usedAt >= HANDOVER_RETRY_AFTER_MS) {
    await handOver(request, request.usedAt ?? now.toISOString(), deps);
  }
  return { kind: 'already', closed: closedSummary(request, 'used') };
}

async function handOver(
  request: CorrectionRequest,
  correctedAt: string,
  deps: CorrectionDeps,
): Promise<'taken' | 'uncertain'> {
  const handover = await deps.corrector.sendCorrection(request.taskToken, {
    returnTo: request.returnedAt,
    round: request.round,
    correctedAt,
  });
  if (handover === 'stale') {
    // An earlier attempt's answer may have been taken after all: the workflow has moved on to review.
    const current = await deps.nominations.get(request.nominationId);
    if (!(current && isReviewStage(current.stage) && (current.correctionRound ?? 0) >= request.round)) {
      await deps.corrections.markVoid(request);
      throw new CorrectionClosed('void');
    }
  }
  // Best effort: without the mark, a later POST finds the workflow moved on and marks nothing twice.
  await deps.corrections.markHandedOver(request).catch(() => undefined);
  return handover === 'uncertain' ? 'uncertain' : 'taken';
}
