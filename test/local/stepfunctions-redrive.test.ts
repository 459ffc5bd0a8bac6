import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DescribeExecutionCommand,
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { prepareDefinition } from '../../local/stepfunctions/definition';
import { ExecutionManager } from '../../local/stepfunctions/executions';
import { installPromiseWithResolvers } from '../../local/stepfunctions/polyfills';
import { InMemoryExecutionStore } from '../../local/stepfunctions/store';
import { TaskTokenRegistry } from '../../local/stepfunctions/tokens';
import { history, recordingLambda, startHarness, waitFor, waitForEnd } from './stepfunctions-harness';

/** A callback task that fails the execution when its callback fails (no Catch). */
const DEFINITION = {
  StartAt: 'Ask',
  States: {
    Ask: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'ask', Payload: { 'token.$': '$$.Task.Token' } },
      TimeoutSeconds: 3600,
      End: true,
    },
  },
};

describe('RedriveExecution while the stopped run is still winding down', () => {
  it('is refused (ExecutionNotRedrivable) until the old run has ended; the new run is then tracked', async () => {
    installPromiseWithResolvers();
    const ask = recordingLambda<{ token: string }>();
    const tokens = new TaskTokenRegistry();
    const manager = new ExecutionManager({
      location: { region: 'ap-northeast-2', accountId: '000000000000' },
      stateMachine: {
        name: 'M',
        arn: 'arn:aws:states:ap-northeast-2:000000000000:stateMachine:M',
        roleArn: 'arn:aws:iam::000000000000:role/M-local',
      },
      prepared: prepareDefinition(JSON.stringify(DEFINITION), 3600),
      store: new InMemoryExecutionStore(),
      tokens,
      lambdas: { ask },
      log: () => undefined,
    });
    try {
      const { executionArn } = manager.start({ name: 'n-1' });
      await waitFor(() => ask.calls[0]);

      // Stop, then redrive in the same breath: the old run has not drained its events yet.
      manager.stop(executionArn);
      expect(() => manager.redrive(executionArn)).toThrow(
        expect.objectContaining({
          code: 'ExecutionNotRedrivable',
          message: expect.stringMatching(/winding down/),
        }),
      );
      expect(manager.store.get(executionArn)?.redriveCount).toBeUndefined();

      // Once it has, the redrive runs, and that run is the one a stop halts.
      await waitFor(() => {
        try {
          return manager.redrive(executionArn);
        } catch {
          return undefined;
        }
      });
      const second = await waitFor(() => ask.calls[1]);
      expect(tokens.isWaiting(second.token)).toBe(true);
      manager.stop(executionArn);
      expect(tokens.isWaiting(second.token)).toBe(false);
      await waitFor(() =>
        manager.store.events(executionArn).filter((event) => event.type === 'ExecutionAborted').length === 2
          ? true
          : undefined,
      );
      expect(manager.store.events(executionArn).map((event) => event.type)).toEqual([
        'ExecutionStarted',
        'TaskStateEntered',
        'TaskScheduled',
        'TaskStarted',
        'TaskSubmitted',
        'ExecutionAborted',
        'ExecutionRedriven',
        'TaskStateEntered',
        'TaskScheduled',
        'TaskStarted',
        'TaskSubmitted',
        'ExecutionAborted',
      ]);
    } finally {
      await manager.close();
    }
  });
});

describe('RedriveExecution clientToken (idempotency)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'sfn-redrive-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('answers the same clientToken again with the same redriveDate and changes nothing, across a restart too', async () => {
    const ask = recordingLambda<{ token: string }>();
    let harness = await startHarness(DEFINITION, { ask }, { dataDir });
    try {
      const executionArn = await harness.start({}, 'n-2');
      const first = await waitFor(() => ask.calls[0]);
      await harness.client.send(new SendTaskFailureCommand({ taskToken: first.token, error: 'Broken' }));
      expect((await waitForEnd(harness.client, executionArn)).status).toBe('FAILED');

      const redriven = await harness.client.send(
        new RedriveExecutionCommand({ executionArn, clientToken: 'form-nonce-1' }),
      );
      await waitFor(() => ask.calls[1]);
      // A double-submitted form: the same token answers the first redrive.
      const again = await harness.client.send(
        new RedriveExecutionCommand({ executionArn, clientToken: 'form-nonce-1' }),
      );
      expect(again.redriveDate?.getTime()).toBe(redriven.redriveDate?.getTime());
      const described = await harness.client.send(new DescribeExecutionCommand({ executionArn }));
      expect(described).toMatchObject({ status: 'RUNNING', redriveCount: 1 });
      expect(
        (await history(harness.client, executionArn)).filter((event) => event.type === 'ExecutionRedriven'),
      ).toHaveLength(1);
      expect(ask.calls).toHaveLength(2);
      // Another token is another request: refused while it runs.
      await expect(
        harness.client.send(new RedriveExecutionCommand({ executionArn, clientToken: 'form-nonce-2' })),
      ).rejects.toMatchObject({ name: 'ExecutionNotRedrivable' });

      // The tokens are kept with the execution: after a restart the same answer.
      await harness.close();
      harness = await startHarness(DEFINITION, { ask }, { dataDir });
      const afterRestart = await harness.client.send(
        new RedriveExecutionCommand({ executionArn, clientToken: 'form-nonce-1' }),
      );
      expect(afterRestart.redriveDate?.getTime()).toBe(redriven.redriveDate?.getTime());
      expect((await harness.client.send(new DescribeExecutionCommand({ executionArn }))).redriveCount).toBe(
        1,
      );

      // Stopped again and redriven with a new token: a second redrive.
      await harness.client.send(new StopExecutionCommand({ executionArn }));
      const next = await waitFor(async () => {
        try {
          return await harness.client.send(
            new RedriveExecutionCommand({ executionArn, clientToken: 'form-nonce-3' }),
          );
        } catch {
          return undefined;
        }
      });
      expect(next.redriveDate?.getTime()).toBeGreaterThanOrEqual(redriven.redriveDate?.getTime() ?? 0);
      expect((await harness.client.send(new DescribeExecutionCommand({ executionArn }))).redriveCount).toBe(
        2,
      );
    } finally {
      await harness.close();
    }
  });
});
