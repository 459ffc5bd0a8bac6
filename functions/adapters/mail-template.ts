import { josa } from '../domain/fields';

/**
 * The plain-text template of an e-mail nomination (DESIGN.md, "Public contract"): one `항목: 값`
 * line per field. This module turns a mail body into the JSON contract shape; validation judges it.
 */
type ValueKind =
  | 'text' // one line; wrapped continuation lines are joined with a space
  | 'paragraphs' // free text over several lines, kept as written
  | 'year'
  | 'nomineeType'
  | 'years'
  | 'period'
  | 'presence' // 유 | 무
  | 'agreement' // 예 | 아니오
  | 'id';

interface TemplateField {
  readonly label: string;
  /** Field path in the JSON contract, as validation errors name it. */
  readonly path: string;
  readonly kind: ValueKind;
  /** Shown after the label in the blank template. */
  readonly hint: string;
  /** Other spellings people use for the label (compared without spaces). */
  readonly aliases?: readonly string[];
}

/** The one table of template labels; every lookup in either direction is derived from it. */
export const TEMPLATE_LABELS = [
  { label: '포상연도', path: 'cycle', kind: 'year', hint: '예: 2026' },
  {
    label: '분야',
    path: 'category',
    kind: 'text',
    hint: '분야 이름 또는 ID, 예: 수요자 맞춤형 취업·채용지원 서비스',
  },
  { label: '후보유형', path: 'nomineeType', kind: 'nomineeType', hint: '개인 | 기관' },
  {
    label: '성명',
    path: 'nominee.name',
    kind: 'text',
    hint: '후보자 성명, 기관 후보는 기관명',
    aliases: ['성명(기관명)'],
  },
  { label: '소속', path: 'nominee.affiliation', kind: 'text', hint: '예: 서울고용복지플러스센터 취업지원과' },
  { label: '직위', path: 'nominee.position', kind: 'text', hint: '개인 후보만, 예: 주무관' },
  {
    label: '이메일',
    path: 'nominee.email',
    kind: 'text',
    hint: '개인 후보의 이메일, 수상 안내에 씁니다',
    aliases: ['이메일주소'],
  },
  { label: '근무연수', path: 'nominee.serviceYears', kind: 'years', hint: '숫자, 예: 6' },
  { label: '공적기간', path: 'meritPeriod', kind: 'period', hint: '예: 2023.01-2023.12' },
  { label: '공적요지', path: 'meritSummary', kind: 'paragraphs', hint: '공적을 한두 문장으로' },
  {
    label: '세부공적',
    path: 'meritDetails',
    kind: 'paragraphs',
    hint: '여러 줄로 적을 수 있습니다. 다음 항목 전까지가 내용입니다',
  },
  { label: '포상경력', path: 'priorAwards', kind: 'paragraphs', hint: '없으면 -' },
  { label: '징계여부', path: 'disciplinaryHistory', kind: 'presence', hint: '유 | 무' },
  {
    label: '본인동의',
    path: 'consent',
    kind: 'agreement',
    hint: '후보자 본인의 개인정보 수집·이용 동의, 예 | 아니오',
  },
  { label: '추천센터', path: 'centerId', kind: 'id', hint: '센터 ID, 예: seoul' },
  {
    label: '제출자',
    path: 'submitter.name',
    kind: 'text',
    hint: '제출하는 분의 성명, 회신은 보낸 주소로 갑니다',
  },
] as const satisfies readonly TemplateField[];

export type TemplateLabel = (typeof TEMPLATE_LABELS)[number]['label'];

// Spaces inside a label ("공적 기간") and invisible characters some editors insert do not count.
const compact = (label: string) => label.replace(/[\s\p{Cf}]+/gu, '');

export const FIELD_PATH_BY_LABEL: ReadonlyMap<TemplateLabel, string> = new Map(
  TEMPLATE_LABELS.map((field) => [field.label, field.path]),
);
export const LABEL_BY_FIELD_PATH: ReadonlyMap<string, TemplateLabel> = new Map(
  TEMPLATE_LABELS.map((field) => [field.path, field.label]),
);
const FIELD_BY_SPELLING: ReadonlyMap<string, TemplateField> = new Map(
  TEMPLATE_LABELS.flatMap((field: TemplateField) =>
    [field.label, ...(field.aliases ?? [])].map((spelling) => [compact(spelling), field] as const),
  ),
);

/** Paths validation may report that no template line fills directly. */
const LABEL_OF_OTHER_PATH: Readonly<Record<string, string>> = {
  'submitter.email': '보낸 사람 주소',
  submitter: '제출자',
  nominee: '후보자 정보',
  _: '메일 본문',
};

/**
 * The label to name a validation error by in a reply mail: 'meritPeriod.to' -> '공적기간',
 * 'submitter.email' -> '보낸 사람 주소'. An unknown path is returned as it is.
 */
export function labelForFieldPath(path: string): string {
  const other = LABEL_OF_OTHER_PATH[path];
  if (other) return other;
  for (let prefix = path; prefix; prefix = prefix.slice(0, Math.max(prefix.lastIndexOf('.'), 0))) {
    const label = LABEL_BY_FIELD_PATH.get(prefix);
    if (label) return label;
  }
  return path;
}

export interface ParsedTemplate {
  /** The JSON contract shape, with the fields that could be read; validation judges the rest. */
  readonly raw: Record<string, unknown>;
  /** Korean message per label (unknown labels included). Never quotes the mail. */
  readonly errors: Record<string, string>;
}

type Conversion = { readonly value: unknown } | { readonly error: string } | { readonly empty: true };

/**
 * Reads the template out of a mail body. Lines before the first label, quoted reply lines (`>`)
 * and everything from a signature (`--`) or a quoted original message on are ignored. A value runs
 * until the next known label; a one-line field also ends at a blank line, so a signature without
 * `--` does not run into the last field. `이름: 값` lines with an unknown name are reported, except
 * inside free text (세부공적 may well contain "성과: ...").
 */
export function parseNominationTemplate(text: string, senderAddress: string): ParsedTemplate {
  const raw: Record<string, unknown> = { nominee: {}, submitter: { email: senderAddress } };
  const errors: Record<string, string> = {};
  const seen = new Set<TemplateField>();
  const repeated = new Set<TemplateField>();
  let current: { field?: TemplateField; lines: string[]; closed: boolean } | undefined;

  const finish = () => {
    const field = current?.field;
    if (!current || !field) return;
    const converted = convert(field, current.lines);
    if ('error' in converted) errors[field.label] = converted.error;
    else if ('value' in converted) setPath(raw, field.path, converted.value);
  };

  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (endsTemplate(line)) break;
    if (/^\s*>/.test(line)) continue;
    const labelled = splitLabel(line);
    const field = labelled && FIELD_BY_SPELLING.get(compact(labelled.label));
    if (labelled && field) {
      finish();
      if (seen.has(field)) repeated.add(field);
      seen.add(field);
      current = { field, lines: [labelled.value], closed: false };
      continue;
    }
    if (!current || current.closed) continue;
    const insideFreeText = current.field?.kind === 'paragraphs';
    if (labelled && !insideFreeText && looksLikeLabel(labelled)) {
      finish();
      errors[labelled.label] ??= '양식에 없는 항목입니다. 항목 이름을 양식 그대로 적어 주세요.';
      current = { lines: [labelled.value], closed: false };
      continue;
    }
    if (!insideFreeText && line.trim() === '' && current.lines.some((each) => each.trim() !== '')) {
      current.closed = true;
      continue;
    }
    current.lines.push(line);
  }
  finish();
  for (const field of repeated) {
    // Two values for one field: leave it out rather than guess which one was meant.
    errors[field.label] = '같은 항목이 두 번 이상 적혀 있습니다. 한 번만 적어 주세요.';
    deletePath(raw, field.path);
  }
  return { raw, errors };
}

/** A signature, or the start of a quoted message in a reply or forward. */
function endsTemplate(line: string): boolean {
  const trimmed = line.trim();
  return (
    trimmed === '--' ||
    /^-{2,}\s*(original message|forwarded message|원본 메시지|전달된 메시지)\s*-{2,}$/i.test(trimmed) ||
    /^_{10,}$/.test(trimmed)
  );
}

/** `라벨: 값` or `라벨：값` (full-width colon), the label short and free of colons. */
function splitLabel(line: string): { label: string; value: string } | undefined {
  const match = /^\s*([^\s:：][^:：]{0,19}?)\s*[:：]\s*(.*)$/.exec(line);
  if (!match) return undefined;
  // Bullets people put before labels ("- 성명", "■ 성명") are not part of the label.
  const label = (match[1] ?? '').replace(/^[-*•·■□○●▶►◦]\s*/, '').trim();
  return { label, value: match[2] ?? '' };
}

/** Whether `이름: 값` reads as a mistaken label rather than as text (a URL, a time, a sentence). */
function looksLikeLabel({ label, value }: { label: string; value: string }): boolean {
  return /^[\p{L}()]+(?: [\p{L}()]+)?$/u.test(label) && label.length <= 12 && !value.startsWith('//');
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node = target;
  for (const key of keys) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[last] = value;
}

function deletePath(target: Record<string, unknown>, path: string): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node: unknown = target;
  for (const key of keys) node = (node as Record<string, unknown> | undefined)?.[key];
  if (typeof node === 'object' && node !== null) delete (node as Record<string, unknown>)[last];
}

const topic = (label: string) => `${label}${josa(label, '은', '는')}`;

function convert(field: TemplateField, lines: readonly string[]): Conversion {
  const value =
    field.kind === 'paragraphs'
      ? lines
          .map((line) => line.trimEnd())
          .join('\n')
          .replace(/^\s*\n|\n\s*$/g, '')
          .trim()
      : lines
          .map((line) => line.trim())
          .filter(Boolean)
          .join(' ');
  // An empty line, or the blank template's hint left in place, means the field was not filled in.
  if (value === '' || value === `(${field.hint})`) return { empty: true };
  // Full-width digits and punctuation from Korean input methods read as their ASCII forms.
  const normalized = value.normalize('NFKC').replace(/\s+/g, ' ').trim();
  switch (field.kind) {
    case 'text':
    case 'paragraphs':
      return { value };
    case 'id':
      return { value: value.toLowerCase() };
    case 'year': {
      const year = /^(\d{4})\s*년?도?$/.exec(normalized)?.[1];
      return { value: year ?? value };
    }
    case 'nomineeType':
      return oneOf(
        normalized,
        { 개인: 'individual', individual: 'individual', 기관: 'organization', organization: 'organization' },
        `${topic(field.label)} 개인 또는 기관으로 적어 주세요.`,
      );
    case 'years': {
      const years = /^(\d{1,3})\s*년?$/.exec(normalized)?.[1];
      return years
        ? { value: Number(years) }
        : { error: `${topic(field.label)} 숫자로 적어 주세요. (예: 6 또는 6년)` };
    }
    case 'period': {
      const period = parsePeriod(normalized);
      return period
        ? { value: period }
        : { error: `${topic(field.label)} 2023.01-2023.12 형식으로 적어 주세요.` };
    }
    case 'presence':
      return oneOf(
        normalized,
        { 유: true, 있음: true, 무: false, 없음: false },
        `${topic(field.label)} 유 또는 무로 적어 주세요.`,
      );
    case 'agreement':
      return oneOf(
        normalized,
        { 예: true, 네: true, 동의: true, 아니오: false, 아니요: false, 미동의: false, 부동의: false },
        `${topic(field.label)} 예 또는 아니오로 적어 주세요.`,
      );
  }
}

function oneOf(value: string, accepted: Readonly<Record<string, unknown>>, error: string): Conversion {
  const key = value.toLowerCase();
  return Object.hasOwn(accepted, key) ? { value: accepted[key] } : { error };
}

const YEAR_MONTH = String.raw`(\d{4})\s*[.\-/년]\s*(\d{1,2})\s*(?:월|\.)?`;
const PERIOD = new RegExp(`^${YEAR_MONTH}\\s*(?:~|-|–|—|부터)\\s*${YEAR_MONTH}\\s*(?:까지)?$`);

/** `2023.01-2023.12`, `2023-01 ~ 2023-12`, `2023.1-2023.12`, `2023년 1월 ~ 2023년 12월` -> YYYY-MM. */
function parsePeriod(value: string): { from: string; to: string } | undefined {
  const match = PERIOD.exec(value);
  if (!match) return undefined;
  const [, fromYear, fromMonth, toYear, toMonth] = match;
  const month = (text: string | undefined) => {
    const number = Number(text);
    return number >= 1 && number <= 12 ? String(number).padStart(2, '0') : undefined;
  };
  const from = month(fromMonth);
  const to = month(toMonth);
  return from && to ? { from: `${fromYear}-${from}`, to: `${toYear}-${to}` } : undefined;
}

function valueAt(source: Record<string, unknown>, path: string): unknown {
  let node: unknown = source;
  for (const key of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  return node;
}

/** A contract value written back the way the template asks for it; undefined when absent. */
function templateValue(field: TemplateField, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  switch (field.kind) {
    case 'nomineeType':
      return value === 'organization' ? '기관' : value === 'individual' ? '개인' : String(value);
    case 'presence':
      return typeof value === 'boolean' ? (value ? '유' : '무') : String(value);
    case 'agreement':
      return typeof value === 'boolean' ? (value ? '예' : '아니오') : String(value);
    case 'period': {
      const { from, to } = value as { from?: string; to?: string };
      return from && to ? `${from.replace('-', '.')}-${to.replace('-', '.')}` : undefined;
    }
    default:
      return String(value);
  }
}

/**
 * The template to copy into a mail: every label with a short hint, or with the value of `example`
 * (a nomination in the JSON contract shape) where it has one.
 */
export function templateText(example?: Record<string, unknown>): string {
  return TEMPLATE_LABELS.map((field: TemplateField) => {
    const value = example ? templateValue(field, valueAt(example, field.path)) : undefined;
    return `${field.label}: ${value ?? `(${field.hint})`}`;
  }).join('\n');
}
