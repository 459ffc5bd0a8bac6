import type { NominationInput } from './nomination';

/**
 * A web submission waiting for the nominating center to confirm it from a registered address.
 * Nothing starts on the word of an address the center has not registered: the confirmation link
 * goes only to the center's registered addresses, whatever submitter address was typed.
 */
export interface Draft {
  /** SHA-256 of the confirmation link's id (the id itself is only in the mail). */
  readonly idHash: string;
  /** Chosen when the draft is made, so confirming twice (or concurrently) makes one nomination. */
  readonly nominationId: string;
  readonly input: NominationInput;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly status: DraftStatus;
  readonly confirmedAt?: string;
  /** What confirming did: a new nomination, or found the nominee already nominated. */
  readonly outcome?: DraftOutcome;
}

export type DraftOutcome = 'created' | 'duplicate';

/** The life of a draft: the table the repository's conditions follow. */
export const DRAFT_TRANSITIONS = {
  pending: ['confirmed'],
  confirmed: [],
} as const satisfies Record<string, readonly string[]>;

export type DraftStatus = keyof typeof DRAFT_TRANSITIONS;

export function canConfirm(draft: Draft, now: Date): boolean {
  return draft.status === 'pending' && now.getTime() < Date.parse(draft.expiresAt);
}

export function draftExpiry(now: Date, confirmationHours: number): Date {
  return new Date(now.getTime() + confirmationHours * 60 * 60 * 1000);
}
