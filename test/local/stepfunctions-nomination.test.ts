import { execFile } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { substituteDefinition } from '../../local/stepfunctions';
import { NOMINATION_TASKS, taskSubstitutions } from '../../workflows/nomination-tasks';
import { AWARDED_PATH } from '../support/sample';
import {
  enteredStates,
  type Harness,
  history,
  recordingLambda,
  useHarnesses,
  waitFor,
  waitForEnd,
} from './stepfunctions-harness';

/** The project's real workflow, with local function names as the local runtime maps them. */
const nominationAsl = substituteDefinition(
  readFileSync(join(__dirname, '../../workflows/nomination.asl.json'), 'utf8'),
  taskSubstitutions((task) => `local:${NOMINATION_TASKS[task].entry}`),
);

type ApprovalRequest = { nominationId: string; stage: string; taskToken: string; executionId: string };
type CorrectionRequest = {
  nominationId: string;
  decision: { decision: string; stage?: string };
  taskToken: string;
  executionId: string;
};

const start = useHarnesses();

async function startNominationWorkflow() {
  const lambdas = {
    recordSubmission: recordingLambda(() => ({ recorded: true })),
    requestApproval: recordingLambda<ApprovalRequest>(() => ({ mailed: true })),
    requestCorrection: recordingLambda<CorrectionRequest>(() => ({ mailed: true })),
    notify: recordingLambda(() => ({ sent: true })),
    issueCertificate: recordingLambda(() => ({ issued: true })),
    markNeedsAttention: recordingLambda(() => ({ marked: true })),
  };
  const harness = await start(
    nominationAsl,
    {
      'local:record-submission': lambdas.recordSubmission,
      'local:request-approval': lambdas.requestApproval,
      'local:request-correction': lambdas.requestCorrection,
      'local:notify': lambdas.notify,
      'local:issue-certificate': lambdas.issueCertificate,
      'local:mark-needs-attention': lambdas.markNeedsAttention,
    },
    { stateMachineName: 'NominationWorkflow' },
  );
  const executionArn = await harness.start({ nominationId: 'nom-2023-0001' }, 'nom-2023-0001');
  /** Waits for the n-th approval request (0-based), answers it and returns it. */
  const decide = async (index: number, decision: string): Promise<ApprovalRequest> => {
    const request = await waitFor(() => lambdas.requestApproval.calls[index]);
    await harness.client.send(
      new SendTaskSuccessCommand({
        taskToken: request.taskToken,
        output: JSON.stringify({ decision, stage: request.stage }),
      }),
    );
    return request;
  };
  /** Waits for the n-th correction request (0-based) and answers it as the edit link's POST does. */
  const correct = async (index: number, returnTo: string): Promise<CorrectionRequest> => {
    const request = await waitFor(() => lambdas.requestCorrection.calls[index]);
    await harness.client.send(
      new SendTaskSuccessCommand({
        taskToken: request.taskToken,
        output: JSON.stringify({ returnTo, round: index + 1, correctedAt: new Date().toISOString() }),
      }),
    );
    return request;
  };
  return { ...harness, lambdas, executionArn, decide, correct };
}

describe('workflows/nomination.asl.json on the local service', () => {
  test('three approvals lead to NotifyAwardee and Awarded', async () => {
    const { client, lambdas, executionArn, decide } = await startNominationWorkflow();

    const requests = [await decide(0, 'approve'), await decide(1, 'approve'), await decide(2, 'approve')];
    const done = await waitForEnd(client, executionArn);

    expect(done.status).toBe('SUCCEEDED');
    expect(lambdas.recordSubmission.calls).toEqual([
      { nominationId: 'nom-2023-0001', executionId: executionArn },
    ]);
    expect(requests.map((request) => request.stage)).toEqual([
      'center_review',
      'hq_review',
      'minister_approval',
    ]);
    expect(requests.every((request) => request.executionId === executionArn)).toBe(true);
    expect(new Set(requests.map((request) => request.taskToken)).size).toBe(3);
    expect(lambdas.notify.calls).toEqual([
      {
        nominationId: 'nom-2023-0001',
        outcome: 'awarded',
        decision: { decision: 'approve', stage: 'minister_approval' },
      },
    ]);
    const events = await history(client, executionArn);
    expect(enteredStates(events)).toEqual(AWARDED_PATH);
    // 14 days in the ASL, capped to the local default of 7 days.
    const callbackTimeouts = events
      .filter((event) => event.taskScheduledEventDetails?.resource === 'invoke.waitForTaskToken')
      .map((event) => event.taskScheduledEventDetails?.timeoutInSeconds);
    expect(callbackTimeouts).toEqual([604_800, 604_800, 604_800]);
  });

  test('a rejection at the center goes through NotifyRejection to Rejected', async () => {
    const { client, lambdas, executionArn, decide } = await startNominationWorkflow();

    await decide(0, 'reject');
    const done = await waitForEnd(client, executionArn);

    expect(done.status).toBe('SUCCEEDED');
    expect(lambdas.notify.calls).toEqual([
      {
        nominationId: 'nom-2023-0001',
        outcome: 'rejected',
        decision: { decision: 'reject', stage: 'center_review' },
      },
    ]);
    expect(enteredStates(await history(client, executionArn))).toEqual([
      'RecordSubmission',
      'CenterReview',
      'CenterDecision',
      'NotifyRejection',
      'Rejected',
    ]);
  });

  test("HQ returning the nomination waits for the center's correction, then asks HQ again with a new token; the old one is dead", async () => {
    const { client, lambdas, executionArn, decide, correct } = await startNominationWorkflow();

    await decide(0, 'approve');
    const firstHq = await decide(1, 'return');
    const correction = await correct(0, 'hq_review');
    const secondHq = await decide(2, 'reject');
    const done = await waitForEnd(client, executionArn);

    expect(done.status).toBe('SUCCEEDED');
    expect(correction.decision).toEqual({ decision: 'return', stage: 'hq_review' });
    expect(secondHq.stage).toBe('hq_review');
    expect(secondHq.taskToken).not.toBe(firstHq.taskToken);
    expect(lambdas.requestApproval.calls.map((request) => request.stage)).toEqual([
      'center_review',
      'hq_review',
      'hq_review',
    ]);
    await expect(
      client.send(
        new SendTaskSuccessCommand({ taskToken: firstHq.taskToken, output: '{"decision":"approve"}' }),
      ),
    ).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  test('an unknown decision is marked for attention and fails as NominationNeedsAttention', async () => {
    const { client, lambdas, executionArn, decide } = await startNominationWorkflow();

    await decide(0, 'maybe');
    const done = await waitForEnd(client, executionArn);

    expect(done).toMatchObject({ status: 'FAILED', error: 'NominationNeedsAttention' });
    expect(lambdas.markNeedsAttention.calls).toEqual([
      { nominationId: 'nom-2023-0001', error: expect.objectContaining({ Error: 'UnknownDecision' }) },
    ]);
  });
});

const awsCli = findOnPath('aws');
const testWithAwsCli = awsCli ? test : test.skip;

describe('AWS CLI against the local service', () => {
  testWithAwsCli(
    awsCli
      ? 'aws stepfunctions list-executions finds the execution'
      : 'aws stepfunctions list-executions finds the execution (skipped: aws CLI is not on PATH)',
    async () => {
      const { service, executionArn }: Harness & { executionArn: string } = await startNominationWorkflow();
      const { AWS_PROFILE: _profile, ...environment } = process.env;

      const { stdout } = await promisify(execFile)(
        awsCli ?? 'aws',
        [
          'stepfunctions',
          'list-executions',
          '--state-machine-arn',
          service.stateMachineArn,
          '--endpoint-url',
          service.endpoint,
          '--region',
          'ap-northeast-2',
          '--output',
          'json',
        ],
        {
          env: { ...environment, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
          timeout: 30_000,
        },
      );

      const listed = JSON.parse(stdout) as {
        executions: { executionArn: string; name: string; status: string }[];
      };
      expect(listed.executions).toEqual([
        expect.objectContaining({ executionArn, name: 'nom-2023-0001', status: 'RUNNING' }),
      ]);
    },
  );
});

function findOnPath(command: string): string | undefined {
  for (const directory of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(directory, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}
