import { randomBytes } from 'node:crypto';
import { nominationIdFrom } from '../domain/ids';
import type { Ids } from '../domain/ports';
import { LINK_ID_BYTES, LINK_NONCE_BYTES } from '../domain/secret-links';

/** The Ids port on the operating system's CSPRNG: what every function is wired with. */
export const randomIds: Ids = {
  nominationId: (cycle) => nominationIdFrom(cycle, randomBytes(20)),
  linkId: () => randomBytes(LINK_ID_BYTES).toString('base64url'),
  linkNonce: () => randomBytes(LINK_NONCE_BYTES).toString('base64url'),
};
