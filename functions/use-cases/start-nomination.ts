import { type Cycle, cycleOf, type Directory, findCenter } from '../domain/cycle';
import { NominationNotFound, ValidationError } from '../domain/errors';
import { dedupeKey, purgeAtFor } from '../domain/ids';
import type { Nomination, NominationInput, NominationSource, StoredAttachment } from '../domain/nomination';
import type { Clock, CreateResult, Ids, NominationIntake, NominationReader, Workflow } from '../domain/ports';

export interface StartDeps {
  readonly nominations: NominationReader & NominationIntake;
  readonly workflow: Workflow;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly cycles: readonly Cycle[];
  readonly directory: Directory;
}

export interface StartRequest {
  readonly input: NominationInput;
  /** Chosen by the caller so that a retried or repeated request maps to the same nomination. */
  readonly nominationId: string;
  readonly source: NominationSource;
  /** Who vouched for it in the audit trail (a registered address's center, or the sender). */
  readonly actor: string;
  readonly attachments?: readonly StoredAttachment[];
  /** When the consent was given (a draft's submission); default now. */
  readonly consentAt?: string;
}

export type StartResult =
  /** `alreadyStored`: an earlier try of this same request had stored it (a retry, a redelivery). */
  | { readonly outcome: 'created'; readonly nomination: Nomination; readonly alreadyStored: boolean }
  /** The nominee was already nominated by the same center in the same category: nothing new. */
  | { readonly outcome: 'duplicate'; readonly existing: Nomination };

const ALREADY_NOMINATED = (year: string) =>
  `이 후보자는 이미 ${year}년 포상에 추천되었습니다. 한 후보자는 한 회차에 한 번만(분야·센터와 관계없이) 추천할 수 있습니다.`;

const CENTER_LIMIT = (year: string, limit: number) =>
  `이 센터는 ${year}년 포상 추천 한도(${limit}건)를 모두 사용했습니다.`;

/**
 * Stores a verified nomination (the center confirmed it, or sent it from a registered address)
 * and starts its workflow (execution name = nomination id). The same request again finds what
 * the first one stored and starts nothing new; it re-starts the workflow only while the
 * nomination has not moved, which repairs a first attempt that stored but could not start.
 */
export async function startNomination(request: StartRequest, deps: StartDeps): Promise<StartResult> {
  const { input } = request;
  const cycle = cycleOf(deps.cycles, input.cycle);
  const at = deps.clock.now().toISOString();
  const fresh: Nomination = {
    ...input,
    id: request.nominationId,
    centerName: findCenter(deps.directory, input.centerId)?.name ?? input.centerId,
    source: request.source,
    consentAt: request.consentAt ?? at,
    purgeAt: purgeAtFor(at, cycle.retentionDays),
    ...(request.attachments?.length ? { attachments: request.attachments } : {}),
    stage: 'submitted',
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const event = { type: 'submitted', at, actor: request.actor } as const;
  const key = dedupeKey(input);
  const centerLimit = cycle.maxNominationsPerCenter;

  let result = await deps.nominations.create(fresh, key, event, { centerLimit });
  let existing = await existingOf(result, deps);
  if (
    existing?.stage === 'returned' &&
    existing.centerId === input.centerId &&
    !isSameRequest(existing, fresh)
  ) {
    // Returned for correction and sent again by its center: the new one takes over the key (and
    // the returned one's place in the center's count).
    result = await deps.nominations.create(fresh, key, event, { replacesId: existing.id });
    existing = await existingOf(result, deps);
  }
  if (result.outcome === 'center_limit') {
    throw new ValidationError({ centerId: CENTER_LIMIT(cycle.year, centerLimit ?? 0) });
  }
  const nomination = existing ?? fresh;
  const sameRequest = isSameRequest(nomination, fresh);
  if (!sameRequest && (existing?.centerId !== input.centerId || existing.category !== input.category)) {
    const field = input.nomineeType === 'individual' ? 'nominee.email' : 'nominee.name';
    throw new ValidationError({ [field]: ALREADY_NOMINATED(cycle.year) });
  }
  // Never restart a finished workflow (execution names are reusable 90 days on).
  if (nomination.stage === 'submitted') await deps.workflow.start(nomination.id);
  return sameRequest
    ? { outcome: 'created', nomination, alreadyStored: existing !== undefined }
    : { outcome: 'duplicate', existing: nomination };
}

/**
 * Whether a stored nomination came from this very request: the same id (a retried confirmation),
 * or the same mail (a redelivery, whose id was drawn afresh).
 */
function isSameRequest(stored: Nomination, fresh: Nomination): boolean {
  if (stored.id === fresh.id) return true;
  return (
    stored.source?.channel === 'email' &&
    fresh.source?.channel === 'email' &&
    stored.source.messageKey === fresh.source.messageKey
  );
}

/** The nomination holding the key, when the create found one (possibly this very one, stored before). */
async function existingOf(result: CreateResult, deps: StartDeps): Promise<Nomination | undefined> {
  if (result.outcome !== 'exists') return undefined;
  const existing = await deps.nominations.get(result.existingId);
  if (!existing) throw new NominationNotFound(result.existingId);
  return existing;
}
