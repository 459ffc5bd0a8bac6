import directoryData from '../../config/directory.json';
import { type Directory, delegatesFor } from '../../functions/domain/cycle';

const directory = directoryData as Directory;
const emails = (people: readonly { email: string }[]) => people.map((person) => person.email);

describe('who a decision may be delegated to', () => {
  it('a center review: the center’s registered people, never another center’s, never the holder', () => {
    const head = { name: '서울센터장', email: 'head.seoul@example.test' };
    expect(emails(delegatesFor(directory, 'center_review', 'seoul', head))).toEqual([
      'deputy.seoul@example.test',
      'jobs.manager.seoul@example.test',
    ]);
    // Once delegated, the delegate's list would hold the head again (not used: delegates cannot delegate).
    const deputy = { name: '서울부센터장', email: 'DEPUTY.seoul@example.test' };
    expect(emails(delegatesFor(directory, 'center_review', 'seoul', deputy))).toEqual([
      'head.seoul@example.test',
      'jobs.manager.seoul@example.test',
    ]);
    expect(emails(delegatesFor(directory, 'center_review', 'nowhere', head))).toEqual([]);
  });

  it('HQ and the minister’s office: their own people only', () => {
    const hq = emails(delegatesFor(directory, 'hq_review', 'seoul', directory.hqReviewer));
    expect(hq).toEqual(['hq.director@example.test', 'hq.officer@example.test']);
    const minister = emails(delegatesFor(directory, 'minister_approval', 'seoul', directory.ministerOffice));
    expect(minister).toEqual(['vice.minister.office@example.test', 'minister.aide@example.test']);
    expect(minister).not.toContain('hq.officer@example.test');
  });
});
