import cycle2023 from '../../config/cycle-2023.json';
import directory from '../../config/directory.json';
import type { Cycle } from '../../functions/domain/cycle';
import { ValidationError } from '../../functions/domain/errors';
import { josa, validateNomination } from '../../functions/domain/validation';
import { sampleNomination } from '../support/sample';

const context = { cycles: [cycle2023 as Cycle], directory };

function errorsOf(raw: unknown): Record<string, string> {
  try {
    validateNomination(raw, context);
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('validateNomination', () => {
  it('accepts the contract example and normalises it', () => {
    const input = validateNomination(
      sampleNomination({ submitter: { name: ' 박서준 ', email: 'Award.Seoul@Example.TEST' } }),
      context,
    );
    expect(input.submitter).toEqual({ name: '박서준', email: 'award.seoul@example.test' });
    expect(input.category).toBe('job-matching');
  });

  it('accepts a category given by its Korean name and stores its id', () => {
    const input = validateNomination(sampleNomination({ category: '건전한 고용보험사업 운영' }), context);
    expect(input.category).toBe('insurance-integrity');
  });

  it('reports every missing field by its path, in Korean', () => {
    const errors = errorsOf({});
    expect(errors).toMatchObject({
      cycle: '포상연도를 입력해 주세요.',
      category: '분야를 선택해 주세요.',
      meritSummary: '공적요지를 입력해 주세요.',
      centerId: '추천센터를 선택해 주세요.',
      nominee: '후보자 정보를 입력해 주세요.',
      submitter: '제출자 정보를 입력해 주세요.',
    });
    expect(errors.nomineeType).toContain('개인');
  });

  it('checks nested fields and formats', () => {
    const errors = errorsOf(
      sampleNomination({
        nominee: { name: '', affiliation: '센터', email: 'not-an-email', serviceYears: -1 },
        meritPeriod: { from: '2023-13', to: '2023-12' },
      }),
    );
    expect(errors['nominee.name']).toBe('성명(기관명)을 입력해 주세요.');
    expect(errors['nominee.email']).toContain('이메일');
    expect(errors['nominee.serviceYears']).toBe('근무연수는 0 이상이어야 합니다.');
    expect(errors['meritPeriod.from']).toContain('YYYY-MM');
  });

  it('applies the cycle and directory rules', () => {
    const errors = errorsOf(
      sampleNomination({
        category: 'space-travel',
        centerId: 'daegu',
        meritPeriod: { from: '2023-10', to: '2023-01' },
        consent: false,
        disciplinaryHistory: true,
      }),
    );
    expect(errors.category).toContain('수요자 맞춤형 취업·채용지원 서비스');
    expect(errors.centerId).toBe('등록된 추천센터가 아닙니다. 센터를 목록에서 선택해 주세요.');
    expect(errors['meritPeriod.to']).toContain('종료');
    expect(errors.consent).toContain('동의');
    expect(errors.disciplinaryHistory).toContain('징계');
  });

  it('answers a body that is not an object in Korean', () => {
    for (const body of [null, [], 'x', 7]) {
      expect(errorsOf(body)._).toContain('추천서 내용이 없습니다');
    }
  });

  it('rejects an unknown cycle', () => {
    expect(errorsOf(sampleNomination({ cycle: '1999' })).cycle).toContain('1999년');
  });

  it('does not require position or e-mail for an organisation', () => {
    const input = validateNomination(
      sampleNomination({
        nomineeType: 'organization',
        nominee: { name: '부산고용복지플러스센터 기업지원팀', affiliation: '부산고용복지플러스센터' },
        centerId: 'busan',
      }),
      context,
    );
    expect(input.nominee.email).toBeUndefined();
  });

  it('limits lengths', () => {
    expect(errorsOf(sampleNomination({ meritSummary: '가'.repeat(1001) })).meritSummary).toBe(
      '공적요지는 1000자 이내로 입력해 주세요.',
    );
  });
});

describe('josa', () => {
  it('picks the particle by the final consonant', () => {
    expect(josa('성명', '을', '를')).toBe('을');
    expect(josa('소속', '을', '를')).toBe('을');
    expect(josa('분야', '을', '를')).toBe('를');
  });
});
