import directory from '../../config/directory.json';
import { randomIds } from '../../functions/adapters/random-ids';
import { approvalExpiry, closedReason, validateDecision } from '../../functions/domain/approval';
import { approverFor } from '../../functions/domain/cycle';
import { ValidationError } from '../../functions/domain/errors';
import { dedupeKey, isWellFormedNominationId } from '../../functions/domain/ids';
import { hashLinkId, isWellFormedLinkId } from '../../functions/domain/secret-links';
import { canTransition, REVIEW_STAGES } from '../../functions/domain/stages';
import { fieldMessage, fieldMessages } from '../../functions/views/messages';

describe('stages', () => {
  it('moves forward one review stage at a time', () => {
    expect(canTransition('submitted', 'center_review')).toBe(true);
    expect(canTransition('center_review', 'hq_review')).toBe(true);
    expect(canTransition('hq_review', 'minister_approval')).toBe(true);
    expect(canTransition('minister_approval', 'awarded')).toBe(true);
    expect(canTransition('submitted', 'awarded')).toBe(false);
    expect(canTransition('center_review', 'minister_approval')).toBe(false);
  });

  it('lets every review stage reject, and nothing leave a final stage', () => {
    for (const stage of REVIEW_STAGES) expect(canTransition(stage, 'rejected')).toBe(true);
    expect(canTransition('awarded', 'rejected')).toBe(false);
    expect(canTransition('rejected', 'center_review')).toBe(false);
  });

  it('still lets executions of the earlier definition send a returned nomination one stage back', () => {
    expect(canTransition('hq_review', 'center_review')).toBe(true);
    expect(canTransition('minister_approval', 'hq_review')).toBe(true);
    expect(canTransition('center_review', 'returned')).toBe(true);
  });

  it('routes each stage to its approver', () => {
    expect(approverFor(directory, 'center_review', 'busan').email).toBe('head.busan@example.test');
    expect(approverFor(directory, 'hq_review', 'busan').email).toBe('hq.reviewer@example.test');
    expect(approverFor(directory, 'minister_approval', 'seoul').email).toBe('minister.office@example.test');
  });
});

describe('ids and links', () => {
  it('makes unguessable approval ids and stores only a hash', () => {
    const ids = new Set(Array.from({ length: 100 }, randomIds.linkId));
    expect(ids.size).toBe(100);
    const id = [...ids][0] ?? '';
    expect(isWellFormedLinkId(id)).toBe(true);
    expect(Buffer.from(id, 'base64url')).toHaveLength(32);
    expect(hashLinkId(id)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashLinkId(id)).not.toContain(id);
    expect(isWellFormedLinkId('../../etc/passwd')).toBe(false);
  });

  it('makes nomination ids that are valid execution names', () => {
    const id = randomIds.nominationId('2023');
    expect(isWellFormedNominationId(id)).toBe(true);
    expect(id).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
  });

  it('knows a nominee once per cycle: individuals by e-mail, organisations by name and affiliation', () => {
    const person = {
      cycle: '2026',
      nomineeType: 'individual' as const,
      nominee: { name: '김민지', affiliation: '서울센터', email: 'Minji@example.test' },
    };
    // Another category, center or spelling of the name is still the same person.
    expect(dedupeKey(person)).toBe(
      dedupeKey({
        ...person,
        nominee: { name: '김 민지', affiliation: '부산센터', email: 'minji@example.test' },
      }),
    );
    expect(dedupeKey(person)).not.toBe(dedupeKey({ ...person, cycle: '2027' }));
    expect(dedupeKey(person)).not.toBe(
      dedupeKey({ ...person, nominee: { ...person.nominee, email: 'other@example.test' } }),
    );
    const unit = {
      cycle: '2026',
      nomineeType: 'organization' as const,
      nominee: { name: '취업지원팀', affiliation: '서울고용복지플러스센터' },
    };
    expect(dedupeKey(unit)).toBe(
      dedupeKey({ ...unit, nominee: { name: '취업 지원팀', affiliation: '서울고용복지플러스센터 ' } }),
    );
    expect(dedupeKey(unit)).not.toBe(
      dedupeKey({ ...unit, nominee: { ...unit.nominee, affiliation: '부산고용복지플러스센터' } }),
    );
  });

  it('closes an approval request when decided or expired', () => {
    const now = new Date('2023-11-01T00:00:00Z');
    const request = {
      idHash: 'h',
      nominationId: 'n',
      stage: 'center_review' as const,
      approver: { name: 'a', email: 'a@example.test' },
      taskToken: 't',
      createdAt: now.toISOString(),
      expiresAt: approvalExpiry(now, 14).toISOString(),
      status: 'open' as const,
    };
    expect(closedReason(request, now)).toBeUndefined();
    expect(closedReason(request, new Date('2023-11-15T00:00:01Z'))).toBe('expired');
    expect(closedReason({ ...request, status: 'decided' }, now)).toBe('decided');
  });
});

describe('validateDecision', () => {
  const fieldsOf = (input: { decision: unknown; comment: unknown }) => {
    try {
      validateDecision(input);
    } catch (error) {
      if (error instanceof ValidationError) return fieldMessages(error.fields, fieldMessage);
      throw error;
    }
    throw new Error('expected a ValidationError');
  };

  it('accepts an approval without a comment and trims comments', () => {
    expect(validateDecision({ decision: 'approve', comment: '' })).toEqual({ decision: 'approve' });
    expect(validateDecision({ decision: 'reject', comment: '  근거 부족 ' })).toEqual({
      decision: 'reject',
      comment: '근거 부족',
    });
  });

  it('asks for a reason when rejecting or returning', () => {
    expect(fieldsOf({ decision: 'return', comment: '   ' }).comment).toContain('사유를 입력해 주세요');
    expect(fieldsOf({ decision: 'reject', comment: undefined }).comment).toContain('사유를 입력해 주세요');
  });

  it('refuses unknown decisions and overlong comments', () => {
    expect(fieldsOf({ decision: 'maybe', comment: '' }).decision).toContain('하나를 선택해 주세요');
    expect(fieldsOf({ decision: 'approve', comment: '가'.repeat(2001) }).comment).toBe(
      '의견은 2000자 이내로 입력해 주세요.',
    );
  });
});
