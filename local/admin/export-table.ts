/**
 * The HQ export of a cycle (admin CLI `export`): one row per nomination, Korean column names,
 * decisions and comments from each nomination's audit trail. Pure row building and CSV text here;
 * the XLSX file is written by `write-excel-file`.
 */
import {
  DECISION_LABELS,
  isStage,
  REVIEW_STAGES,
  type ReviewStage,
  STAGE_LABELS,
  STAGES,
} from '../../functions/domain/stages';
import { formatKstTimestamp } from '../../functions/views/time';
import type { AuditRecord, ExportDetails, NominationSummary } from './data';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

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

/** What one row is made of: the summary from gsi1, the nominee details and the audit trail. */
export interface ExportSource {
  readonly nomination: NominationSummary;
  readonly details?: ExportDetails;
  readonly events: readonly AuditRecord[];
}

export interface ExportRow {
  readonly category: string;
  readonly cells: readonly string[];
}

export interface StageDecision {
  readonly decision: string;
  readonly at?: string;
  readonly comment?: string;
}

/**
 * The decision that stands at each review stage: the newest `decided` event of the stage that no
 * later `decision_voided` event (same stage and decision) took back.
 */
export function standingDecisions(
  events: readonly AuditRecord[],
): Partial<Record<ReviewStage, StageDecision>> {
  const decided: { stage: string; decision: string; at?: string; comment?: string; voided: boolean }[] = [];
  for (const event of events) {
    const stage = typeof event.stage === 'string' ? event.stage : '';
    const decision = typeof event.decision === 'string' ? event.decision : '';
    if (event.type === 'decided') {
      decided.push({
        stage,
        decision,
        ...(typeof event.at === 'string' ? { at: event.at } : {}),
        ...(typeof event.comment === 'string' ? { comment: event.comment } : {}),
        voided: false,
      });
    } else if (event.type === 'decision_voided') {
      const target = decided.findLast(
        (entry) => !entry.voided && entry.stage === stage && entry.decision === decision,
      );
      if (target) target.voided = true;
    }
  }
  const result: Partial<Record<ReviewStage, StageDecision>> = {};
  for (const stage of REVIEW_STAGES) {
    const standing = decided.findLast((entry) => !entry.voided && entry.stage === stage);
    if (standing) {
      result[stage] = {
        decision: standing.decision,
        ...(standing.at ? { at: standing.at } : {}),
        ...(standing.comment ? { comment: standing.comment } : {}),
      };
    }
  }
  return result;
}

function decisionText(decision: string): string {
  return (DECISION_LABELS as Record<string, string>)[decision] ?? decision;
}

function nomineeTypeText(type: string | undefined): string {
  if (type === 'individual') return '개인';
  if (type === 'organization') return '기관';
  return type ?? '';
}

function stageOrder(stage: string): number {
  return isStage(stage) ? STAGES.indexOf(stage) : STAGES.length;
}

function compareSources(a: ExportSource, b: ExportSource): number {
  const x = a.nomination;
  const y = b.nomination;
  return (
    (x.category ?? '').localeCompare(y.category ?? '') ||
    stageOrder(x.stage) - stageOrder(y.stage) ||
    (x.createdAt ?? '').localeCompare(y.createdAt ?? '') ||
    x.id.localeCompare(y.id)
  );
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

/** A value a spreadsheet would read as a formula (= + - @, or a leading tab/CR) gets an apostrophe first. */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvField(value: string): string {
  const safe = neutralizeFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** RFC 4180 CSV: UTF-8 with a BOM (Excel reads Korean then), CRLF line ends, quoted where needed. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
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

/** The sheets of an XLSX export: '전체' (every row), then one per category. */
export function exportSheets(rows: readonly ExportRow[]): { sheet: string; rows: string[][] }[] {
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

/** Writes the XLSX file (text cells only: nothing is read as a formula). */
export async function writeXlsx(file: string, rows: readonly ExportRow[]): Promise<void> {
  const { default: writeXlsxFile } = await import('write-excel-file/node');
  const header = EXPORT_HEADER.map((title) => ({ value: title, type: String, fontWeight: 'bold' as const }));
  const sheets = exportSheets(rows).map(({ sheet, rows: list }) => ({
    sheet,
    stickyRowsCount: 1,
    data: [header, ...list.map((cells) => cells.map((value) => ({ value, type: String })))],
    columns: EXPORT_HEADER.map((title) => ({ width: Math.max(10, title.length * 2 + 2) })),
  }));
  await writeXlsxFile(sheets).toFile(file);
}
