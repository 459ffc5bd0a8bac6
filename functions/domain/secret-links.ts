import { createHash, randomBytes } from 'node:crypto';

/**
 * Ids that stand in e-mailed links (approvals, draft confirmations): 256 random bits, URL-safe.
 * Only their SHA-256 is stored, so a table read leaks no working link.
 */
export function newLinkId(): string {
  return randomBytes(32).toString('base64url');
}

export function hashLinkId(linkId: string): string {
  return createHash('sha256').update(linkId, 'utf8').digest('hex');
}

/** Link ids are exactly what newLinkId makes; anything else is rejected before any lookup. */
export function isWellFormedLinkId(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
