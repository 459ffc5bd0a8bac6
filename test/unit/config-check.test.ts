import {
  arrayOf,
  type Check,
  email,
  formatIssues,
  int,
  isoDateTime,
  map,
  num,
  object,
  optional,
  parse,
  regex,
  str,
  url,
} from '../../functions/domain/check';
import * as z from '../../functions/domain/schema';

/** The value accepted, or the formatted issues. */
function run<T>(check: Check<T>, data: unknown): T | string {
  const result = parse(check, data);
  return result.ok ? result.value : formatIssues(result.issues);
}

const ok = <T>(check: Check<T>, data: unknown) => parse(check, data).ok;

describe('configuration checks', () => {
  it('str: type, minimum length, pattern, prefix', () => {
    expect(run(str(), 'x')).toBe('x');
    expect(run(str(), '')).toBe('');
    expect(run(str(), 3)).toBe('expected a string, got number');
    expect(run(str(), undefined)).toBe('expected a string, got missing');
    expect(run(str({ min: 1 }), '')).toBe('must not be empty');
    expect(run(str({ min: 3 }), 'ab')).toBe('must be at least 3 characters');
    expect(run(str({ max: 3 }), 'abcd')).toBe('must be at most 3 characters');
    expect(run(str({ max: 3 }), 'abc')).toBe('abc');
    expect(run(str({ min: 3 }), 'abc')).toBe('abc');
    expect(run(str({ pattern: /^\d{4}$/ }), '26')).toBe('must match /^\\d{4}$/');
    expect(run(regex(/^\d{4}$/), '2026')).toBe('2026');
    expect(run(str({ startsWith: 'arn:' }), 'aws:x')).toBe('must start with "arn:"');
    expect(run(str({ startsWith: 'arn:' }), 'arn:aws:x')).toBe('arn:aws:x');
  });

  it('num and int: finite numbers, integers, ranges', () => {
    expect(run(num(), 1.5)).toBe(1.5);
    expect(run(num(), '1')).toBe('expected a number, got string');
    expect(ok(num(), Number.NaN)).toBe(false);
    expect(ok(num(), Number.POSITIVE_INFINITY)).toBe(false);
    expect(run(num({ positive: true }), 0)).toBe('must be greater than 0');
    expect(run(num({ positive: true }), 0.5)).toBe(0.5);
    expect(run(num({ gte: 0 }), -1)).toBe('must be at least 0');
    expect(run(num({ gte: 0 }), 0)).toBe(0);
    expect(run(int({ gte: 0, lte: 3 }), 4)).toBe('must be at most 3');
    expect(run(int({ gte: 0, lte: 3 }), 3)).toBe(3);
    expect(run(int(), 1.5)).toBe('expected an integer');
    expect(ok(int(), Number.MAX_SAFE_INTEGER + 1)).toBe(false);
    expect(run(int({ positive: true }), 0)).toBe('must be greater than 0');
  });

  it('email, isoDateTime and url accept what zod did', () => {
    const emails = [
      'a@example.test',
      'first.last+tag@mail.example.co.kr',
      "o'neil@example.com",
      'a@b.c',
      '.a@example.com',
      'a..b@example.com',
      'a.@example.com',
      'a@-example.com',
      'a@example',
      'a b@example.com',
      '',
    ];
    for (const value of emails)
      expect([value, ok(email(), value)]).toEqual([value, z.email().safeParse(value).success]);

    const instants = [
      '2026-03-01T00:00:00Z',
      '2026-03-01T00:00:00.123Z',
      '2024-02-29T23:59:59Z',
      '2023-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-03-01T24:00:00Z',
      '2026-03-01T00:00Z',
      '2026-03-01T00:00:00+09:00',
      '2026-03-01T00:00:00',
      '2026-03-01',
    ];
    for (const value of instants)
      expect([value, ok(isoDateTime(), value)]).toEqual([value, z.iso.datetime().safeParse(value).success]);

    const urls = [
      'http://localhost:3000',
      'https://award.example.test/path?q=1',
      ' https://x.test ',
      'nope',
      '',
      'mailto:a@b.c',
    ];
    for (const value of urls) {
      const zod = z.url().safeParse(value);
      const ours = parse(url(), value);
      expect([value, ours.ok]).toEqual([value, zod.success]);
      if (ours.ok && zod.success) expect(ours.value).toBe(zod.data);
    }
    expect(run(email(), 3)).toBe('expected a string, got number');
    expect(run(email(), 'nope')).toBe('expected an e-mail address');
    expect(run(isoDateTime(), '2026-03-01')).toMatch(/^expected an ISO date-time in UTC/);
    expect(run(url(), 'nope')).toBe('expected a URL');
  });

  it('arrayOf: an array, a minimum count, each item at its index', () => {
    expect(run(arrayOf(num()), [1, 2])).toEqual([1, 2]);
    expect(run(arrayOf(num()), [])).toEqual([]);
    expect(run(arrayOf(num(), { min: 1 }), [])).toBe('must have at least 1 item');
    expect(run(arrayOf(num(), { min: 2 }), [1])).toBe('must have at least 2 items');
    expect(run(arrayOf(num()), { 0: 1 })).toBe('expected an array, got object');
    expect(run(arrayOf(num()), [1, 'x', null])).toBe(
      '[1]: expected a number, got string; [2]: expected a number, got null',
    );
  });

  it('object: fields checked at their paths, unknown keys left out, optional fields skippable', () => {
    const check = object({ name: str(), age: optional(int()) });
    expect(run(check, { name: 'a', age: 3, extra: true })).toEqual({ name: 'a', age: 3 });
    const withoutAge = run(check, { name: 'a' });
    expect(withoutAge).toEqual({ name: 'a' });
    expect(Object.keys(withoutAge as object)).toEqual(['name']);
    expect(run(check, { name: 'a', age: undefined })).toEqual({ name: 'a' });
    expect(run(check, { age: 'x' })).toBe(
      'name: expected a string, got missing; age: expected a number, got string',
    );
    expect(run(check, null)).toBe('expected an object, got null');
    expect(run(check, [])).toBe('expected an object, got array');
    expect(run(check, 'x')).toBe('expected an object, got string');
  });

  it('names nested fields as people write them, and strips unknown keys at every depth', () => {
    const check = object({
      centers: arrayOf(object({ id: str({ min: 1 }), head: object({ email: email() }) }), { min: 1 }),
      escalation: optional(object({ hq_review: optional(object({ email: email() })) })),
    });
    expect(
      run(check, {
        centers: [
          { id: 'a', head: { email: 'a@example.test' } },
          { id: '', head: { email: 'nope' } },
        ],
        escalation: { hq_review: { email: 'x' } },
      }),
    ).toBe(
      'centers[1].id: must not be empty; centers[1].head.email: expected an e-mail address; escalation.hq_review.email: expected an e-mail address',
    );
    expect(
      run(check, {
        centers: [{ id: 'a', head: { email: 'a@example.test', phone: '1' }, x: 1 }],
        escalation: { hq_review: { email: 'b@example.test', y: 2 }, z: 3 },
        w: 4,
      }),
    ).toEqual({
      centers: [{ id: 'a', head: { email: 'a@example.test' } }],
      escalation: { hq_review: { email: 'b@example.test' } },
    });
  });

  it('map: transforms only what its check accepted', () => {
    const seconds = map(str({ pattern: /^\d+$/ }), (value) => Number(value));
    expect(run(seconds, '30')).toBe(30);
    expect(run(seconds, '3x')).toBe('must match /^\\d+$/');
    expect(run(optional(seconds), undefined)).toBeUndefined();
  });

  it('infers the accepted type, optional fields optional', () => {
    const check = object({ a: str(), b: optional(num()), c: arrayOf(object({ d: optional(str()) })) });
    const result = parse(check, { a: 'x', c: [{}] });
    if (!result.ok) throw new Error('expected ok');
    const value: { a: string; b?: number; c: { d?: string }[] } = result.value;
    expect(value).toEqual({ a: 'x', c: [{}] });
  });
});
