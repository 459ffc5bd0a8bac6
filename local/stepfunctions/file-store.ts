import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import {
  type CallbackCheckpoint,
  type ExecutionRecord,
  type ExecutionStore,
  type HistoryEvent,
  InMemoryExecutionStore,
  type NewHistoryEvent,
} from './store';

/** One line of the journal: every change to the store, in the order it happened. */
type JournalEntry =
  | { op: 'insert'; record: ExecutionRecord }
  | { op: 'update'; arn: string; changes: Partial<ExecutionRecord> }
  | { op: 'event'; arn: string; event: NewHistoryEvent }
  | { op: 'checkpoint'; checkpoint: CallbackCheckpoint }
  | { op: 'uncheckpoint'; taskToken: string };

/**
 * The executions, histories and waiting callbacks under a directory, surviving Ctrl-C and kill -9:
 * every change is appended to a journal (one JSON line, written before the call returns, so an
 * acknowledged change is in the file; the OS keeps it when the process dies) and replayed on open.
 * Opening also compacts the journal (snapshot written to a temporary file, then renamed), and a
 * torn last line from a kill mid-write is skipped. Reads are served from memory.
 */
export class FileExecutionStore implements ExecutionStore {
  private readonly memory = new InMemoryExecutionStore();
  private fd: number;
  readonly file: string;

  constructor(directory: string) {
    mkdirSync(directory, { recursive: true });
    this.file = path.join(directory, 'executions.jsonl');
    if (existsSync(this.file)) this.replay(readFileSync(this.file, 'utf8'));
    this.compact();
    this.fd = openSync(this.file, 'a');
  }

  insert(record: ExecutionRecord): void {
    this.memory.insert(record);
    this.write({ op: 'insert', record });
  }

  get(executionArn: string): Readonly<ExecutionRecord> | undefined {
    return this.memory.get(executionArn);
  }

  update(executionArn: string, changes: Partial<Omit<ExecutionRecord, 'executionArn' | 'name'>>): void {
    this.memory.update(executionArn, changes);
    this.write({ op: 'update', arn: executionArn, changes });
  }

  listNewestFirst(): Readonly<ExecutionRecord>[] {
    return this.memory.listNewestFirst();
  }

  appendEvent(executionArn: string, event: NewHistoryEvent): HistoryEvent {
    const numbered = this.memory.appendEvent(executionArn, event);
    this.write({ op: 'event', arn: executionArn, event });
    return numbered;
  }

  events(executionArn: string): readonly HistoryEvent[] {
    return this.memory.events(executionArn);
  }

  saveCheckpoint(checkpoint: CallbackCheckpoint): void {
    this.memory.saveCheckpoint(checkpoint);
    this.write({ op: 'checkpoint', checkpoint });
  }

  deleteCheckpoint(taskToken: string): void {
    this.memory.deleteCheckpoint(taskToken);
    this.write({ op: 'uncheckpoint', taskToken });
  }

  listCheckpoints(): CallbackCheckpoint[] {
    return this.memory.listCheckpoints();
  }

  close(): void {
    closeSync(this.fd);
  }

  private write(entry: JournalEntry): void {
    // A field cleared by an update (stopDate on redrive) is written as null: JSON drops undefined.
    const line =
      entry.op === 'update'
        ? {
            ...entry,
            changes: Object.fromEntries(Object.entries(entry.changes).map(([k, v]) => [k, v ?? null])),
          }
        : entry;
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
  }

  private replay(text: string): void {
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let entry: JournalEntry;
      try {
        entry = JSON.parse(line) as JournalEntry;
      } catch {
        continue; // the torn last line of a kill mid-write: that change was never acknowledged
      }
      this.apply(entry);
    }
  }

  private apply(entry: JournalEntry): void {
    switch (entry.op) {
      case 'insert':
        if (!this.memory.get(entry.record.executionArn)) this.memory.insert(entry.record);
        return;
      case 'update':
        if (this.memory.get(entry.arn)) this.memory.update(entry.arn, withoutNulls(entry.changes));
        return;
      case 'event':
        if (this.memory.get(entry.arn)) this.memory.appendEvent(entry.arn, entry.event);
        return;
      case 'checkpoint':
        this.memory.saveCheckpoint(entry.checkpoint);
        return;
      case 'uncheckpoint':
        this.memory.deleteCheckpoint(entry.taskToken);
        return;
    }
  }

  /** Rewrites the journal as the smallest list of entries that rebuilds the current state. */
  private compact(): void {
    const lines: string[] = [];
    for (const record of [...this.memory.listNewestFirst()].reverse()) {
      lines.push(JSON.stringify({ op: 'insert', record }));
      for (const { id: _id, previousEventId: _previous, ...event } of this.memory.events(
        record.executionArn,
      )) {
        lines.push(JSON.stringify({ op: 'event', arn: record.executionArn, event }));
      }
    }
    for (const checkpoint of this.memory.listCheckpoints()) {
      lines.push(JSON.stringify({ op: 'checkpoint', checkpoint }));
    }
    const temporary = `${this.file}.tmp`;
    const fd = openSync(temporary, 'w');
    writeSync(fd, lines.length ? `${lines.join('\n')}\n` : '');
    closeSync(fd);
    renameSync(temporary, this.file);
  }
}

/** An update's nulls stand for cleared fields. */
function withoutNulls<T extends object>(changes: T): T {
  return Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v ?? undefined])) as T;
}
