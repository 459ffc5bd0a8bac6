import type { JsonObject } from './json';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  /** The execution input as JSON text. */
  input: string;
  status: ExecutionStatus;
  /** Epoch milliseconds. */
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  /** RedriveExecution: how often, and when last (epoch milliseconds). */
  redriveCount?: number;
  redriveDate?: number;
  /** The client tokens of the latest redrives (idempotency), newest last. */
  redriveClientTokens?: { clientToken: string; redriveDate: number }[];
}

/** A history event before the store numbers it. */
export interface NewHistoryEvent {
  /** AWS HistoryEventType, e.g. 'TaskStateEntered'. */
  type: string;
  /** Epoch milliseconds. */
  timestamp: number;
  /** The AWS detail member, e.g. { key: 'stateEnteredEventDetails', value: { name, input } }. */
  details?: { key: string; value: JsonObject };
}

export interface HistoryEvent extends NewHistoryEvent {
  id: number;
  previousEventId: number;
}

/**
 * A callback task waiting for SendTaskSuccess/Failure. Saved so that a later persistent store
 * can resume the execution after a restart: re-run the ASL from `stateName` with `stateInput`
 * and re-register `taskToken` without invoking the lambda again (see NOTES).
 */
export interface CallbackCheckpoint {
  executionArn: string;
  stateName: string;
  /** The state's raw input (before InputPath/Parameters) as JSON text. */
  stateInput: string;
  taskToken: string;
  /** Epoch milliseconds when the task times out. */
  timeoutAt: number;
}

/**
 * Where executions live. Synchronous on purpose: the token claim and status changes must be
 * atomic with respect to concurrent requests; a persistent version can write through.
 */
export interface ExecutionStore {
  insert(record: ExecutionRecord): void;
  get(executionArn: string): Readonly<ExecutionRecord> | undefined;
  update(executionArn: string, changes: Partial<Omit<ExecutionRecord, 'executionArn' | 'name'>>): void;
  /** Newest first (the order of ListExecutions). */
  listNewestFirst(): Readonly<ExecutionRecord>[];
  appendEvent(executionArn: string, event: NewHistoryEvent): HistoryEvent;
  events(executionArn: string): readonly HistoryEvent[];
  saveCheckpoint(checkpoint: CallbackCheckpoint): void;
  deleteCheckpoint(taskToken: string): void;
  listCheckpoints(): CallbackCheckpoint[];
}

export class InMemoryExecutionStore implements ExecutionStore {
  private readonly records = new Map<string, ExecutionRecord>();
  private readonly histories = new Map<string, HistoryEvent[]>();
  private readonly checkpoints = new Map<string, CallbackCheckpoint>();

  insert(record: ExecutionRecord): void {
    if (this.records.has(record.executionArn))
      throw new Error(`Execution already stored: ${record.executionArn}`);
    this.records.set(record.executionArn, { ...record });
    this.histories.set(record.executionArn, []);
  }

  get(executionArn: string): Readonly<ExecutionRecord> | undefined {
    return this.records.get(executionArn);
  }

  update(executionArn: string, changes: Partial<Omit<ExecutionRecord, 'executionArn' | 'name'>>): void {
    const record = this.records.get(executionArn);
    if (!record) throw new Error(`Unknown execution: ${executionArn}`);
    Object.assign(record, changes);
  }

  listNewestFirst(): Readonly<ExecutionRecord>[] {
    // Map keeps insertion order, and executions are inserted as they start.
    return [...this.records.values()].reverse();
  }

  appendEvent(executionArn: string, event: NewHistoryEvent): HistoryEvent {
    const history = this.histories.get(executionArn);
    if (!history) throw new Error(`Unknown execution: ${executionArn}`);
    const id = history.length + 1;
    const numbered: HistoryEvent = { ...event, id, previousEventId: id - 1 };
    history.push(numbered);
    return numbered;
  }

  events(executionArn: string): readonly HistoryEvent[] {
    return this.histories.get(executionArn) ?? [];
  }

  saveCheckpoint(checkpoint: CallbackCheckpoint): void {
    this.checkpoints.set(checkpoint.taskToken, { ...checkpoint });
  }

  deleteCheckpoint(taskToken: string): void {
    this.checkpoints.delete(taskToken);
  }

  listCheckpoints(): CallbackCheckpoint[] {
    return [...this.checkpoints.values()];
  }
}
