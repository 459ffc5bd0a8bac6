import { randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import { assertExecutionName, executionArn, type ServiceLocation } from './arns';
import type { PreparedDefinition } from './definition';
import { ServiceError } from './errors';
import { isJsonObject, type JsonObject, type JsonValue, tryParseJson } from './json';
import type { ExecutionRecord, ExecutionStore, HistoryEvent } from './store';
import { type LocalLambda, runTask, type TaskHost } from './tasks';
import type { CallbackOutcome, TaskTokenRegistry } from './tokens';

type LibraryEvent = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;
type TaskOverrides = Record<string, (input: JsonValue) => Promise<JsonValue>>;

/** As AWS: RedriveExecution answers idempotently for the last 10 client tokens, for 15 minutes. */
const REDRIVE_TOKENS_KEPT = 10;
const REDRIVE_TOKEN_TTL_MS = 15 * 60 * 1000;

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

/**
 * Where a run picks up an execution that was already under way: after a restart (`callback` set
 * when a task was waiting for its token), or a redrive.
 */
interface ContinueFrom {
  stateName: string;
  input: JsonValue;
  callback?: { taskToken: string; timeoutAt: number };
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
  /** The same definition starting at another state (resume, redrive), by state name. */
  private readonly machinesFrom = new Map<string, StateMachine>();
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

  /**
   * After a restart: every execution the store has as RUNNING continues. One that waited for a
   * callback waits again with the same token and deadline (its function is not invoked again, so
   * no mail is sent twice); one that was between states continues after its last completed state;
   * a task cut off mid-run runs again (tasks are idempotent).
   */
  resumeRunning(): number {
    const { store } = this.options;
    const waiting = new Map(
      store.listCheckpoints().map((checkpoint) => [checkpoint.executionArn, checkpoint]),
    );
    let resumed = 0;
    for (const record of store.listNewestFirst()) {
      if (record.status !== 'RUNNING' || this.running.has(record.executionArn)) continue;
      const checkpoint = waiting.get(record.executionArn);
      const from: ContinueFrom = checkpoint
        ? {
            stateName: checkpoint.stateName,
            input: tryParseJson(checkpoint.stateInput)?.value ?? {},
            callback: { taskToken: checkpoint.taskToken, timeoutAt: checkpoint.timeoutAt },
          }
        : this.continuePoint(record);
      this.launch(record, from.input, from);
      resumed += 1;
    }
    if (resumed > 0) this.options.log(`resumed ${resumed} running execution(s)`);
    return resumed;
  }

  /**
   * RedriveExecution: a FAILED, TIMED_OUT or ABORTED execution runs again from the state that did
   * not finish (the one whose error the workflow caught, or that was waiting when it stopped), with
   * that state's input; the history continues with an ExecutionRedriven event. Refused while the
   * previous run is still winding down (stopped a moment ago). A `clientToken` used before (last 10,
   * 15 minutes) answers that redrive's date and changes nothing.
   */
  redrive(arn: string, clientToken?: string): { redriveDate: number } {
    const { store } = this.options;
    const record = store.get(arn);
    if (!record) throw new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    const now = Date.now();
    // The same clientToken again (a double-submitted form, an SDK retry) answers the first redrive.
    const earlier = clientToken
      ? record.redriveClientTokens?.find(
          (used) => used.clientToken === clientToken && now - used.redriveDate < REDRIVE_TOKEN_TTL_MS,
        )
      : undefined;
    if (earlier) return { redriveDate: earlier.redriveDate };
    if (!['FAILED', 'TIMED_OUT', 'ABORTED'].includes(record.status)) {
      throw new ServiceError(
        'ExecutionNotRedrivable',
        `Execution is ${record.status}: only FAILED, TIMED_OUT or ABORTED executions can be redriven`,
      );
    }
    if (this.running.has(arn)) {
      throw new ServiceError(
        'ExecutionNotRedrivable',
        'Execution is still winding down from its last run: try again in a moment',
      );
    }
    if (this.closing) throw new ServiceError('InternalFailure', 'The service is shutting down');
    const from = this.unfinishedState(record);
    if (!from) {
      throw new ServiceError('ExecutionNotRedrivable', 'Execution has no unfinished state to redrive from');
    }
    const redriveDate = now;
    const redriveCount = (record.redriveCount ?? 0) + 1;
    store.update(arn, {
      status: 'RUNNING',
      stopDate: undefined,
      output: undefined,
      error: undefined,
      cause: undefined,
      redriveCount,
      redriveDate,
      ...(clientToken
        ? {
            redriveClientTokens: [
              ...(record.redriveClientTokens ?? []).filter(
                (used) => now - used.redriveDate < REDRIVE_TOKEN_TTL_MS,
              ),
              { clientToken, redriveDate },
            ].slice(-REDRIVE_TOKENS_KEPT),
          }
        : {}),
    });
    store.appendEvent(arn, {
      type: 'ExecutionRedriven',
      timestamp: redriveDate,
      details: { key: 'executionRedrivenEventDetails', value: { redriveCount } },
    });
    this.launch(record, from.input, from);
    this.options.log(`execution ${record.name} redriven from ${from.stateName}`);
    return { redriveDate };
  }

  /** After the last completed state (or again the state that was cut off). */
  private continuePoint(record: Readonly<ExecutionRecord>): ContinueFrom {
    const events = this.options.store.events(record.executionArn);
    for (let index = events.length - 1; index >= 0; index--) {
      const details = events[index]?.details;
      const name = typeof details?.value.name === 'string' ? details.value.name : undefined;
      if (!details || !name) continue;
      if (details.key === 'stateExitedEventDetails') {
        const next = this.stateOf(name)?.Next;
        // A Choice, or an end state: run it again from its input (found further back).
        if (typeof next === 'string') return { stateName: next, input: parseText(details.value.output) };
      }
      if (details.key === 'stateEnteredEventDetails')
        return { stateName: name, input: parseText(details.value.input) };
    }
    return { stateName: this.startAt(), input: parseText(record.input) };
  }

  /**
   * Where a redrive starts: the state whose task failed last, when the execution ended through that
   * failure (uncaught, or caught into the path that ended it); otherwise (stopped, timed out) the
   * newest state that was entered and never left, Fail states aside.
   */
  private unfinishedState(record: Readonly<ExecutionRecord>): ContinueFrom | undefined {
    const events = this.options.store.events(record.executionArn);
    let current: ContinueFrom | undefined;
    let failedIn: ContinueFrom | undefined;
    let caughtFrom: ContinueFrom | undefined;
    for (const event of events) {
      const details = event.details;
      if (details?.key === 'stateEnteredEventDetails' && typeof details.value.name === 'string') {
        const name = details.value.name;
        if (failedIn && this.catchTargets(failedIn.stateName).includes(name)) caughtFrom = failedIn;
        failedIn = undefined;
        current = { stateName: name, input: parseText(details.value.input) };
      } else if (event.type === 'TaskFailed' || event.type === 'TaskTimedOut') {
        failedIn = current;
      }
    }
    if (failedIn) return failedIn;
    if (record.status === 'FAILED' && caughtFrom) return caughtFrom;
    return this.enteredNotLeft(events);
  }

  private enteredNotLeft(events: readonly HistoryEvent[]): ContinueFrom | undefined {
    const exitsAhead = new Map<string, number>();
    for (let index = events.length - 1; index >= 0; index--) {
      const details = events[index]?.details;
      const name = typeof details?.value.name === 'string' ? details.value.name : undefined;
      if (!details || !name) continue;
      if (details.key === 'stateExitedEventDetails') exitsAhead.set(name, (exitsAhead.get(name) ?? 0) + 1);
      if (details.key !== 'stateEnteredEventDetails') continue;
      const pending = exitsAhead.get(name) ?? 0;
      if (pending > 0) {
        exitsAhead.set(name, pending - 1);
        continue;
      }
      if (this.stateOf(name)?.Type === 'Fail') continue;
      return { stateName: name, input: parseText(details.value.input) };
    }
    return undefined;
  }

  private catchTargets(stateName: string): string[] {
    const catchers = this.stateOf(stateName)?.Catch;
    if (!Array.isArray(catchers)) return [];
    return catchers.flatMap((catcher) =>
      isJsonObject(catcher) && typeof catcher.Next === 'string' ? [catcher.Next] : [],
    );
  }

  private stateOf(name: string): JsonObject | undefined {
    const states = (this.options.prepared.definition as unknown as { States: Record<string, JsonObject> })
      .States;
    return Object.hasOwn(states, name) ? states[name] : undefined;
  }

  private startAt(): string {
    return (this.options.prepared.definition as unknown as { StartAt: string }).StartAt;
  }

  private machineFrom(stateName: string): StateMachine {
    let machine = this.machinesFrom.get(stateName);
    if (!machine) {
      // The definition was validated once, at startup; only StartAt differs.
      const definition = JSON.parse(
        JSON.stringify(this.options.prepared.definition),
      ) as typeof this.options.prepared.definition;
      (definition as unknown as { StartAt: string }).StartAt = stateName;
      machine = new StateMachine(definition, { validationOptions: { noValidate: true } });
      this.machinesFrom.set(stateName, machine);
    }
    return machine;
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

  private launch(record: Readonly<ExecutionRecord>, input: JsonValue, from?: ContinueFrom): void {
    const { stateMachine, prepared } = this.options;
    const halt = new AbortController();
    const host = this.taskHost(
      record.executionArn,
      halt.signal,
      from?.callback && { stateName: from.stateName, ...from.callback },
    );
    const overrides: TaskOverrides = {};
    for (const spec of prepared.tasks.values()) {
      overrides[spec.stateName] = (parameters) => runTask(host, spec, parameters);
    }
    // The library calls the first task override synchronously inside run(): `host` is ready.
    const machine = from ? this.machineFrom(from.stateName) : this.machine;
    const run = machine.run(input, {
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
    // A continued run's start was recorded long ago; a waiting task's entry too.
    const skip = { started: from !== undefined, enteredOnce: from?.callback ? from.stateName : undefined };
    const drained = this.recordEvents(record.executionArn, run.eventLogs, halt, skip)
      .catch((error: unknown) =>
        this.options.log(`execution ${record.name}: history recording failed: ${String(error)}`),
      )
      .finally(() => {
        // Only this run's entry: a later run of the same execution (redrive) has its own.
        if (this.running.get(record.executionArn) === entry) this.running.delete(record.executionArn);
      });
    const entry: RunningExecution = { halt, abortRun: run.abort, drained };
    this.running.set(record.executionArn, entry);
  }

  private taskHost(
    arn: string,
    haltSignal: AbortSignal,
    resumed?: { stateName: string; taskToken: string; timeoutAt: number },
  ): TaskHost {
    const { store, tokens, lambdas, location } = this.options;
    let pendingResume = resumed;
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
      resumedCallback: (stateName) => {
        if (pendingResume?.stateName !== stateName) return undefined;
        const { taskToken, timeoutAt } = pendingResume;
        pendingResume = undefined;
        return { taskToken, timeoutAt };
      },
    };
  }

  private async recordEvents(
    arn: string,
    events: AsyncGenerator<LibraryEvent>,
    halt: AbortController,
    skip: { started: boolean; enteredOnce: string | undefined },
  ): Promise<void> {
    let enteredOnce = skip.enteredOnce;
    for await (const event of events) {
      // Once closing, nothing more is recorded: the store keeps the state of the moment.
      if (this.closing) continue;
      if (event.type === 'ExecutionStarted' && skip.started) continue;
      if (event.type === 'StateEntered' && event.state.name === enteredOnce) {
        enteredOnce = undefined;
        continue;
      }
      this.recordEvent(arn, event, halt);
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

function parseText(text: unknown): JsonValue {
  return (typeof text === 'string' ? tryParseJson(text)?.value : undefined) ?? {};
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
