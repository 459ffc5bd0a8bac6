import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  SendTaskSuccessCommand,
} from '@aws-sdk/client-sfn';
import { FileExecutionStore } from '../../local/stepfunctions/file-store';
import {
  enteredStates,
  type Harness,
  history,
  namedError,
  recordingLambda,
  startHarness,
  waitFor,
  waitForEnd,
} from './stepfunctions-harness';

/** A callback task between two plain ones, with a Catch to a Fail state like the nomination ASL. */
const DEFINITION = {
  StartAt: 'Record',
  States: {
    Record: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'record', 'Payload.$': '$' },
      ResultSelector: { 'recorded.$': '$.Payload.recorded' },
      ResultPath: '$.record',
      TimeoutSeconds: 10,
      Next: 'Review',
    },
    Review: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'review', Payload: { 'token.$': '$$.Task.Token', 'id.$': '$.id' } },
      ResultPath: '$.decision',
      TimeoutSeconds: 60,
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Broken' }],
      Next: 'Notify',
    },
    Notify: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'notify', 'Payload.$': '$' },
      ResultPath: null,
      TimeoutSeconds: 10,
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Broken' }],
      End: true,
    },
    Broken: { Type: 'Fail', Error: 'NeedsAttention' },
  },
};

let dataDir: string;
const open: Harness[] = [];

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'sfn-durable-'));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((harness) => harness.close()));
  rmSync(dataDir, { recursive: true, force: true });
});

function lambdas(options: { notifyFails?: boolean } = {}) {
  return {
    record: recordingLambda(() => ({ recorded: true })),
    review: recordingLambda<{ token: string; id: string }>(),
    notify: recordingLambda(() => {
      if (options.notifyFails) throw namedError('MailFailed', 'SES said no');
      return {};
    }),
  };
}

async function start(fns: ReturnType<typeof lambdas>) {
  const harness = await startHarness(DEFINITION, fns, { dataDir });
  open.push(harness);
  return harness;
}

async function restart(harness: Harness, fns: ReturnType<typeof lambdas>) {
  open.splice(open.indexOf(harness), 1);
  await harness.close();
  return start(fns);
}

describe('the local Step Functions service keeps executions across restarts', () => {
  it('resumes a waiting callback task with the same token, without invoking its function again', async () => {
    const before = lambdas();
    const first = await start(before);
    const arn = await first.start({ id: 'n-1' }, 'n-1');
    const token = await waitFor(() => before.review.calls[0]?.token);

    const after = lambdas();
    const second = await restart(first, after);
    const listed = await second.client.send(
      new ListExecutionsCommand({ stateMachineArn: second.service.stateMachineArn }),
    );
    expect(listed.executions?.map((execution) => [execution.name, execution.status])).toEqual([
      ['n-1', 'RUNNING'],
    ]);

    await second.client.send(
      new SendTaskSuccessCommand({ taskToken: token, output: '{"decision":"approve"}' }),
    );
    expect((await waitForEnd(second.client, arn)).status).toBe('SUCCEEDED');
    // The review function ran once, before the restart; nothing ran twice.
    expect(after.review.calls).toHaveLength(0);
    expect(after.record.calls).toHaveLength(0);
    expect(after.notify.calls).toHaveLength(1);
    const events = await history(second.client, arn);
    expect(enteredStates(events)).toEqual(['Record', 'Review', 'Notify']);
    expect(events.filter((event) => event.type === 'ExecutionStarted')).toHaveLength(1);
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
  });

  it('continues after the last completed state when the process died between states', async () => {
    const fns = lambdas();
    const first = await start(fns);
    const arn = await first.start({ id: 'n-2' }, 'n-2');
    await waitFor(() => fns.review.calls[0]);
    const harnessDir = dataDir;
    await first.close();
    open.splice(open.indexOf(first), 1);
    // As if killed after Record finished and before Review began: drop what came after Record's exit.
    const journal = path.join(harnessDir, 'executions.jsonl');
    const lines = readFileSync(journal, 'utf8').trimEnd().split('\n');
    const cut = lines.findIndex((line) => line.includes('"TaskStateExited"') && line.includes('"Record"'));
    rmSync(journal);
    appendFileSync(journal, `${lines.slice(0, cut + 1).join('\n')}\n{"op":"event","arn":"torn`);

    const after = lambdas();
    const second = await start(after);
    const token = await waitFor(() => after.review.calls[0]?.token);
    expect(after.record.calls).toHaveLength(0);
    await second.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
    expect((await waitForEnd(second.client, arn)).status).toBe('SUCCEEDED');
  });

  it('redrives a failed execution from the state that failed, with its input', async () => {
    const failing = lambdas({ notifyFails: true });
    const harness = await start(failing);
    const arn = await harness.start({ id: 'n-3' }, 'n-3');
    const token = await waitFor(() => failing.review.calls[0]?.token);
    await harness.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"d":1}' }));
    const failed = await waitForEnd(harness.client, arn);
    expect(failed).toMatchObject({ status: 'FAILED', error: 'NeedsAttention' });

    const fixed = lambdas();
    const again = await restart(harness, fixed);
    await again.client.send(new RedriveExecutionCommand({ executionArn: arn }));
    const done = await waitForEnd(again.client, arn);
    expect(done).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    expect(fixed.notify.calls).toEqual([expect.objectContaining({ id: 'n-3', decision: { d: 1 } })]);
    expect(fixed.review.calls).toHaveLength(0);
    const events = await history(again.client, arn);
    expect(events.map((event) => event.type)).toContain('ExecutionRedriven');
    expect(enteredStates(events)).toEqual(['Record', 'Review', 'Notify', 'Broken', 'Notify']);

    await expect(again.client.send(new RedriveExecutionCommand({ executionArn: arn }))).rejects.toMatchObject(
      {
        name: 'ExecutionNotRedrivable',
      },
    );
  });

  it('keeps a stopped execution stopped, and an ended one ended, across restarts', async () => {
    const fns = lambdas();
    const harness = await start(fns);
    const arn = await harness.start({ id: 'n-4' }, 'n-4');
    await waitFor(() => fns.review.calls[0]);
    const { StopExecutionCommand } = await import('@aws-sdk/client-sfn');
    await harness.client.send(new StopExecutionCommand({ executionArn: arn, error: 'StoppedByOperator' }));
    const again = await restart(harness, lambdas());
    const described = await again.client.send(new DescribeExecutionCommand({ executionArn: arn }));
    expect(described).toMatchObject({ status: 'ABORTED', error: 'StoppedByOperator' });
  });
});

describe('FileExecutionStore', () => {
  it('compacts its journal on open and skips a torn last line', () => {
    const first = new FileExecutionStore(dataDir);
    const record = {
      executionArn: 'arn:aws:states:ap-northeast-2:0:execution:M:x',
      stateMachineArn: 'arn:aws:states:ap-northeast-2:0:stateMachine:M',
      name: 'x',
      input: '{}',
      status: 'RUNNING' as const,
      startDate: 1,
    };
    first.insert(record);
    first.appendEvent(record.executionArn, { type: 'ExecutionStarted', timestamp: 1 });
    first.update(record.executionArn, { status: 'FAILED', stopDate: 2, error: 'E' });
    first.update(record.executionArn, { status: 'RUNNING', stopDate: undefined, error: undefined });
    first.close();
    appendFileSync(path.join(dataDir, 'executions.jsonl'), '{"op":"upd');

    const second = new FileExecutionStore(dataDir);
    expect(second.get(record.executionArn)).toEqual({ ...record, status: 'RUNNING' });
    expect(second.events(record.executionArn)).toHaveLength(1);
    second.close();
    const lines = readFileSync(path.join(dataDir, 'executions.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2); // insert + one event: the updates folded into the record
  });

  it('lets one process at a time use a directory: a second store on it throws a clear error', () => {
    const first = new FileExecutionStore(dataDir);
    expect(readFileSync(path.join(dataDir, 'executions.lock'), 'utf8').trim()).toBe(String(process.pid));
    expect(() => new FileExecutionStore(dataDir)).toThrow(
      new RegExp(`is in use by process ${process.pid} \\(this one\\).*same DATA_DIR`),
    );
    // The refused one changed nothing: the first keeps working, and after it closed the next opens.
    first.insert({
      executionArn: 'arn:aws:states:ap-northeast-2:0:execution:M:y',
      stateMachineArn: 'arn:aws:states:ap-northeast-2:0:stateMachine:M',
      name: 'y',
      input: '{}',
      status: 'RUNNING',
      startDate: 1,
    });
    first.close();
    expect(existsSync(path.join(dataDir, 'executions.lock'))).toBe(false);
    const second = new FileExecutionStore(dataDir);
    expect(second.listNewestFirst().map((record) => record.name)).toEqual(['y']);
    second.close();
  });

  it('takes over the lock of a process that died without releasing it (kill -9)', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(dead.stdout.toString());
    writeFileSync(path.join(dataDir, 'executions.lock'), `${deadPid}\n`);
    const store = new FileExecutionStore(dataDir);
    expect(readFileSync(path.join(dataDir, 'executions.lock'), 'utf8').trim()).toBe(String(process.pid));
    store.close();
  });

  it('refuses a second local Step Functions service on the same data directory', async () => {
    const first = await start(lambdas());
    await expect(startHarness(DEFINITION, lambdas(), { dataDir })).rejects.toThrow(/is in use by process/);
    const arn = await first.start({ id: 'n-5' }, 'n-5');
    expect((await first.client.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe(
      'RUNNING',
    );
  });

  it('frees the data directory when the service could not start (its port taken)', async () => {
    const other = await startHarness(DEFINITION, lambdas());
    open.push(other);
    const port = Number(new URL(other.service.endpoint).port);
    await expect(startHarness(DEFINITION, lambdas(), { dataDir, port })).rejects.toThrow(/EADDRINUSE/);
    expect(existsSync(path.join(dataDir, 'executions.lock'))).toBe(false);
    await start(lambdas());
  });
});
