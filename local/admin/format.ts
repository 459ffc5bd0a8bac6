/**
 * Everything the admin CLI prints, in one place: tables, key/value blocks, KST times, durations,
 * stage and event labels. Korean first, the English id or word after it, as on every other page.
 */

import type { AuditEvent } from '../../functions/domain/nomination';
import { type Decision, isDecision, isStage } from '../../functions/domain/stages';
import { describeEvent } from '../../functions/views/common';
import { DECISION_LABELS, STAGE_LABELS } from '../../functions/views/texts';
import { formatDuration, formatKstTimestamp } from '../../functions/views/time';
import { isStatus, OPS_ACTION_LABELS, type OpsAction, STATUS_LABELS } from '../ops-labels';

/** `2026-11-03 14:05:07 KST` (`.123` with `ms`); '-' for no time; an unparsable text as it is. */
export function formatKst(value: Date | string | number | undefined, options: { ms?: boolean } = {}): string {
  return formatKstTimestamp(value, { ...options, empty: '-' });
}

/** Elapsed time of a history event since the execution started: `0ms`, `1.234s`, then `2분 5초`. */
export function formatElapsed(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(3)}s`;
  return formatDuration(ms);
}

/** A deadline and how far away it is: `2026-11-17 14:05:07 KST (남은 시간 13일 23시간)` or `(기한 지남 2일 1시간)`. */
export function formatDeadline(expiresAt: string | undefined, now: Date): string {
  const date = expiresAt ? new Date(expiresAt) : undefined;
  if (!date || Number.isNaN(date.getTime())) return '-';
  const left = date.getTime() - now.getTime();
  const relative =
    left >= 0 ? `남은 시간 ${formatDuration(left)}` : `기한 지남 ${formatDuration(-left)} (overdue)`;
  return `${formatKst(date)} (${relative})`;
}

/**
 * Data from the table or the workflow, made safe for a terminal: no escape sequences or other
 * control characters (they could rewrite the screen), line breaks shown as ` / `.
 */
export function clean(text: string): string {
  return (
    text
      .replace(/\r\n|\r|\n/g, ' / ')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
      .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '?')
  );
}

/** Columns a character takes in a terminal: Hangul, CJK and full-width forms take two. */
function charWidth(codePoint: number): number {
  // Combining marks (e.g. the vowel and final jamo of a decomposed syllable) add nothing.
  if ((codePoint >= 0x0300 && codePoint <= 0x036f) || (codePoint >= 0x1160 && codePoint <= 0x11ff)) return 0;
  if (codePoint < 0x1100) return 1;
  if (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0x303e) ||
    (codePoint >= 0x3041 && codePoint <= 0x33ff) ||
    (codePoint >= 0x3400 && codePoint <= 0x4dbf) ||
    (codePoint >= 0x4e00 && codePoint <= 0x9fff) ||
    (codePoint >= 0xa960 && codePoint <= 0xa97f) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char.codePointAt(0) ?? 0);
  return width;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

export interface Column {
  readonly header: string;
  readonly align?: 'left' | 'right';
}

/** A plain-text table: a header, a rule, one line per row; cells cleaned, columns padded by display width. */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const cells = rows.map((row) => columns.map((_, index) => clean(row[index] ?? '')));
  const widths = columns.map((column, index) =>
    Math.max(displayWidth(column.header), ...cells.map((row) => displayWidth(row[index] ?? ''))),
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, index) => pad(value, widths[index] ?? 0, columns[index]?.align ?? 'left'))
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((column) => column.header)),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...cells.map(line),
  ].join('\n');
}

/** `label  value` lines, the labels padded to one width. */
export function renderFields(fields: readonly (readonly [string, string])[]): string {
  const width = Math.max(0, ...fields.map(([label]) => displayWidth(label)));
  return fields.map(([label, value]) => `  ${pad(label, width, 'left')}  ${clean(value)}`).join('\n');
}

/** `센터 심사 (center_review)`. */
export function stageText(stage: string | undefined): string {
  if (!stage) return '-';
  return isStage(stage) ? `${STAGE_LABELS[stage]} (${stage})` : clean(stage);
}

export function nomineeTypeText(type: string | undefined): string {
  if (type === 'individual') return '개인 (individual)';
  if (type === 'organization') return '기관 (organization)';
  return type ? clean(type) : '-';
}

/** Who decides at a review stage. */
export const APPROVER_ROLES: Readonly<Record<string, string>> = {
  center_review: '센터장 (center head)',
  hq_review: '본부 심사 담당 (HQ reviewer)',
  minister_approval: '장관실 (minister’s office)',
};

const APPROVAL_STATUS: Readonly<Record<string, string>> = {
  open: '대기 중 (open)',
  decided: '결정됨 (decided)',
  superseded: '새 링크로 대체됨 (superseded)',
  expired: '기한 만료 (expired)',
  void: '무효 (void)',
};

export function approvalStatusText(status: string | undefined): string {
  if (!status) return '-';
  return APPROVAL_STATUS[status] ?? clean(status);
}

/** `RUNNING (실행 중)`. */
export function executionStatusText(status: string | undefined): string {
  if (!status) return '-';
  return isStatus(status) ? `${status} (${STATUS_LABELS[status]})` : clean(status);
}

/** One audit event (`EVENT#...` of `NOM#<id>`) in a line; events this CLI does not know are shown by their type. */
export function describeAuditEvent(event: Readonly<Record<string, unknown>>): string {
  const text = (key: string) => (typeof event[key] === 'string' ? (event[key] as string) : '');
  const stage = (key: string) => {
    const value = text(key);
    return isStage(value) ? STAGE_LABELS[value] : value;
  };
  const decision = isDecision(text('decision'))
    ? DECISION_LABELS[text('decision') as Decision]
    : text('decision');
  switch (event.type) {
    case 'submitted':
      return '접수 (submitted)';
    case 'stage_changed':
      return `${stage('from')} → ${stage('to')}`;
    case 'decided':
      return `${stage('stage')}: ${decision}${text('comment') ? ` (${text('comment')})` : ''}`;
    case 'decision_voided':
      return `${stage('stage')}: ${decision} 결정 무효 (voided: ${text('reason')})`;
    case 'needs_attention':
      return `처리 필요 표시 (needs attention: ${text('error')})`;
    case 'ops_action': {
      const action = Object.hasOwn(OPS_ACTION_LABELS, text('action'))
        ? OPS_ACTION_LABELS[text('action') as OpsAction]
        : undefined;
      const outcome =
        text('outcome') === 'succeeded' ? '완료 (succeeded)' : `실패 (failed: ${text('error')})`;
      const reason = text('reason') ? ` — ${text('reason')}` : '';
      return `운영 조치: ${action ? `${action} (${text('action')})` : text('action')} ${outcome}${reason}`;
    }
    default: {
      // Every other kind as participants' pages say it (one wording for the whole system).
      const line = describeEvent(event as unknown as AuditEvent) as string | undefined;
      const type = typeof event.type === 'string' ? event.type : '?';
      return line ? `${line} (${type})` : type;
    }
  }
}

export function actorText(actor: unknown): string {
  if (actor === 'workflow') return '시스템 (workflow)';
  return typeof actor === 'string' && actor !== '' ? actor : '-';
}

/** `1,234`. */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** The one JSON document `--json` prints. */
export function toJson(data: unknown): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}
