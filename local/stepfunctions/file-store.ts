import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { JsonlJournal } from '../jsonl-journal';
import { acquireLockFile } from '../lock-file';
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
 * every change is appended to a journal (local/jsonl-journal.ts: one JSON line, written before the
 * call returns) and replayed on open, when the journal is also compacted and a torn last line from a
 * kill mid-write is dropped. Reads are served from memory. One process at a time: a lock file in the
 * directory (its pid inside) refuses a second store, and is taken over when its process is gone.
 */
export class FileExecutionStore implements ExecutionStore {
  private readonly memory = new InMemoryExecutionStore();
  private readonly journal: JsonlJournal<JournalEntry>;
  private readonly releaseLock: () => void;
  readonly file: string;

  constructor(directory: string) {
    mkdirSync(directory, { recursive: true });
    this.file = path.join(directory, 'executions.jsonl');
    this.releaseLock = acquireLockFile(
      path.join(directory, 'executions.lock'),
      `Step Functions data ${directory}`,
    );
    try {
      this.journal = JsonlJournal.open<JournalEntry>(this.file, {
        replay: (entry) => this.apply(entry),
        compact: () => this.snapshot(),
      }).journal;
    } catch (error) {
      this.releaseLock();
      throw error;
    }
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
    this.journal.close();
    this.releaseLock();
  }

  private write(entry: JournalEntry): void {
    // A field cleared by an update (stopDate on redrive) is written as null: JSON drops undefined.
    this.journal.append(
      entry.op === 'update'
        ? {
            ...entry,
            changes: Object.fromEntries(Object.entries(entry.changes).map(([k, v]) => [k, v ?? null])),
          }
        : entry,
    );
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

  /** The smallest list of entries that rebuilds the current state (what compaction writes). */
  private snapshot(): JournalEntry[] {
    const entries: JournalEntry[] = [];
    for (const record of [...this.memory.listNewestFirst()].reverse()) {
      entries.push({ op: 'insert', record });
      for (const { id: _id, previousEventId: _previous, ...event } of this.memory.events(
        record.executionArn,
      )) {
        entries.push({ op: 'event', arn: record.executionArn, event });
      }
    }
    for (const checkpoint of this.memory.listCheckpoints()) entries.push({ op: 'checkpoint', checkpoint });
    return entries;
  }
}

/** An update's nulls stand for cleared fields. */
function withoutNulls<T extends object>(changes: T): T {
  return Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v ?? undefined])) as T;
}
