import cycle2023 from '../../config/cycle-2023.json';
import cycle2026 from '../../config/cycle-2026.json';
import directory from '../../config/directory.json';
import { validateDecision } from '../../functions/domain/approval';
import type { Cycle } from '../../functions/domain/cycle';
import { ValidationError } from '../../functions/domain/errors';
import {
  FIELD_LIMITS,
  josa,
  MULTI_LINE_FIELDS,
  type ValidationContext,
  validateNomination,
} from '../../functions/domain/validation';
import { fieldMessage, fieldMessages } from '../../functions/views/messages';
import { sampleNomination } from '../support/sample';

const RRN_MESSAGE =
  '주민등록번호로 보이는 숫자가 있습니다. 개인정보 보호를 위해 주민등록번호는 입력할 수 없습니다.';

/** Mid-September 2026 (KST): the sample's 2026 cycle is accepting nominations, 2023's is closed. */
const during2026 = new Date('2026-09-15T01:00:00Z');
const context: ValidationContext = {
  cycles: [cycle2023 as Cycle, cycle2026 as Cycle],
  directory,
  now: during2026,
};

/** A cycle built for a test: 2026's settings with the given changes. */
function cycle(overrides: Partial<Cycle>): Cycle {
  return { ...(cycle2026 as Cycle), ...overrides };
}

function fieldsOf(run: () => unknown): Record<string, string> {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return fieldMessages(error.fields, fieldMessage);
    throw error;
  }
  throw new Error('expected a ValidationError');
}

function errorsOf(raw: unknown, at: ValidationContext = context): Record<string, string> {
  return fieldsOf(() => validateNomination(raw, at));
}

/** An address of exactly `length` characters that z.email accepts (labels of at most 63). */
function addressOfLength(length: number): string {
  const local = 'a'.repeat(64);
  let domain = 'example.test';
  while (local.length + 1 + domain.length + 61 <= length) domain = `${'b'.repeat(60)}.${domain}`;
  const rest = length - local.length - 1 - domain.length - 1;
  if (rest > 0) domain = `${'c'.repeat(rest)}.${domain}`;
  const address = `${local}@${domain}`;
  if (address.length !== length) throw new Error(`cannot build an address of ${length} characters`);
  return address;
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

  it('rejects an unknown cycle and names the open one', () => {
    const message = errorsOf(sampleNomination({ cycle: '1999' })).cycle;
    expect(message).toContain('1999년');
    expect(message).toContain('접수 중: 2026년');
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

describe('validateNomination: the cycle must be accepting', () => {
  const only2026 = { ...context, cycles: [cycle2026 as Cycle] };
  const at = (iso: string) => ({ ...only2026, now: new Date(iso) });

  it('accepts from the opening instant up to and including the deadline', () => {
    for (const now of ['2026-08-31T15:00:00Z', '2026-12-31T14:59:59Z']) {
      expect(validateNomination(sampleNomination(), at(now)).cycle).toBe('2026');
    }
  });

  it('refuses a cycle past its deadline, giving the deadline in KST', () => {
    expect(errorsOf(sampleNomination(), at('2026-12-31T15:00:00Z')).cycle).toBe(
      '2026년 포상 추천 접수가 마감되었습니다 (마감: 2026년 12월 31일 23:59 KST).',
    );
  });

  it('refuses a cycle that has not opened yet, giving the opening in KST', () => {
    expect(errorsOf(sampleNomination(), at('2026-08-31T14:59:59Z')).cycle).toBe(
      '2026년 포상 추천은 아직 접수 시작 전입니다 (시작: 2026년 9월 1일 00:00 KST).',
    );
  });

  it('points to the cycle that is open instead', () => {
    const message = errorsOf(
      sampleNomination({ cycle: '2023', meritPeriod: { from: '2023-01', to: '2023-12' } }),
    ).cycle;
    expect(message).toBe(
      '2023년 포상 추천 접수가 마감되었습니다 (마감: 2023년 10월 31일 23:59 KST). 현재 접수 중: 2026년',
    );
  });

  it('says so when an unknown cycle is asked for and nothing is open', () => {
    const message = errorsOf(sampleNomination({ cycle: '2024' }), at('2027-01-15T00:00:00Z')).cycle;
    expect(message).toContain('2024년 포상은 접수하고 있지 않습니다');
    expect(message).toContain('현재 접수 중인 포상이 없습니다');
  });

  it('still checks the other rules of a closed cycle', () => {
    const errors = errorsOf(
      sampleNomination({ category: 'space-travel', consent: false }),
      at('2027-01-15T00:00:00Z'),
    );
    expect(Object.keys(errors).sort()).toEqual(['category', 'consent', 'cycle']);
  });
});

describe('validateNomination: service years of individuals', () => {
  const needsFive = { ...context, cycles: [cycle({ minServiceYears: 5 })] };
  const nominee = (serviceYears?: number) => ({
    name: '김민지',
    affiliation: '서울고용복지플러스센터',
    position: '주무관',
    email: 'minji.kim@example.test',
    ...(serviceYears === undefined ? {} : { serviceYears }),
  });

  it('requires them', () => {
    expect(errorsOf(sampleNomination({ nominee: nominee() }))['nominee.serviceYears']).toContain(
      '근무연수를 입력',
    );
  });

  it('requires at least the minimum of the cycle, naming it', () => {
    const message = errorsOf(sampleNomination({ nominee: nominee(4) }), needsFive)['nominee.serviceYears'];
    expect(message).toContain('5년 이상');
    expect(errorsOf(sampleNomination({ nominee: nominee(0) }))['nominee.serviceYears']).toContain('1년 이상');
  });

  it('accepts the minimum and more', () => {
    expect(
      validateNomination(sampleNomination({ nominee: nominee(5) }), needsFive).nominee.serviceYears,
    ).toBe(5);
    expect(
      validateNomination(sampleNomination({ nominee: nominee(30) }), needsFive).nominee.serviceYears,
    ).toBe(30);
  });

  it('does not ask an organisation for them', () => {
    const input = validateNomination(
      sampleNomination({
        nomineeType: 'organization',
        nominee: { name: '부산고용복지플러스센터 기업지원팀', affiliation: '부산고용복지플러스센터' },
      }),
      needsFive,
    );
    expect(input.nominee.serviceYears).toBeUndefined();
  });
});

describe('validateNomination: field limits', () => {
  const set = (path: string, value: string) => {
    const raw = sampleNomination();
    const [head, tail] = path.split('.') as [string, string | undefined];
    if (tail === undefined) raw[head] = value;
    else raw[head] = { ...(raw[head] as object), [tail]: value };
    return raw;
  };

  it('exports one limit per text field, e-mail addresses at most 254', () => {
    expect(FIELD_LIMITS['nominee.email']).toBe(254);
    expect(FIELD_LIMITS['submitter.email']).toBe(254);
    expect(FIELD_LIMITS.meritSummary).toBe(1000);
    expect([...MULTI_LINE_FIELDS].sort()).toEqual(['meritDetails', 'meritSummary', 'priorAwards']);
  });

  it.each(Object.entries(FIELD_LIMITS).filter(([path]) => !path.endsWith('email') && path !== 'cycle'))(
    'holds %s to %i characters',
    (path, limit) => {
      expect(() => validateNomination(set(path, '가'.repeat(limit)), context)).not.toThrow();
      expect(errorsOf(set(path, '가'.repeat(limit + 1)))[path]).toContain(`${limit}자 이내`);
    },
  );

  it('holds the cycle to its limit', () => {
    expect(errorsOf(sampleNomination({ cycle: '2'.repeat(FIELD_LIMITS.cycle + 1) })).cycle).toContain(
      '10자 이내',
    );
  });

  it.each(['nominee.email', 'submitter.email'] as const)('accepts %s of 254 characters, not 255', (path) => {
    const longest = addressOfLength(254);
    const accepted = validateNomination(set(path, longest), context);
    expect(path === 'nominee.email' ? accepted.nominee.email : accepted.submitter.email).toBe(longest);
    expect(errorsOf(set(path, addressOfLength(255)))[path]).toContain('254자 이내');
  });

  it('still reports a malformed e-mail as such', () => {
    expect(errorsOf(set('nominee.email', 'not-an-email'))['nominee.email']).toContain(
      '형식이 올바르지 않습니다',
    );
    expect(errorsOf(set('submitter.email', 'a@'))['submitter.email']).toContain('형식이 올바르지 않습니다');
  });
});

describe('validateNomination: text hygiene first', () => {
  it('refuses a resident registration number in any text field, naming the field', () => {
    expect(errorsOf(sampleNomination({ meritDetails: '후보자(900101-1234567)는 ...' })).meritDetails).toBe(
      `세부공적에 ${RRN_MESSAGE}`,
    );
    expect(
      errorsOf(sampleNomination({ meritSummary: '주민번호 ９００１０１１２３４５６７' })).meritSummary,
    ).toBe(`공적요지에 ${RRN_MESSAGE}`);
    expect(errorsOf(sampleNomination({ priorAwards: '900101 1234567' })).priorAwards).toContain(
      '주민등록번호',
    );
    const errors = errorsOf(
      sampleNomination({ submitter: { name: '박서준 900101-2234567', email: 'award.seoul@example.test' } }),
    );
    expect(errors).toEqual({ 'submitter.name': `제출자 성명에 ${RRN_MESSAGE}` });
  });

  it('does not mistake phone numbers and figures for one', () => {
    const input = validateNomination(
      sampleNomination({ meritDetails: '문의 010-1234-5678, 02-2100-1234. 참여자 1234567890123명(누적).' }),
      context,
    );
    expect(input.meritDetails).toContain('010-1234-5678');
  });

  it('refuses control, invisible and direction characters with a message that names the field', () => {
    const errors = errorsOf(
      sampleNomination({
        nominee: {
          name: '김\u202e민지',
          affiliation: '서울\u0000센터',
          position: '주무관\u200b',
          email: 'minji.kim@example.test',
          serviceYears: 6,
        },
        meritDetails: '내용\u2066숨김\u2069',
      }),
    );
    expect(errors['nominee.name']).toContain('성명(기관명)에 쓸 수 없는 문자');
    expect(errors['nominee.affiliation']).toContain('소속에 쓸 수 없는 문자');
    expect(errors['nominee.position']).toContain('직위에 쓸 수 없는 문자');
    expect(errors.meritDetails).toContain('세부공적에 쓸 수 없는 문자');
    for (const message of Object.values(errors)) expect(message).not.toContain('민지');
  });

  it('allows line breaks only in the long text fields', () => {
    const input = validateNomination(
      sampleNomination({
        meritSummary: '첫째\r\n둘째',
        meritDetails: '1.\t상담\n2.\t채용행사',
        priorAwards: '-\r\n-',
      }),
      context,
    );
    expect(input.meritSummary).toBe('첫째\n둘째');
    expect(input.meritDetails).toBe('1.\t상담\n2.\t채용행사');
    expect(input.priorAwards).toBe('-\n-');
    expect(errorsOf(sampleNomination({ centerId: 'seo\nul' })).centerId).toContain('한 줄로');
    expect(
      errorsOf(sampleNomination({ submitter: { name: '박\n서준', email: 'award.seoul@example.test' } }))[
        'submitter.name'
      ],
    ).toContain('한 줄로');
  });

  it('treats a value of only whitespace and zero-width characters as missing', () => {
    const errors = errorsOf(
      sampleNomination({
        nominee: {
          name: '\u200b\u200d',
          affiliation: ' \ufeff ',
          position: '주무관',
          email: '\u2060',
          serviceYears: 6,
        },
        meritSummary: '\u200b\n',
      }),
    );
    expect(errors['nominee.name']).toBe('성명(기관명)을 입력해 주세요.');
    expect(errors['nominee.affiliation']).toBe('소속을 입력해 주세요.');
    expect(errors.meritSummary).toBe('공적요지를 입력해 주세요.');
    const invisibleEmail = sampleNomination({
      nominee: { name: '김민지', affiliation: '소속', position: '주무관', email: '\u2060', serviceYears: 6 },
    });
    expect(errorsOf(invisibleEmail)).toEqual({
      'nominee.email': '수상 안내를 받을 후보자 이메일을 입력해 주세요.',
    });
  });

  it('stores NFC text, so decomposed Hangul (macOS) counts and compares like any other', () => {
    const input = validateNomination(
      sampleNomination({
        category: '건전한 고용보험사업 운영'.normalize('NFD'),
        meritSummary: '가'.normalize('NFD'),
      }),
      context,
    );
    expect(input.category).toBe('insurance-integrity');
    expect(input.meritSummary).toBe('가');
    const exactlyAtLimit = '가'.repeat(FIELD_LIMITS.meritSummary).normalize('NFD');
    expect(
      validateNomination(sampleNomination({ meritSummary: exactlyAtLimit }), context).meritSummary,
    ).toHaveLength(FIELD_LIMITS.meritSummary);
  });

  it('merges with the shape errors, the hygiene message winning for its own path', () => {
    const errors = errorsOf({
      ...sampleNomination({ meritSummary: `${'가'.repeat(1001)}\u0007`, cycle: undefined }),
    });
    expect(errors.meritSummary).toContain('공적요지에 쓸 수 없는 문자');
    expect(errors.cycle).toBe('포상연도를 입력해 주세요.');
  });

  it('reports hygiene errors even when the shape and rules pass', () => {
    expect(errorsOf(sampleNomination({ priorAwards: '표창\u202e' }))).toEqual({
      priorAwards: expect.stringContaining('포상경력에 쓸 수 없는 문자'),
    });
  });
});

describe('validateDecision: comment hygiene', () => {
  it('refuses a resident registration number in the comment', () => {
    expect(
      fieldsOf(() => validateDecision({ decision: 'reject', comment: '후보자 900101-1234567 확인 필요' }))
        .comment,
    ).toBe(`의견에 ${RRN_MESSAGE}`);
    expect(
      fieldsOf(() => validateDecision({ decision: 'approve', comment: '９００１０１－２２３４５６７' }))
        .comment,
    ).toContain('주민등록번호');
  });

  it('refuses control, invisible and direction characters in the comment', () => {
    for (const comment of ['사유\u202e', '사유\u0000', '사\u200b유', '\ud800']) {
      expect(fieldsOf(() => validateDecision({ decision: 'return', comment })).comment).toContain(
        '의견에 쓸 수 없는 문자',
      );
    }
  });

  it('counts a comment of only whitespace and zero-width characters as missing', () => {
    expect(
      fieldsOf(() => validateDecision({ decision: 'reject', comment: '\u200b \u200d\n' })).comment,
    ).toContain('사유를 입력해 주세요');
    expect(validateDecision({ decision: 'approve', comment: '\ufeff' })).toEqual({ decision: 'approve' });
  });

  it('says the reason is missing (field comment), not that it has bad characters, for every invisible-only reason', () => {
    const blanks = [
      '\u200b',
      '\u200c\u200d',
      '\u2060',
      '\ufeff',
      ' \u200b\t\r\n\u3000 ',
      '\u3164', // Hangul filler: renders as nothing
      '\u115f\u1160',
      '\uffa0',
      '\u00ad\u034f',
      '\u200e\u200f\u061c',
      '\u2061\u2062\u2063\u2064',
    ];
    for (const decision of ['reject', 'return'] as const) {
      for (const comment of blanks) {
        const errors = fieldsOf(() => validateDecision({ decision, comment }));
        expect(Object.keys(errors)).toEqual(['comment']);
        expect(errors.comment).toBe(
          '반려 또는 보완 요청 시 사유를 입력해 주세요. 추천 센터에 그대로 전달됩니다.',
        );
      }
    }
    // An approval needs no reason: a blank one is simply no comment.
    for (const comment of blanks) {
      expect(validateDecision({ decision: 'approve', comment })).toEqual({ decision: 'approve' });
    }
  });

  it('keeps invisible characters inside a real reason a hygiene matter, and accepts visible text', () => {
    expect(
      fieldsOf(() => validateDecision({ decision: 'reject', comment: '근거\u200b부족' })).comment,
    ).toContain('의견에 쓸 수 없는 문자');
    expect(validateDecision({ decision: 'reject', comment: '\u3000근거 부족\u3000' })).toEqual({
      decision: 'reject',
      comment: '근거 부족',
    });
  });

  it('keeps line breaks, normalises them and NFC-normalises the comment', () => {
    expect(validateDecision({ decision: 'return', comment: ' 보완\r\n\t- 증빙 '.normalize('NFD') })).toEqual({
      decision: 'return',
      comment: '보완\n\t- 증빙',
    });
  });

  it('reports the decision and the comment together', () => {
    expect(
      Object.keys(fieldsOf(() => validateDecision({ decision: 'maybe', comment: 'x\u0001' }))).sort(),
    ).toEqual(['comment', 'decision']);
  });
});

describe('josa', () => {
  it('picks the particle by the final consonant', () => {
    expect(josa('성명', '을', '를')).toBe('을');
    expect(josa('소속', '을', '를')).toBe('을');
    expect(josa('분야', '을', '를')).toBe('를');
  });
});
