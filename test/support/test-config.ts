import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const CONFIG = path.join(__dirname, '..', '..', 'config');
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A config directory (AWARD_CONFIG_DIR) like config/, whose 2026 cycle is open around the test
 * run whatever today's date: tests never depend on the calendar. 2023 stays closed.
 */
export function openCycleConfig(changes: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'award-config-'));
  copyFileSync(path.join(CONFIG, 'directory.json'), path.join(dir, 'directory.json'));
  copyFileSync(path.join(CONFIG, 'cycle-2023.json'), path.join(dir, 'cycle-2023.json'));
  const cycle = JSON.parse(readFileSync(path.join(CONFIG, 'cycle-2026.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const now = Date.now();
  Object.assign(cycle, {
    submissionOpens: new Date(now - 30 * DAY_MS).toISOString(),
    submissionDeadline: new Date(now + 30 * DAY_MS).toISOString(),
    ...changes,
  });
  writeFileSync(path.join(dir, 'cycle-2026.json'), JSON.stringify(cycle, null, 2));
  return dir;
}
