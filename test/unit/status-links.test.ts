import { randomIds } from '../../functions/adapters/random-ids';
import { linkTo } from '../../functions/contracts/routes';
import type { Nomination, NominationInput } from '../../functions/domain/nomination';
import {
  deriveLinkId,
  hashLinkId,
  isWellFormedLinkId,
  STATUS_LINK_PURPOSE,
  statusToken,
} from '../../functions/domain/secret-links';
import { findByStatusToken, statusLinkOf, statusTokenOf } from '../../functions/use-cases/status-links';
import { MemoryLinkKey, MemoryNominations, statusTokenIn } from '../support/fakes';
import { sampleNomination } from '../support/sample';

const ID = '2026-abcdefghijkmnpqrstuv';

async function withNomination() {
  const nominations = new MemoryNominations();
  const nomination: Nomination = {
    ...(sampleNomination({ cycle: '2026' }) as unknown as NominationInput),
    id: ID,
    stage: 'center_review',
    version: 1,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
  };
  await nominations.create(nomination, 'k', { type: 'submitted', at: nomination.createdAt, actor: 'x' });
  return nominations;
}

describe('status tokens', () => {
  it('are 256-bit HMACs of a 128-bit nonce: 43 URL-safe characters, a link id by the one rule', () => {
    const key = new Uint8Array(32).fill(7);
    const nonce = randomIds.linkNonce();
    const token = statusToken(key, nonce);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(isWellFormedLinkId(token)).toBe(true);
    expect(token).toBe(deriveLinkId(key, STATUS_LINK_PURPOSE, nonce));
    // Its own purpose: never the approval or review link of the same nonce.
    expect(token).not.toBe(deriveLinkId(key, 'approval', nonce));
    expect(statusToken(key, randomIds.linkNonce())).not.toBe(token);
    expect(hashLinkId(token)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('are minted once per nomination: the same token however often a mailing function asks', async () => {
    const nominations = await withNomination();
    const linkKey = new MemoryLinkKey();
    const first = await statusTokenIn(nominations, ID, linkKey);
    expect(await statusTokenIn(nominations, ID, linkKey)).toBe(first);
    expect(nominations.statusLookup.get(hashLinkId(first))).toBe(ID);
    expect(nominations.statusLinks.get(ID)?.tokenHash).toBe(hashLinkId(first));
    // Only the hash is kept, never the token.
    expect(JSON.stringify([...nominations.statusLinks, ...nominations.statusLookup])).not.toContain(first);
  });

  it('make the absolute link of the status route', async () => {
    const nominations = await withNomination();
    const linkKey = new MemoryLinkKey();
    const url = await statusLinkOf(ID, {
      statusLinks: nominations,
      linkKey,
      ids: randomIds,
      publicUrl: 'https://a.test/',
    });
    const token = await statusTokenOf(ID, { statusLinks: nominations, linkKey, ids: randomIds });
    expect(url).toBe(linkTo('https://a.test', 'status', { statusToken: token }));
    expect(url).toBe(`https://a.test/nominations/${token}`);
    expect(url).not.toContain(ID);
  });

  it('are refused for an unknown nomination', async () => {
    await expect(statusTokenIn(new MemoryNominations(), ID)).rejects.toMatchObject({
      name: 'NominationNotFound',
    });
  });

  it('are looked up by hash only; malformed ones, and the nomination id, are refused before any lookup', async () => {
    const nominations = await withNomination();
    const token = await statusTokenIn(nominations, ID);
    const lookups = jest.spyOn(nominations, 'findByStatusHash');
    expect(await findByStatusToken(token, { nominations })).toBe(ID);
    expect(lookups).toHaveBeenLastCalledWith(hashLinkId(token));
    lookups.mockClear();
    for (const bad of [ID, '', '../../x', `${token}=`, token.slice(1), `${token} `]) {
      expect(await findByStatusToken(bad, { nominations })).toBeUndefined();
    }
    expect(lookups).not.toHaveBeenCalled();
    expect(await findByStatusToken('A'.repeat(43), { nominations })).toBeUndefined();
  });
});
