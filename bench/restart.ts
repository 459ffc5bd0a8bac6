import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SendTaskHeartbeatCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { startLocalStepFunctions } from '../local/stepfunctions';
import { sleep } from './measure';

const WAIT_FOR_CALLBACK = JSON.stringify({
  StartAt: 'Wait',
  States: {
    Wait: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'wait', Payload: { 'token.$': '$$.Task.Token' } },
      TimeoutSeconds: 3600,
      End: true,
    },
  },
});

const clientFor = (endpoint: string) =>
  new SFNClient({
    endpoint,
    region: 'ap-northeast-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

/** Heartbeats every token until all answer (the restarted service re-attached them) or 60 s pass. */
async function untilAllTokensAnswer(client: SFNClient, tokens: readonly string[]): Promise<void> {
  let pending = tokens;
  const deadline = Date.now() + 60_000;
  while (pending.length > 0) {
    const answers = await Promise.all(
      pending.map((taskToken) =>
        client.send(new SendTaskHeartbeatCommand({ taskToken })).then(
          () => undefined,
          (error: Error) => {
            if (error.name !== 'InvalidToken') throw error;
            return taskToken;
          },
        ),
      ),
    );
    pending = answers.filter((token): token is string => token !== undefined);
    if (pending.length > 0 && Date.now() > deadline)
      throw new Error(
        `${pending.length} of ${tokens.length} task tokens still unknown 60 s after the restart`,
      );
  }
}

/**
 * The local Step Functions service restarted with `count` executions waiting for a callback: how
 * long until every task token answers again (journal replay + compaction + relaunch), and that no
 * waiting function ran again.
 */
export async function restartWithWaiting(
  count = 1000,
): Promise<{ waiting: number; upMs: number; allAnswerMs: number }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'award-bench-sfn-'));
  const tokens: string[] = [];
  const options = {
    port: 0,
    stateMachineName: 'Bench',
    definition: WAIT_FOR_CALLBACK,
    dataDir,
    lambdas: {
      wait: async (payload: unknown) => {
        tokens.push((payload as { token: string }).token);
        return {};
      },
    },
  };
  try {
    const first = await startLocalStepFunctions(options);
    const client = clientFor(first.endpoint);
    for (let i = 0; i < count; i += 1) {
      await client.send(new StartExecutionCommand({ stateMachineArn: first.stateMachineArn, name: `e${i}` }));
    }
    while (tokens.length < count) await sleep(20);
    client.destroy();
    await first.close();
    const waitingBefore = [...tokens];

    const started = performance.now();
    const second = await startLocalStepFunctions(options);
    const upMs = performance.now() - started;
    const after = clientFor(second.endpoint);
    try {
      await untilAllTokensAnswer(after, waitingBefore);
      const allAnswerMs = performance.now() - started;
      if (tokens.length !== count)
        throw new Error(
          `the waiting function ran ${tokens.length - count} more time(s) after the restart: ` +
            'a resumed callback task must wait on its saved token, not invoke its function again',
        );
      return { waiting: count, upMs: Math.round(upMs), allAnswerMs: Math.round(allAnswerMs) };
    } finally {
      after.destroy();
      await second.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
