import { randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import { assertExecutionName, executionArn, type ServiceLocation } from './arns';
import type { PreparedDefinition } from './definition';
import { ServiceError } from './errors';
import { type JsonObject, type JsonValue, tryParseJson } from './json';
import type { ExecutionRecord, ExecutionStore } from './store';
import { type LocalLambda, runTask, type TaskHost } from './tasks';
import type { CallbackOutcome, TaskTokenRegistry } from './tokens';

type LibraryEvent = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;
type TaskOverrides = Record<string, (input: JsonValue) => Promise<JsonValue>>;

export interface StateMachineIdentity {
  name: string;
  arn: string;
  roleArn: string;
}

export interface ExecutionManagerOptions {
  location: ServiceLocation;
  stateMachine: StateMachineIdentity;
  prepared: PreparedDefinition;
  store: ExecutionStore;
  tokens: TaskTokenRegistry;
  lambdas: Readonly<Record<string, LocalLambda>>;
  log: (line: string) => void;
}

/** Library handles of an execution that is still running. */
interface RunningExecution {
  /** Settles every pending task attempt of the execution (and clears its timers). */
  halt: AbortController;
  /** The library's abort: ends the run loop, retry sleeps and the execution timer. */
  abortRun: () => void;
  /** Resolves when the library's event stream has ended. */
  drained: Promise<void>;
}

/**
 * Starts executions on aws-local-stepfunctions and turns its event stream, plus the task
 * runner's own task events, into an AWS-shaped execution history.
 */
export class ExecutionManager {
  private readonly machine: StateMachine;
  private readonly running = new Map<string, RunningExecution>();
  /** What `$$.Task.Token` resolves to; the task runner swaps in the real token. */
  private readonly tokenPlaceholder = `LOCAL_SFN_TASK_TOKEN_${randomUUID()}`;
  private closing = false;

  constructor(private readonly options: ExecutionManagerOptions) {
    this.machine = new StateMachine(options.prepared.definition);
  }

  get store(): ExecutionStore {
    return this.options.store;
  }

  /** StartExecution: a same-name start with the same input while running answers the original. */
  start(request: { name?: string; input?: string }): Readonly<ExecutionRecord> {
    const { store, stateMachine, location } = this.options;
    const name = request.name ?? randomUUID();
    assertExecutionName(name);
    const inputText = request.input ?? '{}';
    const parsedInput = tryParseJson(inputText);
    if (!parsedInput)
      throw new ServiceError('InvalidExecutionInput', 'Invalid State Machine Execution Input: not JSON');

    const arn = executionArn(location, stateMachine.name, name);
    const existing = store.get(arn);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === inputText) return existing;
      throw new ServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    if (this.closing) throw new ServiceError('InternalFailure', 'The service is shutting down');

    const record: ExecutionRecord = {
      executionArn: arn,
      stateMachineArn: stateMachine.arn,
      name,
      input: inputText,
      status: 'RUNNING',
      startDate: Date.now(),
    };
    store.insert(record);
    this.launch(record, parsedInput.value);
    this.options.log(`execution ${name} started`);
    return record;
  }

  /** StopExecution: ABORTED at once; pending tasks and their timers are cleared. */
  stop(arn: string, error?: string, cause?: string): { stopDate: number } {
    const record = this.options.store.get(arn);
    if (!record) throw new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    if (record.status !== 'RUNNING') return { stopDate: record.stopDate ?? Date.now() };
    const stopDate = Date.now();
    this.options.store.update(arn, { status: 'ABORTED', stopDate, error, cause });
    this.haltRun(arn);
    this.options.log(`execution ${record.name} stopped`);
    return { stopDate };
  }

  /** SendTaskSuccess / SendTaskFailure. */
  completeTask(taskToken: string, outcome: CallbackOutcome): void {
    this.options.tokens.complete(taskToken, outcome);
  }

  heartbeatTask(taskToken: string): void {
    this.options.tokens.heartbeat(taskToken);
  }

  /**
   * Halts every running execution without recording an end: they stay RUNNING in the store and
   * their callback checkpoints stay saved, so a persistent store could resume them later.
   */
  async close(): Promise<void> {
    this.closing = true;
    const draining = [...this.running.values()].map((run) => run.drained);
    for (const arn of [...this.running.keys()]) this.haltRun(arn);
    await Promise.all(draining);
  }

  private haltRun(arn: string): void {
    const run = this.running.get(arn);
    if (!run) return;
    // Settle pending tasks first: the library clears its task timer only when the task settles.
    run.halt.abort();
    run.abortRun();
  }

  private launch(record: ExecutionRecord, input: JsonValue): void {
    const { stateMachine, prepared } = this.options;
    const halt = new AbortController();
    const host = this.taskHost(record.executionArn, halt.signal);
    const overrides: TaskOverrides = {};
    for (const spec of prepared.tasks.values()) {
      overrides[spec.stateName] = (parameters) => runTask(host, spec, parameters);
    }
    // The library calls the first task override synchronously inside run(): `host` is ready.
    const run = this.machine.run(input, {
      overrides: { taskResourceLocalHandlers: overrides },
      noThrowOnAbort: true,
      context: {
        // The library does not fill $$.Execution.Id, $$.StateMachine or $$.Task.Token itself.
        Execution: { Id: record.executionArn, Name: record.name, RoleArn: stateMachine.roleArn },
        StateMachine: { Id: stateMachine.arn, Name: stateMachine.name },
        Task: { Token: this.tokenPlaceholder },
      },
    });
    // The outcome is read from the event stream; this only keeps the rejection handled.
    run.result.catch(() => undefined);
    const drained = this.recordEvents(record.executionArn, run.eventLogs, halt)
      .catch((error: unknown) =>
        this.options.log(`execution ${record.name}: history recording failed: ${String(error)}`),
      )
      .finally(() => this.running.delete(record.executionArn));
    this.running.set(record.executionArn, { halt, abortRun: run.abort, drained });
  }

  private taskHost(arn: string, haltSignal: AbortSignal): TaskHost {
    const { store, tokens, lambdas, location } = this.options;
    return {
      executionArn: arn,
      region: location.region,
      haltSignal,
      tokenPlaceholder: this.tokenPlaceholder,
      tokens,
      lambdas,
      record: (type, key, value) => {
        if (!haltSignal.aborted)
          store.appendEvent(arn, { type, timestamp: Date.now(), details: { key, value } });
      },
      // Library events reach recordEvents through an async generator, i.e. through microtasks
      // only; after one macrotask every event dispatched before now has been recorded.
      historyCaughtUp: () => new Promise((resolve) => setImmediate(resolve)),
      callbackWaiting: (stateName, taskToken, timeoutAt) => {
        const stateInput = latestStateInput(store, arn, stateName) ?? '{}';
        store.saveCheckpoint({ executionArn: arn, stateName, stateInput, taskToken, timeoutAt });
      },
      callbackEnded: (taskToken) => {
        // Closing keeps checkpoints: those tasks are to be resumed, not ended.
        if (!this.closing) store.deleteCheckpoint(taskToken);
      },
    };
  }

  private async recordEvents(
    arn: string,
    events: AsyncGenerator<LibraryEvent>,
    halt: AbortController,
  ): Promise<void> {
    for await (const event of events) {
      // Once closing, nothing more is recorded: the store keeps the state of the moment.
      if (!this.closing) this.recordEvent(arn, event, halt);
    }
  }

  /** Maps one library event to AWS history (state events) and status changes (execution events). */
  private recordEvent(arn: string, event: LibraryEvent, halt: AbortController): void {
    const { store, stateMachine } = this.options;
    const append = (type: string, key: string, value: JsonObject) =>
      store.appendEvent(arn, { type, timestamp: event.timestamp, details: { key, value } });
    const record = store.get(arn);
    if (!record) return;
    switch (event.type) {
      case 'ExecutionStarted':
        append('ExecutionStarted', 'executionStartedEventDetails', {
          input: JSON.stringify(event.input),
          inputDetails: { truncated: false },
          roleArn: stateMachine.roleArn,
        });
        return;
      case 'StateEntered':
        append(`${event.state.type}StateEntered`, 'stateEnteredEventDetails', {
          name: event.state.name,
          input: JSON.stringify(event.state.input),
          inputDetails: { truncated: false },
        });
        return;
      case 'StateExited':
        append(`${event.state.type}StateExited`, 'stateExitedEventDetails', {
          name: event.state.name,
          output: JSON.stringify(event.state.output ?? null),
          outputDetails: { truncated: false },
        });
        return;
      case 'ExecutionSucceeded': {
        const output = JSON.stringify(event.output);
        this.finish(record, { status: 'SUCCEEDED', stopDate: event.timestamp, output });
        append('ExecutionSucceeded', 'executionSucceededEventDetails', {
          output,
          outputDetails: { truncated: false },
        });
        return;
      }
      case 'ExecutionFailed': {
        const cause = typeof event.Cause === 'string' ? event.Cause : JSON.stringify(event.Cause ?? null);
        this.finish(record, { status: 'FAILED', stopDate: event.timestamp, error: event.Error, cause });
        append('ExecutionFailed', 'executionFailedEventDetails', { error: event.Error, cause });
        return;
      }
      case 'ExecutionAborted': {
        // StopExecution already set ABORTED (with its error/cause) when it answered.
        const details: JsonObject = {};
        if (record.error !== undefined) details.error = record.error;
        if (record.cause !== undefined) details.cause = record.cause;
        append('ExecutionAborted', 'executionAbortedEventDetails', details);
        return;
      }
      case 'ExecutionTimeout': {
        const cause = 'The execution ran longer than the state machine TimeoutSeconds';
        this.finish(record, {
          status: 'TIMED_OUT',
          stopDate: event.timestamp,
          error: 'States.Timeout',
          cause,
        });
        // The library aborted its own run; our pending tasks still hold timers and tokens.
        halt.abort();
        append('ExecutionTimedOut', 'executionTimedOutEventDetails', { error: 'States.Timeout', cause });
        return;
      }
      default:
        // StateFailed/Retried/Caught have no AWS event (the task events cover them);
        // Map/Parallel iteration events are not used by this project's ASL.
        return;
    }
  }

  private finish(record: Readonly<ExecutionRecord>, changes: Partial<ExecutionRecord>): void {
    if (record.status !== 'RUNNING') return;
    this.options.store.update(record.executionArn, changes);
    this.options.log(`execution ${record.name} ${changes.status?.toLowerCase()}`);
  }
}

function latestStateInput(store: ExecutionStore, arn: string, stateName: string): string | undefined {
  const events = store.events(arn);
  for (let index = events.length - 1; index >= 0; index--) {
    const details = events[index]?.details;
    if (details?.key === 'stateEnteredEventDetails' && details.value.name === stateName) {
      const input = details.value.input;
      return typeof input === 'string' ? input : undefined;
    }
  }
  return undefined;
}
