import { linkTo } from '../contracts/routes';
import { NominationNotFound } from '../domain/errors';
import type { Ids, LinkKey } from '../domain/ports';
import { hashLinkId, isWellFormedLinkId, statusToken } from '../domain/secret-links';

/**
 * The status page's link (진행 상황 링크). The nomination id is the internal id (the execution name,
 * logs) and opens nothing; the page opens by a token of its own, derived under the link key from a
 * nonce stored on the nomination (as re-sendable approval links are), so every function that mails
 * it (the receipt, the outcome mails, the cycle results) builds the same link. The table holds the
 * nonce and the token's SHA-256 (the lookup key), never the token: a table read yields no link.
 * The web function holds no link key: its pages say the link comes by mail.
 */
export interface StatusLinkState {
  readonly nonce: string;
  /** The hash already bound to the nomination (its lookup item exists). */
  readonly tokenHash?: string;
  /** The nomination's expiry: its lookup item expires with it. */
  readonly purgeAt?: number;
}

/** The writes behind a status link (the mailing functions). */
export interface StatusLinkStore {
  /** The nomination's nonce, `fresh` stored first if it has none; undefined: no such nomination. */
  statusLinkState(nominationId: string, fresh: string): Promise<StatusLinkState | undefined>;
  /** Stores the lookup item of the token's hash (and the hash on the nomination). Idempotent. */
  bindStatusToken(nominationId: string, tokenHash: string, purgeAt?: number): Promise<void>;
}

/** The read behind the status page (the web function). */
export interface StatusLinkLookup {
  findByStatusHash(tokenHash: string): Promise<string | undefined>;
}

export interface StatusLinkDeps {
  readonly statusLinks: StatusLinkStore;
  readonly linkKey: LinkKey;
  readonly ids: Ids;
  readonly publicUrl: string;
}

/** The token of a nomination's status link, bound (its hash stored) before it is handed out. */
export async function statusTokenOf(
  nominationId: string,
  deps: Omit<StatusLinkDeps, 'publicUrl'>,
): Promise<string> {
  const state = await deps.statusLinks.statusLinkState(nominationId, deps.ids.linkNonce());
  if (!state) throw new NominationNotFound(nominationId);
  const token = statusToken(await deps.linkKey.bytes(), state.nonce);
  const tokenHash = hashLinkId(token);
  if (state.tokenHash !== tokenHash)
    await deps.statusLinks.bindStatusToken(nominationId, tokenHash, state.purgeAt);
  return token;
}

/** The absolute status link of a nomination, for mails. */
export async function statusLinkOf(nominationId: string, deps: StatusLinkDeps): Promise<string> {
  return linkTo(deps.publicUrl, 'status', { statusToken: await statusTokenOf(nominationId, deps) });
}

/**
 * The nomination id a token opens, or undefined: malformed tokens are refused before any lookup, and
 * a well-formed one is looked up by its hash only (a key read: no comparison of the token itself).
 */
export async function findByStatusToken(token: string, deps: { readonly nominations: StatusLinkLookup }) {
  if (!isWellFormedLinkId(token)) return undefined;
  return deps.nominations.findByStatusHash(hashLinkId(token));
}
