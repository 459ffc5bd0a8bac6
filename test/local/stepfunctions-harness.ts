import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  type LocalLambda,
  type LocalStepFunctions,
  type LocalStepFunctionsOptions,
  startLocalStepFunctions,
} from '../../local/stepfunctions';

/** A running service plus an SDK client pointed at it. */
export interface Harness {
  service: LocalStepFunctions;
  client: SFNClient;
  /** Starts an execution of the harness's state machine and answers its ARN. */
  start(input?: unknown, name?: string): Promise<string>;
  close(): Promise<void>;
}

type HarnessOptions = Partial<Omit<LocalStepFunctionsOptions, 'definition' | 'lambdas'>>;

/**
 * Gives a test file a `start` function; every harness it started is closed after each test,
 * so jest exits by itself.
 */
export function useHarnesses(): (
  definition: object | string,
  lambdas: Record<string, LocalLambda>,
  options?: HarnessOptions,
) => Promise<Harness> {
  const open: Harness[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((harness) => harness.close()));
  });
  return async (definition, lambdas, options) => {
    const harness = await startHarness(definition, lambdas, options);
    open.push(harness);
    return harness;
  };
}

export async function startHarness(
  definition: object | string,
  lambdas: Record<string, LocalLambda>,
  options: HarnessOptions = {},
): Promise<Harness> {
  const service = await startLocalStepFunctions({
    port: 0,
    stateMachineName: 'ToyMachine',
    ...options,
    definition: typeof definition === 'string' ? definition : JSON.stringify(definition),
    lambdas,
  });
  const client = new SFNClient({
    endpoint: service.endpoint,
    region: 'ap-northeast-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    service,
    client,
    start: async (input = {}, name) => {
      const started = await client.send(
        new StartExecutionCommand({
          stateMachineArn: service.stateMachineArn,
          input: JSON.stringify(input),
          name,
        }),
      );
      if (!started.executionArn) throw new Error('StartExecution answered no executionArn');
      return started.executionArn;
    },
    close: async () => {
      client.destroy();
      await service.close();
    },
  };
}

/** Polls until `probe` answers something other than undefined. */
export async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`waitFor: nothing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits until the execution has left RUNNING and answers its description. */
export function waitForEnd(client: SFNClient, executionArn: string): Promise<DescribeExecutionCommandOutput> {
  return waitFor(async () => {
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    return described.status === 'RUNNING' ? undefined : described;
  });
}

export async function history(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const answer = await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return answer.events ?? [];
}

/** The names of the states entered, in order. */
export function enteredStates(events: HistoryEvent[]): string[] {
  return events.flatMap((event) =>
    event.type?.endsWith('StateEntered') && event.stateEnteredEventDetails?.name
      ? [event.stateEnteredEventDetails.name]
      : [],
  );
}

/** A local lambda that records its payloads; `impl` decides what it answers. */
export function recordingLambda<Payload = Record<string, unknown>>(
  impl: (payload: Payload, callIndex: number) => unknown = () => ({ ok: true }),
): LocalLambda & { calls: Payload[] } {
  const calls: Payload[] = [];
  const lambda = async (payload: unknown) => {
    calls.push(payload as Payload);
    return impl(payload as Payload, calls.length - 1);
  };
  return Object.assign(lambda, { calls });
}

/** An error like one a Lambda handler throws, with the name Step Functions matches on. */
export function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
