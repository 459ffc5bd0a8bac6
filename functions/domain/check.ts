/**
 * A small typed validator (configuration, environment, and the e-mail form the nomination rules
 * accept): the HTTP bundles do not carry zod for these. Each check returns the value it accepts (objects stripped of unknown keys) and
 * records what is wrong, with the path of the field, into `issues`.
 */

export type Path = readonly (string | number)[];

export interface Issue {
  readonly path: Path;
  readonly message: string;
}

/** Checks `value` found at `path`; returns the accepted value (meaningless once an issue was added). */
export type Check<T> = (value: unknown, path: Path, issues: Issue[]) => T;

/** A check a field may skip: an object leaves the key out when it is absent. */
export type Optional<T> = Check<T | undefined> & { readonly optional: true };

/** What a check accepts. */
export type Out<C> = C extends Check<infer T> ? T : never;

type Shape = Record<string, Check<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { optional: true } ? K : never }[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOf<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Out<S[K]> } & {
    [K in OptionalKeys<S>]?: Exclude<Out<S[K]>, undefined>;
  }
>;

function fail<T>(issues: Issue[], path: Path, message: string, value: unknown): T {
  issues.push({ path, message });
  return value as T;
}

const describe = (value: unknown) =>
  value === undefined ? 'missing' : value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

export interface StrRules {
  /** At least this many characters. */
  readonly min?: number;
  /** At most this many characters. */
  readonly max?: number;
  readonly pattern?: RegExp;
  readonly startsWith?: string;
}

/** A string, with optional length, pattern and prefix rules. */
export function str(rules: StrRules = {}): Check<string> {
  return (value, path, issues) => {
    if (typeof value !== 'string')
      return fail(issues, path, `expected a string, got ${describe(value)}`, value);
    const { min, max, pattern, startsWith } = rules;
    if (min !== undefined && value.length < min)
      return fail(
        issues,
        path,
        min === 1 ? 'must not be empty' : `must be at least ${min} characters`,
        value,
      );
    if (max !== undefined && value.length > max)
      return fail(issues, path, `must be at most ${max} characters`, value);
    if (pattern && !pattern.test(value)) return fail(issues, path, `must match ${pattern}`, value);
    if (startsWith !== undefined && !value.startsWith(startsWith))
      return fail(issues, path, `must start with "${startsWith}"`, value);
    return value;
  };
}

/** A string matching `pattern`. */
export const regex = (pattern: RegExp): Check<string> => str({ pattern });

export interface NumRules {
  /** A safe integer. */
  readonly int?: boolean;
  /** Greater than 0. */
  readonly positive?: boolean;
  readonly gte?: number;
  readonly lte?: number;
}

/** A finite number, with optional integer and range rules. */
export function num(rules: NumRules = {}): Check<number> {
  return (value, path, issues) => {
    if (typeof value !== 'number' || !Number.isFinite(value))
      return fail(issues, path, `expected a number, got ${describe(value)}`, value);
    const { int, positive, gte, lte } = rules;
    if (int && !Number.isSafeInteger(value)) return fail(issues, path, 'expected an integer', value);
    if (positive && !(value > 0)) return fail(issues, path, 'must be greater than 0', value);
    if (gte !== undefined && value < gte) return fail(issues, path, `must be at least ${gte}`, value);
    if (lte !== undefined && value > lte) return fail(issues, path, `must be at most ${lte}`, value);
    return value;
  };
}

/** A safe integer, with optional range rules. */
export const int = (rules: Omit<NumRules, 'int'> = {}): Check<number> => num({ ...rules, int: true });

// The address form zod's z.email() accepts (the configuration has always been checked against it).
export const EMAIL =
  /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

/** An e-mail address. */
export function email(): Check<string> {
  const string = str();
  return (value, path, issues) => {
    const count = issues.length;
    string(value, path, issues);
    if (issues.length > count) return value as string;
    return EMAIL.test(value as string)
      ? (value as string)
      : fail(issues, path, 'expected an e-mail address', value);
  };
}

const DATE =
  '(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))';
const DATE_TIME = new RegExp(`^${DATE}T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?Z$`);

/** An ISO 8601 instant in UTC with seconds (2026-03-01T00:00:00Z), a real calendar date. */
export function isoDateTime(): Check<string> {
  const string = str();
  return (value, path, issues) => {
    const count = issues.length;
    string(value, path, issues);
    if (issues.length > count) return value as string;
    return DATE_TIME.test(value as string)
      ? (value as string)
      : fail(issues, path, 'expected an ISO date-time in UTC (e.g. 2026-03-01T00:00:00Z)', value);
  };
}

/** A URL the platform parses; accepted trimmed, without tabs and line breaks. */
export function url(): Check<string> {
  const string = str();
  return (value, path, issues) => {
    const count = issues.length;
    string(value, path, issues);
    if (issues.length > count) return value as string;
    const trimmed = (value as string).trim();
    return URL.canParse(trimmed)
      ? trimmed.replace(/[\t\n\r]/g, '')
      : fail(issues, path, 'expected a URL', value);
  };
}

/** `check`, then `fn` of what it accepted (not called when the check failed). */
export function map<T, U>(check: Check<T>, fn: (value: T) => U): Check<U> {
  return (value, path, issues) => {
    const count = issues.length;
    const accepted = check(value, path, issues);
    return issues.length > count ? (accepted as unknown as U) : fn(accepted);
  };
}

/** An array of items each passing `item`; at least `min` of them. */
export function arrayOf<T>(item: Check<T>, rules: { readonly min?: number } = {}): Check<T[]> {
  return (value, path, issues) => {
    if (!Array.isArray(value)) return fail(issues, path, `expected an array, got ${describe(value)}`, value);
    if (rules.min !== undefined && value.length < rules.min)
      return fail(
        issues,
        path,
        `must have at least ${rules.min} ${rules.min === 1 ? 'item' : 'items'}`,
        value,
      );
    return value.map((element, index) => item(element, [...path, index], issues));
  };
}

/** An object with these fields (each checked at its path); keys not in `shape` are left out. */
export function object<S extends Shape>(shape: S): Check<ObjectOf<S>> {
  return (value, path, issues) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return fail(issues, path, `expected an object, got ${describe(value)}`, value);
    const input = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(shape)) {
      const accepted = check(input[key], [...path, key], issues);
      if (accepted !== undefined || key in input) out[key] = accepted;
    }
    return out as ObjectOf<S>;
  };
}

/** `check`, or nothing (undefined). */
export function optional<T>(check: Check<T>): Optional<T> {
  const skippable: Check<T | undefined> = (value, path, issues) =>
    value === undefined ? undefined : check(value, path, issues);
  return Object.assign(skippable, { optional: true as const });
}

/** A field path as people write it: `centers[0].head.email`. */
export function formatPath(path: Path): string {
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join('');
}

/** The issues, one `path: message` each (the message alone at the top level), joined by `; `. */
export function formatIssues(issues: readonly Issue[]): string {
  return issues
    .map((issue) => (issue.path.length ? `${formatPath(issue.path)}: ${issue.message}` : issue.message))
    .join('; ');
}

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: Issue[] };

/** Runs `check` on `data` from the top. */
export function parse<T>(check: Check<T>, data: unknown): Parsed<T> {
  const issues: Issue[] = [];
  const value = check(data, [], issues);
  return issues.length ? { ok: false, issues } : { ok: true, value };
}
