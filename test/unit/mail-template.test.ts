import cycle2026 from '../../config/cycle-2026.json';
import directory from '../../config/directory.json';
import {
  FIELD_PATH_BY_LABEL,
  LABEL_BY_FIELD_PATH,
  labelForFieldPath,
  parseNominationTemplate,
  TEMPLATE_LABELS,
  templateText,
} from '../../functions/adapters/mail-template';
import type { Cycle } from '../../functions/domain/cycle';
import { validateNomination } from '../../functions/domain/validation';
import { FIELD_LABELS } from '../../functions/views/texts';
import { sampleTemplateBody } from '../support/mime';
import { sampleNomination } from '../support/sample';

const SENDER = 'award.seoul@example.test';
const CATEGORY_NAME = '수요자 맞춤형 취업·채용지원 서비스';
const parse = (text: string) => parseNominationTemplate(text, SENDER);

describe('parseNominationTemplate', () => {
  it('reads the sample mail into the JSON contract shape, the sender as submitter address', () => {
    const { raw, errors } = parse(sampleTemplateBody());
    expect(errors).toEqual({});
    expect(raw).toEqual(sampleNomination({ category: CATEGORY_NAME }));
  });

  it('gives what validation accepts (the category name resolves to its id there)', () => {
    const { raw } = parse(sampleTemplateBody());
    // Within the 2026 cycle's submission window.
    const context = { cycles: [cycle2026 as Cycle], directory, now: new Date('2026-09-07T01:00:00Z') };
    const input = validateNomination(raw, context);
    expect(input.category).toBe('job-matching');
    expect(input.submitter.email).toBe(SENDER);
  });

  it('keeps the category text as given, id or name', () => {
    expect(parse(sampleTemplateBody({ 분야: 'job-matching' })).raw.category).toBe('job-matching');
  });

  it('continues a value on the following lines until the next known label', () => {
    const details = [
      '1. 청년 구직자 1:1 심층상담 운영',
      '',
      '2. 기업 연계 채용행사',
      '성과: 참여자 312명 중 187명 취업',
    ];
    const { raw, errors } = parse(
      sampleTemplateBody({
        세부공적: `\n${details.join('\n')}\n`,
        소속: '서울고용복지플러스센터\n취업지원과',
      }),
    );
    expect(errors).toEqual({});
    expect(raw.meritDetails).toBe(details.join('\n'));
    expect((raw.nominee as Record<string, unknown>).affiliation).toBe('서울고용복지플러스센터 취업지원과');
  });

  it('takes a one-line value written on the line after its label', () => {
    const { raw } = parse('성명:\n  김민지\n소속: 센터');
    expect(raw.nominee).toEqual({ name: '김민지', affiliation: '센터' });
  });

  it('accepts full-width colons, spaces around and inside labels, bullets and an alias', () => {
    const text = [
      '  성명(기관명) ： 김민지',
      '공적 기간 : 2026.01-2026.10',
      '- 징계 여부: 무',
      '■ 본인동의：예',
    ].join('\n');
    const { raw, errors } = parse(text);
    expect(errors).toEqual({});
    expect(raw).toMatchObject({
      nominee: { name: '김민지' },
      meritPeriod: { from: '2026-01', to: '2026-10' },
      disciplinaryHistory: false,
      consent: true,
    });
  });

  it('ignores lines before the first label, quoted reply lines and everything after a signature or quote', () => {
    const text = [
      '안녕하세요: 인사말입니다',
      sampleTemplateBody({ 제출자: null }).split('\n-- ')[0],
      '> 성명: 다른사람',
      '제출자: 박서준',
      '-----Original Message-----',
      '성명: 인용된 원문',
    ].join('\n');
    const { raw, errors } = parse(text);
    expect(errors).toEqual({});
    expect(raw).toEqual(sampleNomination({ category: CATEGORY_NAME }));
  });

  it('does not let a signature without "--" run into the last field after a blank line', () => {
    const text = `${sampleTemplateBody().split('\n-- ')[0]}\n\n박서준 드림\n전화: 02-0000-0000`;
    const { raw, errors } = parse(text);
    expect(errors).toEqual({});
    expect((raw.submitter as Record<string, unknown>).name).toBe('박서준');
  });

  it('reports unknown labels among one-line fields, without their values', () => {
    const { raw, errors } = parse(sampleTemplateBody({ 생년월일: '1990.01.01', 휴대전화: '010-0000-0000' }));
    expect(Object.keys(errors).sort()).toEqual(['생년월일', '휴대전화']);
    expect(errors.생년월일).toContain('양식에 없는 항목');
    expect(JSON.stringify(errors)).not.toMatch(/1990|010-0000/);
    expect((raw.submitter as Record<string, unknown>).name).toBe('박서준');
  });

  it('leaves out a value it cannot convert and reports it under its label, never quoting it', () => {
    const { raw, errors } = parse(
      sampleTemplateBody({
        징계여부: '모름',
        본인동의: '나중에 받겠음',
        후보유형: '단체',
        근무연수: '육년',
        공적기간: '2026.13-2026.10',
      }),
    );
    expect(errors).toEqual({
      징계여부: '징계여부는 유 또는 무로 적어 주세요.',
      본인동의: '본인동의는 예 또는 아니오로 적어 주세요.',
      후보유형: '후보유형은 개인 또는 기관으로 적어 주세요.',
      근무연수: '근무연수는 숫자로 적어 주세요. (예: 6 또는 6년)',
      공적기간: '공적기간은 2023.01-2023.12 형식으로 적어 주세요.',
    });
    for (const path of ['disciplinaryHistory', 'consent', 'nomineeType', 'meritPeriod'])
      expect(raw).not.toHaveProperty(path);
    expect(raw.nominee).not.toHaveProperty('serviceYears');
  });

  it.each([
    ['근무연수', '6', { nominee: { serviceYears: 6 } }],
    ['근무연수', '６ 년', { nominee: { serviceYears: 6 } }],
    ['공적기간', '2023-01 ~ 2023-12', { meritPeriod: { from: '2023-01', to: '2023-12' } }],
    ['공적기간', '2023.1-2023.12', { meritPeriod: { from: '2023-01', to: '2023-12' } }],
    ['공적기간', '2023-01-2023-12', { meritPeriod: { from: '2023-01', to: '2023-12' } }],
    ['공적기간', '2023년 3월 ～ 2023년 9월', { meritPeriod: { from: '2023-03', to: '2023-09' } }],
    ['후보유형', '기관', { nomineeType: 'organization' }],
    ['징계여부', '유', { disciplinaryHistory: true }],
    ['본인동의', '아니오', { consent: false }],
    ['포상연도', '2026년', { cycle: '2026' }],
    ['추천센터', 'Seoul', { centerId: 'seoul' }],
  ])('reads %s "%s"', (label, value, expected) => {
    const { raw, errors } = parse(sampleTemplateBody({ [label]: value }));
    expect(errors).toEqual({});
    expect(raw).toMatchObject(expected);
  });

  it('reports a label given twice and keeps neither value', () => {
    const { raw, errors } = parse(
      `${sampleTemplateBody()}\n`.replace('제출자: 박서준', '제출자: 박서준\n성명: 이서연'),
    );
    expect(errors).toEqual({ 성명: '같은 항목이 두 번 이상 적혀 있습니다. 한 번만 적어 주세요.' });
    expect(raw.nominee).not.toHaveProperty('name');
  });

  it('treats empty values and hints left in place as not filled in', () => {
    const { raw, errors } = parse(templateText());
    expect(errors).toEqual({});
    expect(raw).toEqual({ nominee: {}, submitter: { email: SENDER } });
    expect(parse('근무연수:\n직위: ').raw).toEqual({ nominee: {}, submitter: { email: SENDER } });
  });

  it('reads a mail with no template at all as an empty nomination', () => {
    expect(parse('')).toEqual({ raw: { nominee: {}, submitter: { email: SENDER } }, errors: {} });
  });
});

describe('template labels', () => {
  it('maps labels and field paths both ways from one table', () => {
    expect(TEMPLATE_LABELS).toHaveLength(16);
    for (const { label, path } of TEMPLATE_LABELS) {
      expect(FIELD_PATH_BY_LABEL.get(label)).toBe(path);
      expect(LABEL_BY_FIELD_PATH.get(path)).toBe(label);
    }
  });

  it.each([
    ['nominee.name', '성명'],
    ['nominee.serviceYears', '근무연수'],
    ['meritPeriod.from', '공적기간'],
    ['meritPeriod.to', '공적기간'],
    ['submitter.name', '제출자'],
    ['submitter.email', '보낸 사람 주소'],
    ['centerId', '추천센터'],
    ['_', '메일 본문'],
    ['somethingElse', 'somethingElse'],
  ])('names validation path %s by label %s', (path, label) => {
    expect(labelForFieldPath(path)).toBe(label);
  });

  it('has a label for every field validation reports', () => {
    for (const path of Object.keys(FIELD_LABELS)) expect(labelForFieldPath(path)).not.toBe(path);
  });
});

describe('templateText', () => {
  it('lists every label once, in order, each with a Korean hint', () => {
    const lines = templateText().split('\n');
    expect(lines.map((line) => line.split(':')[0])).toEqual(TEMPLATE_LABELS.map((field) => field.label));
    for (const line of lines) expect(line).toMatch(/^[가-힣]+: \(.+\)$/);
  });

  it('fills in an example, which reads back to the same nomination', () => {
    const example = sampleNomination();
    const text = templateText(example);
    expect(text).toContain('후보유형: 개인');
    expect(text).toContain('공적기간: 2026.01-2026.10');
    expect(parse(text)).toEqual({ raw: example, errors: {} });
  });
});
