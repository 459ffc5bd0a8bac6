import { createHash, randomBytes } from 'node:crypto';
import type { NominationInput } from './nomination';

const BASE32 = 'abcdefghijkmnpqrstuvwxyz23456789';

/**
 * `<year>-<20 base32 chars>` (100 random bits): ASCII, valid as a Step Functions execution
 * name, and hard to guess because the status page sits behind it.
 */
export function newNominationId(cycle: string): string {
  const bytes = randomBytes(20);
  let suffix = '';
  for (const byte of bytes) suffix += BASE32[byte % 32];
  return `${cycle}-${suffix}`;
}

export const NOMINATION_ID_PATTERN = /^\d{4}-[a-z2-9]{20}$/;

export function isWellFormedNominationId(value: string): boolean {
  return NOMINATION_ID_PATTERN.test(value);
}

/**
 * The same nominee nominated by the same center in the same cycle and category is the same
 * nomination: a double-clicked form, a re-sent mail or a retried request maps to one record.
 */
export function dedupeKey(input: NominationInput): string {
  const identity = [
    input.cycle,
    input.centerId,
    input.category,
    input.nomineeType,
    input.nominee.name.replace(/\s+/g, ''),
    input.nominee.email ?? '',
  ].join('|');
  return createHash('sha256').update(identity, 'utf8').digest('hex');
}
