/**
 * The HQ export as people read it (issue 8): Korean column names, one row of texts per nomination
 * (labels for stages and decisions, times in KST), the sheets of the XLSX file and the file name.
 * The rows come from use-cases/export-cycle.ts; adapters/csv.ts and adapters/xlsx.ts write them.
 */
import { isStage, REVIEW_STAGES } from '../domain/stages';
import { compareSources, type ExportSource, standingDecisions } from '../use-cases/export-cycle';
import { DECISION_LABELS, STAGE_LABELS } from './texts';
import { formatKstTimestamp } from './time';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

export const EXPORT_HEADER = [
  '추천번호',
  '포상연도',
  '분야',
  '후보유형',
  '후보자',
  '소속',
  '직위',
  '추천센터',
  '단계',
  '접수일시(KST)',
  '최종 변경(KST)',
  '센터 심사 결정',
  '센터 심사 일시',
  '센터 심사 의견',
  '본부 심사 결정',
  '본부 심사 일시',
  '본부 심사 의견',
  '장관 결정',
  '장관 결정 일시',
  '장관 결정 의견',
  '보완 회차',
] as const;

/** The sheet of every row in an XLSX export. */
export const ALL_SHEET = '전체';

export interface ExportRow {
  readonly category: string;
  readonly cells: readonly string[];
}

function decisionText(decision: string): string {
  return (DECISION_LABELS as Record<string, string>)[decision] ?? decision;
}

function nomineeTypeText(type: string | undefined): string {
  if (type === 'individual') return '개인';
  if (type === 'organization') return '기관';
  return type ?? '';
}

/**
 * One row per nomination, sorted by category, then stage (in workflow order), then submission time.
 * `categoryNames` (id -> Korean name, from the cycle's settings) names the 분야 column and the sheets.
 */
export function buildExportRows(
  sources: readonly ExportSource[],
  categoryNames: ReadonlyMap<string, string> = new Map(),
): ExportRow[] {
  const categoryOf = (id: string | undefined) => categoryNames.get(id ?? '') ?? id ?? '';
  return [...sources].sort(compareSources).map(({ nomination, details, events }) => {
    const decisions = standingDecisions(events);
    const decisionCells = REVIEW_STAGES.flatMap((stage) => {
      const standing = decisions[stage];
      return standing
        ? [decisionText(standing.decision), formatKstTimestamp(standing.at), standing.comment ?? '']
        : ['', '', ''];
    });
    return {
      category: categoryOf(nomination.category),
      cells: [
        nomination.id,
        nomination.cycle ?? '',
        categoryOf(nomination.category),
        nomineeTypeText(nomination.nomineeType),
        details?.name ?? '',
        details?.affiliation ?? '',
        details?.position ?? '',
        nomination.centerName ?? nomination.centerId ?? '',
        isStage(nomination.stage) ? STAGE_LABELS[nomination.stage] : nomination.stage,
        formatKstTimestamp(nomination.createdAt),
        formatKstTimestamp(nomination.updatedAt),
        ...decisionCells,
        details?.correctionRound !== undefined ? String(details.correctionRound) : '',
      ],
    };
  });
}

/** A valid, unique sheet name: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(name: string, taken: Set<string>): string {
  const base = (name.replace(/[:\\/?*[\]]/g, '_').trim() || '분야 없음').slice(0, 31);
  let candidate = base;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) {
    candidate = `${base.slice(0, 31 - String(n).length - 1)}~${n}`;
  }
  taken.add(candidate.toLowerCase());
  return candidate;
}

export interface ExportSheet {
  readonly sheet: string;
  readonly rows: string[][];
}

/** The sheets of an XLSX export: '전체' (every row), then one per category. */
export function exportSheets(rows: readonly ExportRow[]): ExportSheet[] {
  const taken = new Set<string>([ALL_SHEET]);
  const byCategory = new Map<string, string[][]>();
  for (const row of rows) {
    const list = byCategory.get(row.category) ?? [];
    list.push([...row.cells]);
    byCategory.set(row.category, list);
  }
  return [
    { sheet: ALL_SHEET, rows: rows.map((row) => [...row.cells]) },
    ...[...byCategory].map(([category, list]) => ({ sheet: sheetName(category, taken), rows: list })),
  ];
}

/** The download's name: Korean (`올해의고용서비스상_2026_추천목록.xlsx`) and an ASCII fallback. */
export function exportFileName(
  cycle: string,
  format: ExportFormat,
): { readonly korean: string; readonly ascii: string } {
  const year = cycle.replace(/[^0-9A-Za-z-]/g, '');
  return {
    korean: `올해의고용서비스상_${year}_추천목록.${format}`,
    ascii: `award-${year}-nominations.${format}`,
  };
}

/** What the download answers besides the file (Korean pages through adapters/http-errors.ts). */
export const EXPORT_MESSAGES = {
  badFormat: (formats: readonly string[]) =>
    `내려받기 형식은 ${formats.join(' 또는 ')}만 선택할 수 있습니다.`,
  tooLarge:
    '내려받을 파일이 웹으로 보낼 수 있는 크기를 넘었습니다. 다른 형식(CSV 또는 XLSX)을 선택하거나, 운영 담당자에게 관리 도구(npm run admin -- export)로 내보내 달라고 요청해 주세요.',
} as const;
