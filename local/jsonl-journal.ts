import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';

/**
 * An append-only file of JSON lines that survives Ctrl-C and kill -9 (the local runtime's outbox and
 * Step Functions store). Each entry is one `write` of one line, done before the caller answers, so
 * an acknowledged entry is in the file (the OS keeps it when the process dies). A kill in the middle
 * of a write leaves a torn last line: opening skips it and rewrites the file whole (a temporary
 * file, fsynced, renamed over it), so the file always ends with a newline and the next entry never
 * lands on the end of a torn one.
 */
export class JsonlJournal<T> {
  private fd: number | undefined;

  private constructor(readonly file: string) {}

  /**
   * Opens (or creates) the journal: `replay` gets every whole entry in order, then the file is
   * rewritten as `compact()` (by default the entries read). Answers the journal, ready to append,
   * and how many unreadable lines were skipped.
   */
  static open<T>(
    file: string,
    options: { replay?: (entry: T) => void; compact?: () => readonly T[] } = {},
  ): { journal: JsonlJournal<T>; skipped: number } {
    mkdirSync(path.dirname(file), { recursive: true });
    const entries: T[] = [];
    let skipped = 0;
    if (existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        let entry: T;
        try {
          entry = JSON.parse(line) as T;
        } catch {
          skipped += 1; // the torn last line of a kill mid-write: that entry was never acknowledged
          continue;
        }
        entries.push(entry);
        options.replay?.(entry);
      }
    }
    const journal = new JsonlJournal<T>(file);
    journal.rewrite(options.compact ? options.compact() : entries);
    return { journal, skipped };
  }

  /** Appends one entry as one line (a single write). */
  append(entry: T): void {
    if (this.fd === undefined) throw new Error(`Journal ${this.file} is closed`);
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
  }

  /** Replaces the whole file with `entries`, atomically (temporary file, fsync, rename). */
  rewrite(entries: readonly T[]): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    const temporary = `${this.file}.tmp`;
    const fd = openSync(temporary, 'w');
    try {
      if (entries.length > 0) writeSync(fd, `${entries.map((entry) => JSON.stringify(entry)).join('\n')}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.file);
    syncDirectory(path.dirname(this.file));
    this.fd = openSync(this.file, 'a');
  }

  /** Empties the file. */
  clear(): void {
    if (this.fd === undefined) throw new Error(`Journal ${this.file} is closed`);
    ftruncateSync(this.fd, 0);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Makes a rename in `directory` durable (where the platform allows opening a directory). */
function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch {
    // Not supported here (e.g. Windows): the rename is still atomic, only not yet on disk.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
