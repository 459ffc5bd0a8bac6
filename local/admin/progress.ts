/**
 * A progress bar on stderr for long reads (paging through many nominations or a long history).
 * Drawn only when stderr is a terminal: pipes, files and `--json` consumers see nothing of it.
 */
import { count } from './format';

export interface Progress {
  /** Whether anything is drawn (stderr is a terminal): extra reads for a total are worth it only then. */
  readonly active: boolean;
  /** `done` items so far; `total` when known (a bar), else a running count. */
  update(done: number, total?: number): void;
  /** Clears the line. */
  finish(): void;
}

export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

const NO_PROGRESS: Progress = { active: false, update: () => undefined, finish: () => undefined };
const BAR_WIDTH = 24;
const SWEEP = 6;
const REDRAW_MS = 80;

/**
 * The text of one progress line: with a total, `추천서 읽는 중 [██████░░░░░░] 1,200/4,800 (25%)`; without
 * one (yet), a block sweeping along the bar and the running count (`frame` moves it).
 */
export function progressLine(label: string, done: number, total?: number, frame = 0): string {
  if (total === undefined || total <= 0) {
    const span = BAR_WIDTH - SWEEP;
    const step = frame % (2 * span);
    const at = step <= span ? step : 2 * span - step;
    return `${label} [${'░'.repeat(at)}${'█'.repeat(SWEEP)}${'░'.repeat(span - at)}] ${count(done)}…`;
  }
  const ratio = Math.min(1, done / total);
  const filled = Math.round(ratio * BAR_WIDTH);
  return `${label} [${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${count(done)}/${count(total)} (${Math.floor(ratio * 100)}%)`;
}

export function createProgress(stream: ProgressStream, label: string, now = () => Date.now()): Progress {
  if (!stream.isTTY) return NO_PROGRESS;
  let drawnAt = 0;
  let drawn = false;
  let frame = 0;
  return {
    active: true,
    update(done, total) {
      const at = now();
      if (drawn && at - drawnAt < REDRAW_MS && done !== total) return;
      drawnAt = at;
      drawn = true;
      stream.write(`\r\u001b[2K${progressLine(label, done, total, frame++)}`);
    },
    finish() {
      if (drawn) stream.write('\r\u001b[2K');
      drawn = false;
    },
  };
}
