import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { startLocalStepFunctions } from '../../local/stepfunctions';
import {
  enteredStates,
  history,
  namedError,
  recordingLambda,
  useHarnesses,
  waitFor,
  waitForEnd,
} from './stepfunctions-harness';

const INVOKE = 'arn:aws:states:::lambda:invoke';
const INVOKE_WAIT = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const start = useHarnesses();

/** Work (lambda:invoke, Retry on TransientError, optional Catch-all) -> Done. */
function invokeMachine(options: { functionName?: string; catchAll?: boolean } = {}) {
  return {
    StartAt: 'Work',
    States: {
      Work: {
        Type: 'Task',
        Resource: INVOKE,
        Parameters: {
          FunctionName: options.functionName ?? 'work',
          Payload: { 'id.$': '$.id', 'executionId.$': '$$.Execution.Id' },
        },
        TimeoutSeconds: 10,
        ResultSelector: { 'result.$': '$.Payload' },
        ResultPath: '$.work',
        Retry: [{ ErrorEquals: ['TransientError'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 1 }],
        ...(options.catchAll
          ? { Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Recover' }] }
          : {}),
        Next: 'Done',
      },
      ...(options.catchAll
        ? { Recover: { Type: 'Pass', Result: 'recovered', ResultPath: '$.recovery', Next: 'Done' } }
        : {}),
      Done: { Type: 'Succeed' },
    },
  };
}

/** Approve (callback, Catch States.Timeout) -> Decide -> Approved | NotApproved (Fail); TimedOut. */
function callbackMachine(timeoutSeconds = 3600, catchErrors = ['States.Timeout']) {
  return {
    StartAt: 'Approve',
    States: {
      Approve: {
        Type: 'Task',
        Resource: INVOKE_WAIT,
        Parameters: {
          FunctionName: 'ask',
          Payload: { 'id.$': '$.id', 'taskToken.$': '$$.Task.Token', 'executionId.$': '$$.Execution.Id' },
        },
        TimeoutSeconds: timeoutSeconds,
        ResultPath: '$.decision',
        Catch: [{ ErrorEquals: catchErrors, ResultPath: '$.error', Next: 'TimedOut' }],
        Next: 'Decide',
      },
      Decide: {
        Type: 'Choice',
        Choices: [{ Variable: '$.decision.decision', StringEquals: 'approve', Next: 'Approved' }],
        Default: 'NotApproved',
      },
      Approved: { Type: 'Succeed' },
      NotApproved: { Type: 'Fail', Error: 'NotApproved', Cause: 'The approver did not approve' },
      TimedOut: { Type: 'Pass', Result: 'timed out', ResultPath: '$.outcome', End: true },
    },
  };
}

type AskPayload = { id: string; taskToken: string; executionId: string };

/** A callback harness and the payload the `ask` lambda got for the first execution. */
async function startWaitingExecution(timeoutSeconds?: number, catchErrors?: string[]) {
  const ask = recordingLambda<AskPayload>(() => ({ sent: true }));
  const harness = await start(callbackMachine(timeoutSeconds, catchErrors), { ask });
  const executionArn = await harness.start({ id: 'n-1' });
  const payload = await waitFor(() => ask.calls[0]);
  return { ...harness, ask, executionArn, payload };
}

function parse(text: string | undefined): unknown {
  return JSON.parse(text ?? 'null');
}

describe('lambda:invoke tasks', () => {
  test('invokes the lambda; ResultSelector sees $.Payload; $$.Execution.Id is the execution ARN', async () => {
    const work = recordingLambda(() => ({ recorded: true }));
    const { client, start: run } = await start(invokeMachine(), { work });
    const executionArn = await run({ id: 'n-1' });

    const done = await waitForEnd(client, executionArn);

    expect(done.status).toBe('SUCCEEDED');
    expect(work.calls).toEqual([{ id: 'n-1', executionId: executionArn }]);
    expect(parse(done.output)).toEqual({ id: 'n-1', work: { result: { recorded: true } } });
    const scheduled = (await history(client, executionArn)).find((event) => event.type === 'TaskScheduled');
    expect(scheduled?.taskScheduledEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke',
      region: 'ap-northeast-2',
    });
    expect(parse(scheduled?.taskScheduledEventDetails?.parameters)).toEqual({
      FunctionName: 'work',
      Payload: { id: 'n-1', executionId: executionArn },
    });
  });

  test('retries a TransientError thrown by the lambda, then succeeds', async () => {
    const work = recordingLambda((_payload, call) => {
      if (call === 0) throw namedError('TransientError', 'table busy');
      return 'second time lucky';
    });
    const { client, start: run } = await start(invokeMachine({ catchAll: true }), { work });
    const executionArn = await run({ id: 'n-1' });

    const done = await waitForEnd(client, executionArn);

    expect(done.status).toBe('SUCCEEDED');
    expect(work.calls).toHaveLength(2);
    expect(parse(done.output)).toEqual({ id: 'n-1', work: { result: 'second time lucky' } });
    const taskEvents = (await history(client, executionArn))
      .map((event) => event.type)
      .filter((type) => type?.startsWith('Task'));
    expect(taskEvents).toEqual([
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
    ]);
  });

  test('a lambda error is caught by States.ALL with the AWS error name and JSON cause', async () => {
    const work = recordingLambda(() => {
      throw namedError('ValidationFailed', 'nominee has no e-mail');
    });
    const { client, start: run } = await start(invokeMachine({ catchAll: true }), { work });
    const executionArn = await run({ id: 'n-1' });

    const done = await waitForEnd(client, executionArn);

    expect(done.status).toBe('SUCCEEDED');
    expect(work.calls).toHaveLength(1); // not a TransientError: no retry
    const output = parse(done.output) as { error: { Error: string; Cause: string }; recovery: string };
    expect(output.recovery).toBe('recovered');
    expect(output.error.Error).toBe('ValidationFailed');
    expect(JSON.parse(output.error.Cause)).toEqual({
      errorMessage: 'nominee has no e-mail',
      errorType: 'ValidationFailed',
    });
    const failed = (await history(client, executionArn)).find((event) => event.type === 'TaskFailed');
    expect(failed?.taskFailedEventDetails?.error).toBe('ValidationFailed');
  });

  test('an unknown FunctionName fails the execution with Lambda.ResourceNotFoundException', async () => {
    const { client, start: run } = await start(invokeMachine({ functionName: 'nope' }), {});
    const executionArn = await run({ id: 'n-1' });

    const done = await waitForEnd(client, executionArn);

    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('Lambda.ResourceNotFoundException');
    const types = (await history(client, executionArn)).map((event) => event.type);
    expect(types.slice(-2)).toEqual(['TaskFailed', 'ExecutionFailed']);
  });
});

describe('callback tasks (lambda:invoke.waitForTaskToken)', () => {
  test('the lambda gets a fresh token; SendTaskSuccess resumes with the output as the result', async () => {
    const { client, executionArn, payload } = await startWaitingExecution();
    expect(payload.id).toBe('n-1');
    expect(payload.executionId).toBe(executionArn);
    expect(payload.taskToken).toMatch(/^[A-Za-z0-9_-]{64}$/);
    await waitFor(async () =>
      (await history(client, executionArn)).some((event) => event.type === 'TaskSubmitted')
        ? true
        : undefined,
    );
    expect((await client.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');

    await client.send(new SendTaskHeartbeatCommand({ taskToken: payload.taskToken }));
    await client.send(
      new SendTaskSuccessCommand({
        taskToken: payload.taskToken,
        output: '{"decision":"approve","by":"head"}',
      }),
    );
    const done = await waitForEnd(client, executionArn);

    expect(done.status).toBe('SUCCEEDED');
    expect(parse(done.output)).toEqual({ id: 'n-1', decision: { decision: 'approve', by: 'head' } });
    expect(enteredStates(await history(client, executionArn))).toEqual(['Approve', 'Decide', 'Approved']);
  });

  test('SendTaskFailure fails the task with the given error and cause', async () => {
    const { client, executionArn, payload } = await startWaitingExecution();

    await client.send(
      new SendTaskFailureCommand({ taskToken: payload.taskToken, error: 'Rejected', cause: '서류 미비' }),
    );
    const done = await waitForEnd(client, executionArn);

    expect(done.status).toBe('FAILED'); // 'Rejected' is not caught (only States.Timeout is)
    expect(done.error).toBe('Rejected');
    expect(done.cause).toBe('서류 미비');
    const failed = (await history(client, executionArn)).find((event) => event.type === 'TaskFailed');
    expect(failed?.taskFailedEventDetails).toMatchObject({ error: 'Rejected', cause: '서류 미비' });
  });

  test('a token works once: a second SendTaskSuccess is TaskTimedOut and changes nothing', async () => {
    const { client, executionArn, payload } = await startWaitingExecution();

    await client.send(
      new SendTaskSuccessCommand({ taskToken: payload.taskToken, output: '{"decision":"approve"}' }),
    );
    await expect(
      client.send(
        new SendTaskSuccessCommand({ taskToken: payload.taskToken, output: '{"decision":"reject"}' }),
      ),
    ).rejects.toMatchObject({ name: 'TaskTimedOut' });
    await expect(
      client.send(new SendTaskFailureCommand({ taskToken: payload.taskToken, error: 'Late' })),
    ).rejects.toMatchObject({ name: 'TaskTimedOut' });
    await expect(
      client.send(new SendTaskHeartbeatCommand({ taskToken: payload.taskToken })),
    ).rejects.toMatchObject({
      name: 'TaskTimedOut',
    });
    const done = await waitForEnd(client, executionArn);

    expect(done.status).toBe('SUCCEEDED');
    const events = await history(client, executionArn);
    expect(events.filter((event) => event.type === 'TaskSucceeded')).toHaveLength(1);
    expect(enteredStates(events)).toEqual(['Approve', 'Decide', 'Approved']);
  });

  test('of concurrent SendTaskSuccess calls exactly one wins', async () => {
    const { client, executionArn, payload } = await startWaitingExecution();

    const answers = await Promise.allSettled(
      [0, 1, 2, 3, 4, 5, 6, 7].map((n) =>
        client.send(
          new SendTaskSuccessCommand({
            taskToken: payload.taskToken,
            output: JSON.stringify({ decision: 'approve', n }),
          }),
        ),
      ),
    );

    const winners = answers.flatMap((answer, n) => (answer.status === 'fulfilled' ? [n] : []));
    expect(winners).toHaveLength(1);
    for (const answer of answers) {
      if (answer.status === 'rejected') expect(answer.reason).toMatchObject({ name: 'TaskTimedOut' });
    }
    const done = await waitForEnd(client, executionArn);
    expect(parse(done.output)).toMatchObject({ decision: { n: winners[0] } });
    expect(
      (await history(client, executionArn)).filter((event) => event.type === 'TaskSucceeded'),
    ).toHaveLength(1);
  });

  test('tokens never issued are InvalidToken; output that is not JSON is InvalidOutput', async () => {
    const { client, payload } = await startWaitingExecution();
    const neverIssued = 'A'.repeat(64);

    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: neverIssued, output: '{}' })),
    ).rejects.toMatchObject({ name: 'InvalidToken' });
    await expect(
      client.send(new SendTaskFailureCommand({ taskToken: 'not a token', error: 'x' })),
    ).rejects.toMatchObject({ name: 'InvalidToken' });
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: payload.taskToken, output: '{not json' })),
    ).rejects.toMatchObject({ name: 'InvalidOutput' });
  });

  test('TimeoutSeconds: the task fails with States.Timeout, the Catch runs, the token is dead', async () => {
    const { client, executionArn, payload } = await startWaitingExecution(1);

    const done = await waitForEnd(client, executionArn);

    expect(done.status).toBe('SUCCEEDED');
    expect(parse(done.output)).toMatchObject({ error: { Error: 'States.Timeout' }, outcome: 'timed out' });
    const events = await history(client, executionArn);
    expect(enteredStates(events)).toEqual(['Approve', 'TimedOut']);
    expect(events.find((event) => event.type === 'TaskTimedOut')?.taskTimedOutEventDetails?.error).toBe(
      'States.Timeout',
    );
    await expect(
      client.send(
        new SendTaskSuccessCommand({ taskToken: payload.taskToken, output: '{"decision":"approve"}' }),
      ),
    ).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  test('as in AWS, States.TaskFailed does not match a task timeout', async () => {
    const { client, executionArn } = await startWaitingExecution(1, ['States.TaskFailed']);

    const done = await waitForEnd(client, executionArn);

    expect(done).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
  });
});

describe('executions', () => {
  test('StopExecution aborts: ABORTED with error and cause, the token is dead, history ends', async () => {
    const { client, executionArn, payload } = await startWaitingExecution();

    const stopped = await client.send(
      new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: '추천 철회' }),
    );

    expect(stopped.stopDate).toBeInstanceOf(Date);
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ status: 'ABORTED', error: 'Withdrawn', cause: '추천 철회' });
    await expect(
      client.send(
        new SendTaskSuccessCommand({ taskToken: payload.taskToken, output: '{"decision":"approve"}' }),
      ),
    ).rejects.toMatchObject({ name: 'TaskTimedOut' });
    const last = await waitFor(async () => {
      const events = await history(client, executionArn);
      return events.at(-1)?.type === 'ExecutionAborted' ? events.at(-1) : undefined;
    });
    expect(last?.executionAbortedEventDetails).toEqual({ error: 'Withdrawn', cause: '추천 철회' });
    // Stopping a stopped execution changes nothing.
    await client.send(new StopExecutionCommand({ executionArn }));
    expect((await client.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('ABORTED');
  });

  test('StartExecution is idempotent for the same name and input while running, else ExecutionAlreadyExists', async () => {
    const { client, service, executionArn } = await startWaitingExecution();
    const stateMachineArn = service.stateMachineArn;
    const name = executionArn.split(':').at(-1);
    const first = await client.send(new DescribeExecutionCommand({ executionArn }));

    const again = await client.send(new StartExecutionCommand({ stateMachineArn, name, input: first.input }));
    expect(again.executionArn).toBe(executionArn);
    expect(again.startDate?.getTime()).toBe(first.startDate?.getTime());

    await expect(
      client.send(new StartExecutionCommand({ stateMachineArn, name, input: '{"id":"other"}' })),
    ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    await client.send(new StopExecutionCommand({ executionArn }));
    await expect(
      client.send(new StartExecutionCommand({ stateMachineArn, name, input: first.input })),
    ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  });

  test('StartExecution refuses an unknown state machine, input that is not JSON and bad names', async () => {
    const { client, service } = await start(invokeMachine(), { work: recordingLambda() });
    const stateMachineArn = service.stateMachineArn;

    await expect(
      client.send(new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}-other`, input: '{}' })),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(
      client.send(new StartExecutionCommand({ stateMachineArn, input: '{oops' })),
    ).rejects.toMatchObject({
      name: 'InvalidExecutionInput',
    });
    await expect(
      client.send(new StartExecutionCommand({ stateMachineArn, name: 'has space', input: '{}' })),
    ).rejects.toMatchObject({ name: 'InvalidName' });
    await expect(
      client.send(
        new DescribeExecutionCommand({
          executionArn: `${stateMachineArn.replace('stateMachine', 'execution')}:none`,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    await expect(
      client.send(new DescribeExecutionCommand({ executionArn: 'not-an-arn' })),
    ).rejects.toMatchObject({
      name: 'InvalidArn',
    });
  });

  test('ListExecutions: newest first, statusFilter, maxResults with nextToken', async () => {
    const ask = recordingLambda();
    const { client, service, start: run } = await start(callbackMachine(), { ask });
    const stateMachineArn = service.stateMachineArn;
    const first = await run({ id: 'a' }, 'first');
    const second = await run({ id: 'b' }, 'second');
    const third = await run({ id: 'c' }, 'third');
    await client.send(new StopExecutionCommand({ executionArn: second }));

    const all = await client.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(all.executions?.map((execution) => execution.name)).toEqual(['third', 'second', 'first']);
    expect(all.executions?.[0]?.startDate).toBeInstanceOf(Date);

    const running = await client.send(
      new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING' }),
    );
    expect(running.executions?.map((execution) => execution.executionArn)).toEqual([third, first]);
    const aborted = await client.send(
      new ListExecutionsCommand({ stateMachineArn, statusFilter: 'ABORTED' }),
    );
    expect(aborted.executions?.map((execution) => execution.executionArn)).toEqual([second]);
    expect(aborted.executions?.[0]?.stopDate).toBeInstanceOf(Date);

    const page1 = await client.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 2 }));
    expect(page1.executions?.map((execution) => execution.name)).toEqual(['third', 'second']);
    expect(page1.nextToken).toBeDefined();
    const page2 = await client.send(
      new ListExecutionsCommand({ stateMachineArn, maxResults: 2, nextToken: page1.nextToken }),
    );
    expect(page2.executions?.map((execution) => execution.name)).toEqual(['first']);
    expect(page2.nextToken).toBeUndefined();
  });

  test('GetExecutionHistory: AWS-shaped events, entered states in order, reverseOrder and paging', async () => {
    const machine = {
      StartAt: 'Prepare',
      States: {
        Prepare: { Type: 'Pass', Result: { stage: 'one' }, ResultPath: '$.prepared', Next: 'Route' },
        Route: {
          Type: 'Choice',
          Choices: [{ Variable: '$.prepared.stage', StringEquals: 'one', Next: 'Work' }],
          Default: 'Broken',
        },
        Work: {
          Type: 'Task',
          Resource: INVOKE,
          Parameters: { FunctionName: 'work', 'Payload.$': '$' },
          TimeoutSeconds: 10,
          ResultSelector: { 'result.$': '$.Payload' },
          ResultPath: '$.work',
          Next: 'Done',
        },
        Broken: { Type: 'Fail', Error: 'Broken' },
        Done: { Type: 'Succeed' },
      },
    };
    const { client, start: run } = await start(machine, { work: recordingLambda(() => 'worked') });
    const executionArn = await run({ id: 'n-1' });
    const done = await waitForEnd(client, executionArn);
    expect(done.status).toBe('SUCCEEDED');

    const events = await history(client, executionArn);

    expect(events.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expect(enteredStates(events)).toEqual(['Prepare', 'Route', 'Work', 'Done']);
    expect(events.map((event) => event.id)).toEqual(events.map((_event, index) => index + 1));
    expect(events.map((event) => event.previousEventId)).toEqual(events.map((_event, index) => index));
    expect(events[0]?.timestamp).toBeInstanceOf(Date);
    expect(parse(events[0]?.executionStartedEventDetails?.input)).toEqual({ id: 'n-1' });
    expect(events[2]?.stateExitedEventDetails).toMatchObject({ name: 'Prepare' });
    expect(parse(events[2]?.stateExitedEventDetails?.output)).toEqual({
      id: 'n-1',
      prepared: { stage: 'one' },
    });
    expect(parse(events.at(-1)?.executionSucceededEventDetails?.output)).toEqual(parse(done.output));

    const reversed = await client.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }));
    expect(reversed.events?.map((event) => event.id)).toEqual(events.map((event) => event.id).reverse());

    const pages: number[][] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new GetExecutionHistoryCommand({ executionArn, maxResults: 5, nextToken }),
      );
      pages.push(page.events?.map((event) => event.id ?? 0) ?? []);
      nextToken = page.nextToken;
    } while (nextToken);
    expect(pages).toEqual([
      [1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10],
      [11, 12, 13],
    ]);
  });

  test('a Fail state fails the execution with its error and cause', async () => {
    const { client, executionArn, payload } = await startWaitingExecution();

    await client.send(
      new SendTaskSuccessCommand({ taskToken: payload.taskToken, output: '{"decision":"reject"}' }),
    );
    const done = await waitForEnd(client, executionArn);

    expect(done).toMatchObject({
      status: 'FAILED',
      error: 'NotApproved',
      cause: 'The approver did not approve',
    });
    const events = await history(client, executionArn);
    expect(events.slice(-2).map((event) => event.type)).toEqual(['FailStateEntered', 'ExecutionFailed']);
    expect(events.at(-1)?.executionFailedEventDetails).toEqual({
      error: 'NotApproved',
      cause: 'The approver did not approve',
    });
  });

  test('DescribeStateMachine and ListStateMachines describe the one state machine', async () => {
    const definition = JSON.stringify(invokeMachine(), null, 2);
    const { client, service } = await start(definition, {}, { stateMachineName: 'NominationWorkflow' });

    const described = await client.send(
      new DescribeStateMachineCommand({ stateMachineArn: service.stateMachineArn }),
    );

    expect(service.stateMachineArn).toBe(
      'arn:aws:states:ap-northeast-2:000000000000:stateMachine:NominationWorkflow',
    );
    expect(described).toMatchObject({
      stateMachineArn: service.stateMachineArn,
      name: 'NominationWorkflow',
      status: 'ACTIVE',
      type: 'STANDARD',
      definition,
    });
    expect(described.roleArn).toMatch(/^arn:aws:iam::000000000000:role\//);
    expect(described.creationDate).toBeInstanceOf(Date);
    const listed = await client.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines?.map((machine) => machine.stateMachineArn)).toEqual([
      service.stateMachineArn,
    ]);
    await expect(
      client.send(new DescribeStateMachineCommand({ stateMachineArn: `${service.stateMachineArn}X` })),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
  });
});

describe('service', () => {
  test('answers an unknown operation with UnknownOperationException (raw protocol)', async () => {
    const { service } = await start(invokeMachine(), {});

    const response = await fetch(`${service.endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AWSStepFunctions.CreateActivity',
      },
      body: '{}',
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      __type: 'com.amazonaws.swf.service.v2.model#UnknownOperationException',
      message: expect.stringContaining('CreateActivity'),
    });
  });

  test('close() clears the timers of waiting callbacks and retry sleeps', async () => {
    const timers = trackTimers();
    try {
      const retrying = {
        StartAt: 'Work',
        States: {
          Work: {
            Type: 'Task',
            Resource: INVOKE,
            Parameters: { FunctionName: 'work', Payload: {} },
            TimeoutSeconds: 60,
            Retry: [{ ErrorEquals: ['TransientError'], IntervalSeconds: 3600 }],
            End: true,
          },
        },
      };
      // Harnesses from `start` are closed again after the test: close() is idempotent.
      const waiting = await start(callbackMachine(86_400), { ask: recordingLambda() });
      const sleeping = await start(retrying, {
        work: recordingLambda(() => {
          throw namedError('TransientError', 'busy');
        }),
      });
      const waitingArn = await waiting.start({ id: 'w' });
      const sleepingArn = await sleeping.start({});
      const hasEvent = async (harness: typeof waiting, arn: string, type: string) =>
        (await history(harness.client, arn)).some((event) => event.type === type) ? true : undefined;
      await waitFor(() => hasEvent(waiting, waitingArn, 'TaskSubmitted'));
      await waitFor(() => hasEvent(sleeping, sleepingArn, 'TaskFailed'));
      expect(timers.pending().filter((timer) => timer.ms >= 60_000).length).toBeGreaterThanOrEqual(3);

      await Promise.all([waiting.close(), sleeping.close()]);

      expect(timers.pending()).toEqual([]);
    } finally {
      timers.restore();
    }
  });

  test('refuses definitions it cannot run faithfully', async () => {
    const withResource = (Resource: string) => ({
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource, TimeoutSeconds: 5, End: true } },
    });
    const startWith = (definition: object | string) =>
      startLocalStepFunctions({
        port: 0,
        stateMachineName: 'Bad',
        definition: typeof definition === 'string' ? definition : JSON.stringify(definition),
        lambdas: {},
      });

    await expect(
      startWith(withResource('arn:aws:lambda:ap-northeast-2:000000000000:function:direct')),
    ).rejects.toThrow(/not supported locally/);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an ASL placeholder, not a template.
    const unsubstituted = invokeMachine({ functionName: '${WorkFunctionArn}' });
    await expect(startWith(unsubstituted)).rejects.toThrow(/WorkFunctionArn/);
    await expect(startWith({ StartAt: 'Missing', States: {} })).rejects.toThrow(/invalid/i);
  });
});

/**
 * Records the timers set through the global setTimeout (the library and the service use it)
 * that have neither fired nor been cleared, with the stack that set them.
 */
function trackTimers() {
  const realSetTimeout = globalThis.setTimeout;
  const realClearTimeout = globalThis.clearTimeout;
  const pending = new Map<unknown, { ms: number; stack: string }>();
  const trackedSetTimeout = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const handle = realSetTimeout(
      (...callbackArgs: unknown[]) => {
        pending.delete(handle);
        callback(...callbackArgs);
      },
      ms,
      ...args,
    );
    pending.set(handle, { ms: ms ?? 0, stack: new Error().stack ?? '' });
    return handle;
  };
  globalThis.setTimeout = trackedSetTimeout as unknown as typeof setTimeout;
  globalThis.clearTimeout = ((handle?: NodeJS.Timeout) => {
    pending.delete(handle);
    realClearTimeout(handle);
  }) as typeof clearTimeout;
  return {
    pending: () => [...pending.values()],
    restore: () => {
      globalThis.setTimeout = realSetTimeout;
      globalThis.clearTimeout = realClearTimeout;
    },
  };
}
