import { createHash, createHmac } from 'node:crypto';

/**
 * Ids that stand in e-mailed links (draft confirmations, corrections): 256 random bits
 * (`LINK_ID_BYTES`, from the Ids port), URL-safe. Only their SHA-256 is stored, so a table read
 * leaks no working link.
 */
export const LINK_ID_BYTES = 32;

export function hashLinkId(linkId: string): string {
  return createHash('sha256').update(linkId, 'utf8').digest('hex');
}

/** Link ids are exactly what the Ids port's linkId and deriveLinkId make; anything else is rejected before any lookup. */
export function isWellFormedLinkId(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

/**
 * A link that must be mailed again (a reminder, an operator's re-send) keeps working only if its id
 * can be made again: it is derived from a stored random nonce under a key kept outside the table
 * (Secrets Manager). The table alone still yields no working link.
 */
export const LINK_NONCE_BYTES = 16;

export function isWellFormedLinkNonce(value: string): boolean {
  return /^[A-Za-z0-9_-]{22}$/.test(value);
}

/** HMAC-SHA256(key, purpose + nonce): 256 bits, the same shape as newLinkId. */
export function deriveLinkId(key: Uint8Array, purpose: string, nonce: string): string {
  return createHmac('sha256', key).update(`${purpose}\n${nonce}`, 'utf8').digest('base64url');
}

/**
 * The status page's token (진행 상황 링크): the nomination id is no secret (it is in logs and the
 * execution name), so the page opens only by this token, derived like a re-sendable approval link
 * from a nonce stored on the nomination: every function holding the link key mails the same link
 * (the receipt, the outcome mails, the cycle results). Only its SHA-256 is stored, as the lookup key.
 */
export const STATUS_LINK_PURPOSE = 'status';

export function statusToken(key: Uint8Array, nonce: string): string {
  return deriveLinkId(key, STATUS_LINK_PURPOSE, nonce);
}
