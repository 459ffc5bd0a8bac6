import { log } from '../../functions/adapters/middleware';
import { containsResidentRegistrationNumber, maskEmail, maskEmailsIn } from '../../functions/domain/privacy';

describe('containsResidentRegistrationNumber', () => {
  it.each([
    ['with a hyphen', '900101-1234567'],
    ['without a separator', '9001011234567'],
    ['with an en dash', '900101–1234567'],
    ['with an em dash', '900101—1234567'],
    ['with a minus sign', '900101−1234567'],
    ['with a full-width hyphen', '900101－1234567'],
    ['with a space', '900101 1234567'],
    ['with several spaces', '900101   1234567'],
    ['with a tab', '900101\t1234567'],
    ['with a no-break space', '900101\u00a01234567'],
    ['with an ideographic space', '900101\u30001234567'],
    ['with spaces around a hyphen', '900101 - 1234567'],
    ['with spaces around an en dash', '900101 – 1234567'],
    ['with a mix of dashes and spaces', '900101 -– 1234567'],
    ['in full-width digits', '９００１０１－１２３４５６７'],
    ['in full-width digits without a separator', '９００１０１１２３４５６７'],
    ['half full-width', '９００１０１-1234567'],
    ['inside Korean text', '후보자 주민번호는 900101-1234567입니다.'],
    ['after a label and a colon', '주민등록번호:900101-2234567'],
    ['in parentheses', '(850315-2345678)'],
    ['at the end of a sentence', '번호 851231-1234567.'],
    ['on a later line', '성명: 김민지\n주민번호: 000229-3234567\n'],
    ['born in the 2000s (3)', '050505-3123456'],
    ['born in the 2000s (4)', '050505-4123456'],
    ['of a foreign resident (5)', '800101-5123456'],
    ['of a foreign resident (6)', '800101-6123456'],
    ['of a foreign resident (7)', '800101-7123456'],
    ['of a foreign resident (8)', '800101-8123456'],
    ['on the last day of December', '991231-1234567'],
    ['on the first day of January', '000101-4234567'],
    ['after a letter', 'RRN900101-1234567'],
    ['twice', '900101-1234567, 910202-2345678'],
    ['after another number and a hyphen', '12-900101-1234567'],
  ])('finds a number %s', (_, text) => {
    expect(containsResidentRegistrationNumber(text)).toBe(true);
  });

  it.each([
    ['a mobile phone number', '010-1234-5678'],
    ['a Seoul phone number', '02-1234-5678'],
    ['a phone number without separators', '01012345678'],
    ['a 20-digit number', '12345678901234567890'],
    ['a 14-digit number that starts date-shaped', '90010112345678'],
    ['a date-shaped 13 digits preceded by a digit', '1900101-1234567'],
    ['a date-shaped 13 digits followed by a digit', '900101-12345678'],
    ['a full-width digit run that is too long', '９９００１０１－１２３４５６７'],
    ['a 13-digit order number that is not date-shaped', '1234567890123'],
    ['month 00', '900001-1234567'],
    ['month 13', '901301-1234567'],
    ['day 00', '900100-1234567'],
    ['day 32', '900132-1234567'],
    ['gender digit 0', '900101-0234567'],
    ['gender digit 9', '900101-9234567'],
    ['too few digits after the separator', '900101-123456'],
    ['too few digits before the separator', '90101-1234567'],
    ['the birth date alone', '900101'],
    ['an ISO date', '1990-01-01'],
    ['a dotted date', '2023.01.01'],
    ['a card number', '1234-5678-9012-3456'],
    ['a bank account number', '110-123-456789'],
    ['a business registration number', '123-45-67890'],
    ['a slash as separator', '900101/1234567'],
    ['a line break as separator', '900101\n1234567'],
    ['merit text with figures', '참여자 312명 중 187명 취업, 취업률 20%p 향상 (2023.01-2023.12)'],
    ['no digits', '주민등록번호는 적지 않았습니다.'],
    ['an empty string', ''],
  ])('ignores %s', (_, text) => {
    expect(containsResidentRegistrationNumber(text)).toBe(false);
  });
});

describe('maskEmail', () => {
  it('keeps the first two characters of the local part and the domain', () => {
    expect(maskEmail('minji.kim@example.test')).toBe('mi***@example.test');
    expect(maskEmail('Award.Seoul@Example.TEST')).toBe('Aw***@Example.TEST');
  });

  it('hides the length of short local parts too', () => {
    expect(maskEmail('ab@example.test')).toBe('ab***@example.test');
    expect(maskEmail('a@example.test')).toBe('a***@example.test');
  });

  it('counts characters, not UTF-16 units', () => {
    expect(maskEmail('😀😀x@example.test')).toBe('😀😀***@example.test');
    expect(maskEmail('김민지@example.test')).toBe('김민***@example.test');
  });

  it('masks a value without @ as a local part', () => {
    expect(maskEmail('minji.kim')).toBe('mi***');
  });

  it('is idempotent', () => {
    expect(maskEmail(maskEmail('minji.kim@example.test'))).toBe('mi***@example.test');
  });
});

describe('maskEmailsIn', () => {
  it('masks every address in a sentence', () => {
    expect(
      maskEmailsIn(
        '보낸사람: award.seoul@example.test, 받는사람 head.seoul@example.test (참조 hq+1@ex.test).',
      ),
    ).toBe('보낸사람: aw***@example.test, 받는사람 he***@example.test (참조 hq***@ex.test).');
  });

  it('masks addresses in serialised JSON and keeps it valid', () => {
    const text = JSON.stringify({ to: ['minji.kim@example.test', 'root@localhost'], note: '"x@y.test"\n' });
    const masked = maskEmailsIn(text);
    expect(JSON.parse(masked)).toEqual({
      to: ['mi***@example.test', 'ro***@localhost'],
      note: '"x***@y.test"\n',
    });
  });

  it('leaves text without addresses alone', () => {
    for (const text of ['', '추천서가 접수되었습니다.', 'a @ b', '@middy/core', 'price: 10@']) {
      expect(maskEmailsIn(text)).toBe(text);
    }
  });

  it('leaves no full address behind', () => {
    const masked = maskEmailsIn('minji.kim@example.test;award.seoul@example.test<head.busan@example.test>');
    expect(masked).not.toMatch(/minji|seoul|busan/);
    expect(masked).toBe('mi***@example.test;aw***@example.test<he***@example.test>');
  });
});

describe('log', () => {
  it('writes no full e-mail address, in the message or any field', () => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      log('error', 'mail to minji.kim@example.test failed', {
        to: 'head.seoul@example.test',
        recipients: ['award.seoul@example.test', { cc: 'hq.reviewer@example.test' }],
        errorMessage: 'Address blacklisted: minister.office@example.test',
        attempt: 2,
      });
      expect(write).toHaveBeenCalledTimes(1);
      const line = String(write.mock.calls[0]?.[0]);
      expect(line).not.toMatch(/minji|head\.seoul|award\.seoul|reviewer|office@/);
      expect(line.endsWith('\n')).toBe(true);
      expect(JSON.parse(line)).toMatchObject({
        level: 'ERROR',
        message: 'mail to mi***@example.test failed',
        to: 'he***@example.test',
        recipients: ['aw***@example.test', { cc: 'hq***@example.test' }],
        errorMessage: 'Address blacklisted: mi***@example.test',
        attempt: 2,
      });
    } finally {
      write.mockRestore();
    }
  });
});
