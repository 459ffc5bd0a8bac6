/**
 * Times as operators read them: stored and sent in UTC, shown in KST (Asia/Seoul, UTC+9, no
 * daylight saving) as `2026-11-03 14:05:07 KST`, and durations in Korean units. One home for the
 * ops console, the admin CLI and any page that wants the same form.
 */

const KST_OFFSET_MS = 9 * 60 * 60 * 1000;

export interface KstTimestampOptions {
  /** Add milliseconds: `2026-11-03 14:05:07.123 KST`. */
  readonly ms?: boolean;
  /** What stands for no time (undefined or ''); default ''. */
  readonly empty?: string;
}

/**
 * `2026-11-03 14:05:07 KST` for a Date, an ISO text or epoch milliseconds; `empty` for no time;
 * a text that is not a time comes back as it is.
 */
export function formatKstTimestamp(
  value: Date | string | number | undefined,
  options: KstTimestampOptions = {},
): string {
  if (value === undefined || value === '') return options.empty ?? '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return typeof value === 'string' ? value : (options.empty ?? '');
  const shifted = new Date(date.getTime() + KST_OFFSET_MS).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, options.ms ? 23 : 19)} KST`;
}

/** `3일 4시간`, `2시간 5분`, `4분 12초`, `850ms`: the two largest units; '' for no duration. */
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
