import { isFieldName } from '../../functions/domain/fields';
import { cleanInput, cleanText, type HygieneOptions } from '../../functions/domain/text-hygiene';
import { fieldMessage, fieldMessages, TEXT_PROBLEM_MESSAGES } from '../../functions/views/messages';

/** cleanInput's problems, worded as pages show them. */
const wordedErrorsOf = (raw: unknown, options: HygieneOptions) =>
  fieldMessages(cleanInput(raw, options).errors, fieldMessage);

const single = { multiLine: false } as const;
const multi = { multiLine: true } as const;

describe('cleanText', () => {
  it.each([
    ['line separator', '\u2028'],
    ['paragraph separator', '\u2029'],
  ])(
    'treats a %s as a line end: refused in one-line fields, a newline in multi-line ones',
    (_, separator) => {
      expect(cleanText(`김${separator}민지`, { multiLine: false })).toEqual({
        ok: false,
        problem: 'line-break',
      });
      expect(cleanText(`첫 줄${separator}둘째 줄`, { multiLine: true })).toEqual({
        ok: true,
        value: '첫 줄\n둘째 줄',
      });
    },
  );

  it('keeps ordinary Korean and English text', () => {
    expect(cleanText('김민지 (Kim Min-ji), 주무관', single)).toEqual({
      ok: true,
      value: '김민지 (Kim Min-ji), 주무관',
    });
    expect(cleanText('😀 이모지와 漢字', single)).toEqual({ ok: true, value: '😀 이모지와 漢字' });
  });

  it('NFC-normalises decomposed Hangul (as macOS sends it)', () => {
    const decomposed = '김민지'.normalize('NFD');
    expect(decomposed).not.toBe('김민지');
    expect(cleanText(decomposed, single)).toEqual({ ok: true, value: '김민지' });
  });

  it('turns values made of whitespace and zero-width characters into empty strings', () => {
    for (const blank of [
      '',
      '   ',
      '\u200b',
      ' \u200b\u200c\u200d\u2060\ufeff ',
      '\u200e\u200f\u061c',
      '\n\t\r\n',
      '\u3000',
    ]) {
      expect(cleanText(blank, single)).toEqual({ ok: true, value: '' });
      expect(cleanText(blank, multi)).toEqual({ ok: true, value: '' });
    }
  });

  it('allows line breaks and tabs in multi-line text, with CRLF and CR turned into LF', () => {
    expect(cleanText('첫째 줄\r\n둘째 줄\r셋째\t줄\n', multi)).toEqual({
      ok: true,
      value: '첫째 줄\n둘째 줄\n셋째\t줄\n',
    });
  });

  it('refuses line breaks and tabs inside single-line text, but trims pasted line ends', () => {
    expect(cleanText('김\n민지', single)).toEqual({ ok: false, problem: 'line-break' });
    expect(cleanText('김\r\n민지', single)).toEqual({ ok: false, problem: 'line-break' });
    expect(cleanText('김\t민지', single)).toEqual({ ok: false, problem: 'line-break' });
    expect(cleanText('김민지\r\n', single)).toEqual({ ok: true, value: '김민지' });
    expect(cleanText('\t김민지 ', single)).toEqual({ ok: true, value: '김민지' });
  });

  it.each([
    ['NUL', '\u0000'],
    ['SOH', '\u0001'],
    ['BEL', '\u0007'],
    ['backspace', '\u0008'],
    ['vertical tab', '\u000b'],
    ['form feed', '\u000c'],
    ['escape', '\u001b'],
    ['unit separator', '\u001f'],
    ['DEL', '\u007f'],
    ['C1 start', '\u0080'],
    ['NEL', '\u0085'],
    ['C1 end', '\u009f'],
    ['zero-width space', '\u200b'],
    ['zero-width non-joiner', '\u200c'],
    ['zero-width joiner', '\u200d'],
    ['word joiner', '\u2060'],
    ['byte order mark', '\ufeff'],
    ['left-to-right mark', '\u200e'],
    ['right-to-left mark', '\u200f'],
    ['Arabic letter mark', '\u061c'],
    ['LRE', '\u202a'],
    ['RLE', '\u202b'],
    ['PDF', '\u202c'],
    ['LRO', '\u202d'],
    ['RLO', '\u202e'],
    ['LRI', '\u2066'],
    ['RLI', '\u2067'],
    ['FSI', '\u2068'],
    ['PDI', '\u2069'],
    ['lone high surrogate', '\ud800'],
    ['lone low surrogate', '\udfff'],
  ])('refuses %s inside text, in single- and multi-line fields', (_, character) => {
    expect(cleanText(`김${character}민지`, single)).toEqual({ ok: false, problem: 'forbidden-character' });
    expect(cleanText(`공적\n내용${character}입니다`, multi)).toEqual({
      ok: false,
      problem: 'forbidden-character',
    });
  });

  it('refuses a bidi override even next to only whitespace', () => {
    expect(cleanText(' \u202e ', single)).toEqual({ ok: false, problem: 'forbidden-character' });
  });

  it('accepts characters near the forbidden ranges', () => {
    for (const text of [
      '\u00a0김민지\u00a0x',
      'a\u00a0b',
      '\u00a1',
      '\u2010',
      '\u2070',
      '\u206a',
      '\u202f',
    ]) {
      expect(cleanText(text, single).ok).toBe(true);
    }
    expect(cleanText('😀', single)).toEqual({ ok: true, value: '😀' });
  });

  it('refuses a resident registration number, in any field', () => {
    expect(cleanText('후보자 900101-1234567', single)).toEqual({
      ok: false,
      problem: 'resident-registration-number',
    });
    expect(cleanText('세부공적\n주민번호 ９００１０１－１２３４５６７', multi)).toEqual({
      ok: false,
      problem: 'resident-registration-number',
    });
    expect(cleanText('연락처 010-1234-5678', single)).toEqual({ ok: true, value: '연락처 010-1234-5678' });
  });
});

describe('TEXT_PROBLEM_MESSAGES', () => {
  it('names the field in Korean and never quotes the value', () => {
    expect(TEXT_PROBLEM_MESSAGES['resident-registration-number']('세부공적')).toBe(
      '세부공적에 주민등록번호로 보이는 숫자가 있습니다. 개인정보 보호를 위해 주민등록번호는 입력할 수 없습니다.',
    );
    expect(TEXT_PROBLEM_MESSAGES['forbidden-character']('성명(기관명)')).toContain(
      '성명(기관명)에 쓸 수 없는 문자',
    );
    expect(TEXT_PROBLEM_MESSAGES['line-break']('소속')).toContain('한 줄로');
  });
});

describe('cleanInput', () => {
  const options = {
    multiLineFields: new Set(['meritDetails', 'comment']),
    isField: isFieldName,
  };

  it('cleans every string of a nested tree and keeps other values', () => {
    const { value, errors } = cleanInput(
      {
        nominee: { name: '김민지'.normalize('NFD'), serviceYears: 6, email: '\u200b' },
        meritDetails: '가\r\n나',
        consent: true,
        nothing: null,
        tags: ['  ', '서울'],
      },
      options,
    );
    expect(errors).toEqual({});
    expect(value).toEqual({
      nominee: { name: '김민지', serviceYears: 6, email: '' },
      meritDetails: '가\n나',
      consent: true,
      nothing: null,
      tags: ['', '서울'],
    });
  });

  it('reports each refused string under its dotted path with its label, without the value', () => {
    const errors = wordedErrorsOf(
      {
        nominee: { name: '김\u202e민지', affiliation: '서울\n센터' },
        meritDetails: '주민번호 900101-1234567',
        comment: '사유\n\t둘째 줄',
        list: ['ok', 'bad\u0007'],
      },
      options,
    );
    expect(Object.keys(errors).sort()).toEqual([
      'list.1',
      'meritDetails',
      'nominee.affiliation',
      'nominee.name',
    ]);
    expect(errors['nominee.name']).toContain('성명(기관명)에 쓸 수 없는 문자');
    expect(errors['nominee.affiliation']).toContain('한 줄로');
    expect(errors.meritDetails).toBe(
      '세부공적에 주민등록번호로 보이는 숫자가 있습니다. 개인정보 보호를 위해 주민등록번호는 입력할 수 없습니다.',
    );
    expect(errors['list.1']).toContain('입력값에');
    for (const message of Object.values(errors)) expect(message).not.toMatch(/1234567|민지|bad/);
  });

  it('takes the multi-line fields from its options', () => {
    const text = { meritSummary: '첫 줄\n둘째 줄' };
    expect(wordedErrorsOf(text, options).meritSummary).toContain('한 줄로');
    expect(cleanInput(text, { multiLineFields: new Set(['meritSummary']) }).errors).toEqual({});
  });

  it('cleans a bare string and reports it under _', () => {
    expect(cleanInput(' x\u200b', options).value).toBe(' x\u200b');
    expect(wordedErrorsOf(' x\u200b', options)).toEqual({ _: expect.stringContaining('입력값') });
    expect(cleanInput('\u200b', options)).toEqual({ value: '', errors: {} });
    expect(cleanInput(7, options)).toEqual({ value: 7, errors: {} });
  });

  it('keeps a "__proto__" key as data', () => {
    const { value } = cleanInput(JSON.parse('{"__proto__": {"polluted": "yes"}}'), options);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(value as object, '__proto__')).toBe(true);
  });

  it('refuses absurdly deep input instead of recursing without end', () => {
    let deep: unknown = '끝';
    for (let level = 0; level < 10_000; level++) deep = [deep];
    const errors = wordedErrorsOf({ a: deep }, options);
    expect(Object.values(errors)).toEqual([expect.stringContaining('너무 깊습니다')]);
  });

  it('does not change its input', () => {
    const raw = { nominee: { name: '김민지'.normalize('NFD') } };
    cleanInput(raw, options);
    expect(raw.nominee.name).toBe('김민지'.normalize('NFD'));
  });
});
