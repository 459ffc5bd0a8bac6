import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Ids that stand in e-mailed links (approvals, draft confirmations): 256 bits, URL-safe.
 * Only their SHA-256 is stored, so a table read leaks no working link.
 */
export function newLinkId(): string {
  return randomBytes(32).toString('base64url');
}

export function hashLinkId(linkId: string): string {
  return createHash('sha256').update(linkId, 'utf8').digest('hex');
}

/** Link ids are exactly what newLinkId and deriveLinkId make; anything else is rejected before any lookup. */
export function isWellFormedLinkId(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

/**
 * A link that must be mailed again (a reminder, an operator's re-send) keeps working only if its id
 * can be made again: it is derived from a stored random nonce under a key kept outside the table
 * (Secrets Manager). The table alone still yields no working link.
 */
export function newLinkNonce(): string {
  return randomBytes(16).toString('base64url');
}

export function isWellFormedLinkNonce(value: string): boolean {
  return /^[A-Za-z0-9_-]{22}$/.test(value);
}

/** HMAC-SHA256(key, purpose + nonce): 256 bits, the same shape as newLinkId. */
export function deriveLinkId(key: Uint8Array, purpose: string, nonce: string): string {
  return createHmac('sha256', key).update(`${purpose}\n${nonce}`, 'utf8').digest('base64url');
}
