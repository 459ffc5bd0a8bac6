import { createHash } from 'node:crypto';
import type { NominationInput } from './nomination';

const BASE32 = 'abcdefghijkmnpqrstuvwxyz23456789';

/**
 * `<year>-<20 base32 chars>` (100 random bits, from `randomBytes`, 20 of them): ASCII, valid as a
 * Step Functions execution name. No secret: the status page has its own token.
 */
export function nominationIdFrom(cycle: string, randomBytes: Uint8Array): string {
  let suffix = '';
  for (const byte of randomBytes.subarray(0, 20)) suffix += BASE32[byte % 32];
  return `${cycle}-${suffix}`;
}

export const NOMINATION_ID_PATTERN = /^\d{4}-[a-z2-9]{20}$/;

export function isWellFormedNominationId(value: string): boolean {
  return NOMINATION_ID_PATTERN.test(value);
}

/**
 * One nomination per nominee and cycle, across categories and centers: individuals are known by
 * their e-mail address, organisations by name and affiliation (spacing and case aside).
 */
export function dedupeKey(input: Pick<NominationInput, 'cycle' | 'nomineeType' | 'nominee'>): string {
  const squash = (value: string) => value.normalize('NFC').replace(/\s+/g, '').toLowerCase();
  const identity =
    input.nomineeType === 'individual' && input.nominee.email
      ? input.nominee.email.toLowerCase()
      : `${squash(input.nominee.name)}@${squash(input.nominee.affiliation)}`;
  return createHash('sha256')
    .update([input.cycle, input.nomineeType, identity].join('|'), 'utf8')
    .digest('hex');
}

/** The epoch second at which a record made at `at` is destroyed (DynamoDB TTL). */
export function purgeAtFor(at: string, retentionDays: number): number {
  return Math.floor(Date.parse(at) / 1000) + retentionDays * 24 * 60 * 60;
}
