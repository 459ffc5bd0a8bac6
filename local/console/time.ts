/** Times on console pages: stored and sent in UTC, shown in KST (UTC+9, no daylight saving). */

const KST_OFFSET_MS = 9 * 60 * 60 * 1000;

function toDate(value: Date | string | number | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `2026-11-03 14:05:07 KST` (with `.123` milliseconds when asked); '' for no time. */
export function formatKst(value: Date | string | number | undefined, options: { ms?: boolean } = {}): string {
  const date = toDate(value);
  if (!date) return typeof value === 'string' ? value : '';
  const shifted = new Date(date.getTime() + KST_OFFSET_MS).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, options.ms ? 23 : 19)} KST`;
}

/** `3일 4시간`, `2시간 5분`, `4분 12초`, `850ms`: the two largest units. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = Math.floor(ms / 1000);
  const units: [number, string][] = [
    [Math.floor(seconds / 86_400), '일'],
    [Math.floor((seconds % 86_400) / 3600), '시간'],
    [Math.floor((seconds % 3600) / 60), '분'],
    [seconds % 60, '초'],
  ];
  const first = units.findIndex(([amount]) => amount > 0);
  return units
    .slice(first, first + 2)
    .filter(([amount]) => amount > 0)
    .map(([amount, unit]) => `${amount}${unit}`)
    .join(' ');
}
