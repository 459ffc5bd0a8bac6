import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { randomIds } from '../../functions/adapters/random-ids';
import { isWellFormedNominationId, nominationIdFrom } from '../../functions/domain/ids';
import { isWellFormedLinkId, isWellFormedLinkNonce } from '../../functions/domain/secret-links';

describe('randomness is a port (functions/domain/ports.ts Ids), like the clock', () => {
  it('the domain draws no random numbers itself', () => {
    const domain = path.resolve(__dirname, '../../functions/domain');
    const drawing = readdirSync(domain)
      .filter((file) => file.endsWith('.ts'))
      .filter((file) =>
        /\b(randomBytes|randomUUID|getRandomValues|Math\.random)\s*\(/.test(
          readFileSync(path.join(domain, file), 'utf8'),
        ),
      );
    expect(drawing).toEqual([]);
  });

  it('the domain formats what the port draws: the same bytes give the same id', () => {
    const bytes = Uint8Array.from({ length: 20 }, (_, index) => index * 13);
    expect(nominationIdFrom('2026', bytes)).toBe(nominationIdFrom('2026', bytes));
    expect(isWellFormedNominationId(nominationIdFrom('2026', bytes))).toBe(true);
  });

  it('the adapter draws well-formed, distinct ids, link ids and nonces', () => {
    const ids = Array.from({ length: 100 }, () => randomIds.nominationId('2026'));
    expect(new Set(ids).size).toBe(100);
    expect(ids.every(isWellFormedNominationId)).toBe(true);
    expect(isWellFormedLinkId(randomIds.linkId())).toBe(true);
    expect(isWellFormedLinkNonce(randomIds.linkNonce())).toBe(true);
  });
});
