import { shippedConfig } from '../../functions/adapters/config';
import { randomIds } from '../../functions/adapters/random-ids';
import { hashLinkId, statusToken } from '../../functions/domain/secret-links';
import { cycleMailLogId, sendCycleResults } from '../../functions/use-cases/cycle-results';
import type { CycleExportReader, ExportNomination } from '../../functions/use-cases/export-cycle';
import { MemoryLinkKey, MemorySentMail, mailing, RecordingMailer } from '../support/fakes';

const { cycles, directory } = shippedConfig();
const AFTER_DEADLINE = new Date('2027-01-15T00:00:00Z');

function reader(
  nominations: readonly (ExportNomination & { name: string })[],
): CycleExportReader & { listed: number } {
  const fake = {
    listed: 0,
    async listPage(cycle: string) {
      fake.listed += 1;
      return { items: nominations.filter((each) => each.cycle === cycle) };
    },
    async trail(id: string) {
      return { details: { name: nominations.find((each) => each.id === id)?.name ?? '' }, events: [] };
    },
  };
  return fake;
}

const nomination = (
  id: string,
  centerId: string,
  stage: string,
  name: string,
  nomineeType = 'individual',
) => ({
  id,
  cycle: '2026',
  stage,
  centerId,
  category: 'job-matching',
  nomineeType,
  createdAt: `2026-10-0${id.slice(-1)}T00:00:00Z`,
  name,
});

/** Status links as the nominations' receipts bound them: one nonce per nomination. */
function statusLinks() {
  const nonces = new Map<string, string>();
  const bound = new Map<string, string>();
  return {
    bound,
    async statusLinkState(id: string, fresh: string) {
      if (!nonces.has(id)) nonces.set(id, fresh);
      const tokenHash = bound.get(id);
      return { nonce: nonces.get(id) ?? fresh, ...(tokenHash ? { tokenHash } : {}) };
    },
    async bindStatusToken(id: string, tokenHash: string) {
      bound.set(id, tokenHash);
    },
    nonceOf: (id: string) => nonces.get(id),
  };
}

function wiring(nominations: Parameters<typeof reader>[0], now = AFTER_DEADLINE) {
  const mail = mailing(new RecordingMailer());
  const links = statusLinks();
  const linkKey = new MemoryLinkKey();
  return {
    ...mail,
    links,
    linkKey,
    ids: randomIds,
    deps: {
      reader: reader(nominations),
      sentMail: new MemorySentMail(),
      notifier: mail.notifier,
      cycles,
      directory,
      clock: { now: () => now },
      publicUrl: 'https://award.example.test',
      statusLinks: links,
      linkKey,
      ids: randomIds,
    },
  };
}

describe('the cycle results summary (심사 결과 안내)', () => {
  const closed = [
    nomination('2026-n1', 'seoul', 'awarded', '김민지'),
    nomination('2026-n2', 'seoul', 'rejected', '이서준'),
    nomination('2026-n3', 'busan', 'returned', '부산일자리센터', 'organization'),
    nomination('2026-n4', 'busan', 'awarded', '박지훈'),
  ];

  it('mails each nominating center its own outcomes once, to its registered addresses, however often it runs', async () => {
    const { deps, mailer, links, linkKey } = wiring(closed);
    const first = await sendCycleResults('2026', deps);
    expect(first).toEqual({
      outcome: 'closed',
      centers: [
        { centerId: 'seoul', centerName: expect.any(String), nominations: 2, sent: true },
        { centerId: 'busan', centerName: expect.any(String), nominations: 2, sent: true },
      ],
      unknownCenters: [],
    });
    expect(mailer.sent.map((mail) => mail.to)).toEqual([
      ['award.seoul@example.test'],
      ['award.busan@example.test'],
    ]);
    const seoul = mailer.sent[0];
    expect(seoul?.subject).toContain('심사 결과 안내');
    expect(seoul?.text).toContain('수상 1건, 미선정 1건, 보완 미완료 0건');
    expect(seoul?.text).toContain('김민지');
    expect(seoul?.text).not.toContain('박지훈');
    // Each row links its status page by the nomination's token (bound by hash), never by the id.
    const token = statusToken(linkKey.key, links.nonceOf('2026-n1') ?? '');
    expect(seoul?.text).toContain(`https://award.example.test/nominations/${token}`);
    expect(links.bound.get('2026-n1')).toBe(hashLinkId(token));
    expect(seoul?.text).not.toContain('/nominations/2026-n1');
    expect(mailer.sent[1]?.text).toContain('부산일자리센터 (기관)');
    expect(seoul?.tags).toMatchObject({ nomination: cycleMailLogId('2026'), mail: 'results_seoul' });

    const again = await sendCycleResults('2026', deps);
    expect(again).toMatchObject({ outcome: 'closed', centers: [{ sent: false }, { sent: false }] });
    expect(mailer.sent).toHaveLength(2);
  });

  it('mails nobody while a nomination still waits, and says which stages', async () => {
    const { deps, mailer } = wiring([...closed, nomination('2026-n5', 'seoul', 'hq_review', '최유나')]);
    expect(await sendCycleResults('2026', deps)).toEqual({ outcome: 'still_open', open: { hq_review: 1 } });
    expect(mailer.sent).toEqual([]);
  });

  it('mails nobody before the submission deadline, and reads nothing', async () => {
    const { deps, mailer } = wiring(closed, new Date('2026-06-01T00:00:00Z'));
    expect(await sendCycleResults('2026', deps)).toMatchObject({ outcome: 'submissions_open' });
    expect(deps.reader.listed).toBe(0);
    expect(mailer.sent).toEqual([]);
  });

  it('an unknown cycle, and a center no longer in the directory, are reported, not mailed', async () => {
    const { deps, mailer } = wiring([...closed, nomination('2026-n6', 'gone', 'awarded', '홍길동')]);
    expect(await sendCycleResults('1999', deps)).toEqual({ outcome: 'unknown_cycle' });
    expect(await sendCycleResults('2026', deps)).toMatchObject({
      outcome: 'closed',
      unknownCenters: ['gone'],
    });
    expect(mailer.sent).toHaveLength(2);
  });

  it('a failed send is retried by the next run, and only that center is mailed then', async () => {
    const { deps, mailer } = wiring(closed);
    mailer.failNext = true;
    await expect(sendCycleResults('2026', deps)).rejects.toThrow('SES throttled');
    expect(mailer.sent).toEqual([]);
    const retried = await sendCycleResults('2026', deps);
    expect(retried).toMatchObject({ outcome: 'closed', centers: [{ sent: true }, { sent: true }] });
    expect(mailer.sent).toHaveLength(2);
  });
});
