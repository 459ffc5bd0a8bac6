import { createHash } from 'node:crypto';
import { linkTo } from '../contracts/routes';
import { type Center, cycleOf, findCenter } from '../domain/cycle';
import { canConfirm, type Draft, draftExpiry } from '../domain/draft';
import { ConfigurationError, DraftExpired, DraftNotFound } from '../domain/errors';
import { dedupeKey } from '../domain/ids';
import type { Nomination, NominationInput } from '../domain/nomination';
import type { DraftRepository } from '../domain/ports';
import { hashLinkId, isWellFormedLinkId } from '../domain/secret-links';
import { validateNomination } from '../domain/validation';
import type { Notifier } from './notification';
import { type StartDeps, startNomination } from './start-nomination';

export interface DraftDeps extends StartDeps {
  readonly drafts: DraftRepository;
  readonly notifier: Notifier<'draftConfirmation'>;
  readonly publicUrl: string;
}

/** One pending draft per nominee and center. */
function guardKeyOf(input: NominationInput): string {
  return createHash('sha256')
    .update(`${dedupeKey(input)}|${input.centerId}`, 'utf8')
    .digest('hex');
}

function centerOf(deps: DraftDeps, centerId: string): Center {
  const center = findCenter(deps.directory, centerId);
  if (!center) throw new ConfigurationError(`No center '${centerId}' in the directory`);
  return center;
}

export type DraftSubmitted =
  | {
      readonly alreadyPending: false;
      readonly draft: Draft;
      readonly center: Center;
      readonly expiresAt: string;
    }
  /** The same nominee already waited for this center's confirmation: no new mail went out. */
  | { readonly alreadyPending: true; readonly center: Center; readonly expiresAt: string };

/**
 * A web submission becomes a draft, and the confirmation link goes to the nominating center's
 * registered addresses only, whatever submitter address was typed. Nothing starts yet.
 */
export async function submitDraft(raw: unknown, deps: DraftDeps): Promise<DraftSubmitted> {
  const now = deps.clock.now();
  const input = validateNomination(raw, { cycles: deps.cycles, directory: deps.directory, now });
  const cycle = cycleOf(deps.cycles, input.cycle);
  const center = centerOf(deps, input.centerId);
  const linkId = deps.ids.linkId();
  const draft: Draft = {
    idHash: hashLinkId(linkId),
    nominationId: deps.ids.nominationId(input.cycle),
    input,
    createdAt: now.toISOString(),
    expiresAt: draftExpiry(now, cycle.draftConfirmationHours).toISOString(),
    status: 'pending',
  };
  const guardKey = guardKeyOf(input);
  const saved = await deps.drafts.save(draft, guardKey);
  if (!saved.saved) return { alreadyPending: true, center, expiresAt: saved.pendingUntil };
  const link = linkTo(deps.publicUrl, 'draft', { draftId: linkId });
  try {
    await deps.notifier.send({
      kind: 'draftConfirmation',
      to: center.nominatingAddresses,
      model: { draft, cycle, centerName: center.name, link },
    });
  } catch (error) {
    // No mail, no draft: the center can submit again at once.
    await deps.drafts.discard(draft, guardKey).catch(() => undefined);
    throw error;
  }
  return { alreadyPending: false, draft, center, expiresAt: draft.expiresAt };
}

async function load(linkId: string, deps: DraftDeps): Promise<Draft> {
  if (!isWellFormedLinkId(linkId)) throw new DraftNotFound();
  const draft = await deps.drafts.findByHash(hashLinkId(linkId));
  if (!draft) throw new DraftNotFound();
  return draft;
}

export interface DraftView {
  readonly draft: Draft;
  readonly center: Center;
  /** Set when the link can no longer confirm. */
  readonly closed?: 'expired' | 'confirmed';
}

/** What GET of the confirmation link shows. Reading never changes anything: mail scanners follow links. */
export async function viewDraft(linkId: string, deps: DraftDeps): Promise<DraftView> {
  const draft = await load(linkId, deps);
  const center = centerOf(deps, draft.input.centerId);
  if (draft.status === 'confirmed') return { draft, center, closed: 'confirmed' };
  if (!canConfirm(draft, deps.clock.now())) return { draft, center, closed: 'expired' };
  return { draft, center };
}

export type DraftConfirmed =
  | { readonly outcome: 'created'; readonly nomination: Nomination; readonly alreadyConfirmed: boolean }
  | { readonly outcome: 'duplicate'; readonly alreadyConfirmed: boolean };

/**
 * The center confirms from the mailed link: the nomination is stored and its workflow starts.
 * Confirming again, or twice at once, shows the result and creates nothing new (the nomination's
 * id was fixed when the draft was made).
 */
export async function confirmDraft(linkId: string, deps: DraftDeps): Promise<DraftConfirmed> {
  const draft = await load(linkId, deps);
  const center = centerOf(deps, draft.input.centerId);
  if (draft.status === 'confirmed') {
    if (draft.outcome === 'duplicate') return { outcome: 'duplicate', alreadyConfirmed: true };
    const { alreadyStored: _, ...result } = await startAgain(draft, center, deps);
    return { ...result, alreadyConfirmed: true };
  }
  if (!canConfirm(draft, deps.clock.now())) throw new DraftExpired();
  const { alreadyStored, ...result } = await startAgain(draft, center, deps);
  await deps.drafts.markConfirmed(
    draft,
    result.outcome,
    deps.clock.now().toISOString(),
    guardKeyOf(draft.input),
  );
  // Two clicks at once both find the draft pending: the one that did not store it was second.
  return { ...result, alreadyConfirmed: alreadyStored };
}

/** Stores and starts the draft's nomination; again for a confirmed one, which finds what is stored. */
async function startAgain(draft: Draft, center: Center, deps: DraftDeps) {
  const result = await startNomination(
    {
      input: draft.input,
      nominationId: draft.nominationId,
      source: { channel: 'web', confirmedBy: 'registered_address' },
      actor: `${center.name} (등록 주소 확인)`,
      consentAt: draft.createdAt,
    },
    deps,
  );
  return result.outcome === 'created'
    ? { outcome: 'created' as const, nomination: result.nomination, alreadyStored: result.alreadyStored }
    : { outcome: 'duplicate' as const, alreadyStored: false };
}
