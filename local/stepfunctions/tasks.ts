import type { TaskSpec } from './definition';
import { isJsonObject, type JsonObject, type JsonValue, replaceInStrings, toJsonValue } from './json';
import type { CallbackOutcome, TaskTokenRegistry } from './tokens';

export type LocalLambda = (payload: unknown) => Promise<unknown>;

/** What a running task needs from the execution it belongs to. */
export interface TaskHost {
  readonly executionArn: string;
  readonly region: string;
  /** Aborted when the execution is stopped or the service closes. */
  readonly haltSignal: AbortSignal;
  /** The string the context object carries as `$$.Task.Token`; replaced by the real token. */
  readonly tokenPlaceholder: string;
  readonly tokens: TaskTokenRegistry;
  readonly lambdas: Readonly<Record<string, LocalLambda>>;
  /** Appends a task history event (ignored once the execution has halted). */
  record(type: string, detailsKey: string, details: JsonObject): void;
  /** Resolves once every library event dispatched so far is in the history. */
  historyCaughtUp(): Promise<void>;
  /** The callback task waits for its token now (checkpoint for a later resume). */
  callbackWaiting(stateName: string, taskToken: string, timeoutAt: number): void;
  /** The callback task ended, whichever way. */
  callbackEnded(taskToken: string): void;
  /**
   * After a restart: the token a callback task of `stateName` was waiting with, once. The task
   * then waits again with it, without invoking its function again (the mailed link keeps working).
   */
  resumedCallback(stateName: string): { taskToken: string; timeoutAt: number } | undefined;
}

/** Rejected into the library when an execution stops: neither retried nor caught. */
export class ExecutionHaltedError extends Error {
  // The library reads these two flags before matching Retry/Catch.
  readonly isRetryable = false;
  readonly isCatchable = false;

  constructor() {
    super('Execution halted');
    this.name = 'ExecutionHaltedError';
  }
}

/** A failed task as the library sees it: Retry/Catch match `name`, a Catch's Cause is `message`. */
export class TaskFailedError extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

/**
 * Runs one attempt of a `lambda:invoke` or `lambda:invoke.waitForTaskToken` task. It is the
 * library's task override: `parameters` is the state's processed Parameters, and the value it
 * resolves to is the task result before ResultSelector/ResultPath.
 */
export function runTask(host: TaskHost, spec: TaskSpec, parameters: JsonValue): Promise<JsonValue> {
  return new TaskAttempt(host, spec).start(parameters);
}

class TaskAttempt {
  private ended = false;
  private token: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly startedAt = Date.now();
  private resolveResult: (value: JsonValue) => void = () => {};
  private rejectResult: (error: Error) => void = () => {};
  private readonly resourceDetails: JsonObject;

  constructor(
    private readonly host: TaskHost,
    private readonly spec: TaskSpec,
  ) {
    this.resourceDetails = { resourceType: 'lambda', resource: spec.resource };
  }

  start(parameters: JsonValue): Promise<JsonValue> {
    if (this.host.haltSignal.aborted) return Promise.reject(new ExecutionHaltedError());
    const result = new Promise<JsonValue>((resolve, reject) => {
      this.resolveResult = resolve;
      this.rejectResult = reject;
    });
    // Armed synchronously: the library calls this override and then arms its own timer of the
    // same length, so ours fires just before it and kills the token; the library's timer then
    // fails the state with its own States.Timeout error, which States.TaskFailed rightly does not match.
    this.timer = setTimeout(() => this.timeOut(), this.spec.timeoutSeconds * 1000);
    this.host.haltSignal.addEventListener('abort', this.halt, { once: true });
    void this.invoke(parameters);
    return result;
  }

  private async invoke(parameters: JsonValue): Promise<void> {
    try {
      // The library dispatched TaskStateEntered just before calling us; let it reach the
      // history first so the task events follow it.
      await this.host.historyCaughtUp();
      if (this.ended) return;
      const functionName = isJsonObject(parameters) ? parameters.FunctionName : undefined;
      if (typeof functionName !== 'string') {
        this.fail('States.Runtime', 'The task Parameters have no FunctionName string');
        return;
      }
      const resumed = this.spec.waitForTaskToken ? this.host.resumedCallback(this.spec.stateName) : undefined;
      if (resumed) {
        this.waitAgain(resumed.taskToken, resumed.timeoutAt);
        return;
      }
      let payload: JsonValue = (isJsonObject(parameters) ? parameters.Payload : undefined) ?? null;
      if (this.spec.waitForTaskToken) {
        this.token = this.host.tokens.issue({
          executionArn: this.host.executionArn,
          settle: (outcome) => this.callbackArrived(outcome),
        });
        payload = replaceInStrings(payload, this.host.tokenPlaceholder, this.token);
      }
      this.record('TaskScheduled', 'taskScheduledEventDetails', {
        region: this.host.region,
        parameters: JSON.stringify({ FunctionName: functionName, Payload: payload }),
        timeoutInSeconds: this.spec.timeoutSeconds,
      });
      this.record('TaskStarted', 'taskStartedEventDetails', {});

      const lambda = Object.hasOwn(this.host.lambdas, functionName)
        ? this.host.lambdas[functionName]
        : undefined;
      if (!lambda) {
        this.fail('Lambda.ResourceNotFoundException', `Function not found: ${functionName}`);
        return;
      }
      let response: unknown;
      try {
        response = await lambda(payload);
      } catch (thrown) {
        const { error, cause } = describeLambdaError(thrown);
        this.fail(error, cause);
        return;
      }
      if (this.ended) return; // a callback, timeout or stop came first
      const invokeResult: JsonObject = {
        ExecutedVersion: '$LATEST',
        Payload: toJsonValue(response),
        StatusCode: 200,
      };
      if (!this.token) {
        this.succeed(invokeResult);
        return;
      }
      this.record('TaskSubmitted', 'taskSubmittedEventDetails', { output: JSON.stringify(invokeResult) });
      this.host.callbackWaiting(
        this.spec.stateName,
        this.token,
        this.startedAt + this.spec.timeoutSeconds * 1000,
      );
    } catch (unexpected) {
      this.fail('States.Runtime', unexpected instanceof Error ? unexpected.message : String(unexpected));
    }
  }

  /** Waits for a token issued before a restart, until the deadline it had then. */
  private waitAgain(taskToken: string, timeoutAt: number): void {
    this.token = taskToken;
    this.host.tokens.restore(taskToken, {
      executionArn: this.host.executionArn,
      settle: (outcome) => this.callbackArrived(outcome),
    });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.timeOut(), Math.max(0, timeoutAt - Date.now()));
  }

  private callbackArrived(outcome: CallbackOutcome): void {
    if (outcome.kind === 'success') this.succeed(outcome.output);
    else this.fail(outcome.error, outcome.cause);
  }

  private succeed(output: JsonValue): void {
    if (!this.end()) return;
    this.record('TaskSucceeded', 'taskSucceededEventDetails', { output: JSON.stringify(output) });
    this.resolveResult(output);
  }

  private fail(error: string, cause: string): void {
    if (!this.end()) return;
    this.record('TaskFailed', 'taskFailedEventDetails', { error, cause });
    this.rejectResult(new TaskFailedError(error, cause));
  }

  private timeOut(): void {
    if (!this.end()) return;
    this.record('TaskTimedOut', 'taskTimedOutEventDetails', {
      error: 'States.Timeout',
      cause: `The task did not finish within ${this.spec.timeoutSeconds} seconds`,
    });
    // Normally the library's own timer has failed the state by now (see start); this is the
    // backstop should it not have, and a no-op for the already settled race otherwise.
    setImmediate(() => this.rejectResult(new TaskFailedError('States.Timeout', 'States.Timeout')));
  }

  /** Settles the attempt without history: the execution records its own end. */
  private readonly halt = (): void => {
    if (!this.end()) return;
    this.rejectResult(new ExecutionHaltedError());
  };

  /** Marks the attempt finished once; answers false if it already was. */
  private end(): boolean {
    if (this.ended) return false;
    this.ended = true;
    clearTimeout(this.timer);
    this.host.haltSignal.removeEventListener('abort', this.halt);
    if (this.token) {
      this.host.tokens.expire(this.token);
      this.host.callbackEnded(this.token);
    }
    return true;
  }

  private record(type: string, detailsKey: string, details: JsonObject): void {
    this.host.record(type, detailsKey, { ...this.resourceDetails, ...details });
  }
}

/** Lambda reports a function error as errorType/errorMessage; Step Functions uses errorType as the error name. */
function describeLambdaError(thrown: unknown): { error: string; cause: string } {
  const errorType = isNamedError(thrown) && thrown.name ? thrown.name : 'Error';
  const errorMessage = isNamedError(thrown) ? thrown.message : String(thrown);
  return { error: errorType, cause: JSON.stringify({ errorMessage, errorType }) };
}

// Duck-typed: errors thrown in another realm (jest's vm context) fail `instanceof Error`.
function isNamedError(value: unknown): value is { name: string; message: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}
