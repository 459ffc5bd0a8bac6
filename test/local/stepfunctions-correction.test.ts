import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { substituteDefinition } from '../../local/stepfunctions';
import { NOMINATION_TASKS, taskSubstitutions } from '../../workflows/nomination-tasks';
import { AWARDED_PATH } from '../support/sample';
import {
  enteredStates,
  history,
  recordingLambda,
  useHarnesses,
  waitFor,
  waitForEnd,
} from './stepfunctions-harness';

/**
 * The 보완요청 loop of workflows/nomination.asl.json on the local Step Functions service: a return
 * at any stage waits at RequestCorrection for the center's correction, then goes back to the stage
 * that returned it; out of rounds, or with no correction in time, it ends returned.
 */
const aslText = readFileSync(join(__dirname, '../../workflows/nomination.asl.json'), 'utf8');

function definition(change: (states: Record<string, Record<string, unknown>>) => void = () => undefined) {
  const asl = JSON.parse(aslText) as { States: Record<string, Record<string, unknown>> };
  change(asl.States);
  return substituteDefinition(
    JSON.stringify(asl),
    taskSubstitutions((task) => `local:${NOMINATION_TASKS[task].entry}`),
  );
}

type TaskCall = {
  nominationId: string;
  taskToken: string;
  stage?: string;
  decision?: Record<string, unknown>;
};

const start = useHarnesses();

/** The real ASL with recording stand-ins; `correctionAnswer` lets RequestCorrection answer its own token. */
async function startWorkflow(
  options: {
    definition?: string;
    correctionAnswer?: (call: TaskCall, client: SFNClient) => Promise<unknown>;
  } = {},
) {
  let client: SFNClient | undefined;
  const lambdas = {
    recordSubmission: recordingLambda(() => ({ recorded: true })),
    requestApproval: recordingLambda<TaskCall>(() => ({ mailed: true })),
    requestCorrection: recordingLambda<TaskCall>(async (call) =>
      options.correctionAnswer && client ? options.correctionAnswer(call, client) : { mailed: true },
    ),
    notify: recordingLambda(() => ({ sent: true })),
    issueCertificate: recordingLambda(() => ({ issued: true })),
    markNeedsAttention: recordingLambda(() => ({ marked: true })),
  };
  const harness = await start(
    options.definition ?? definition(),
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
  client = harness.client;
  const executionArn = await harness.start({ nominationId: 'nom-2026-0001' }, 'nom-2026-0001');
  const send = (taskToken: string, output: unknown) =>
    harness.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
  /** Answers the n-th approval request (0-based) as the web function does, and returns it. */
  const decide = async (index: number, decision: string, comment?: string) => {
    const call = await waitFor(() => lambdas.requestApproval.calls[index]);
    await send(call.taskToken, {
      decision,
      stage: call.stage,
      approver: 'a@example.test',
      ...(comment ? { comment } : {}),
    });
    return call;
  };
  /** Answers the n-th correction request as the edit link's POST does. */
  const correct = async (index: number, output?: unknown) => {
    const call = await waitFor(() => lambdas.requestCorrection.calls[index]);
    await send(
      call.taskToken,
      output ?? { returnTo: call.decision?.stage, round: index + 1, correctedAt: new Date().toISOString() },
    );
    return call;
  };
  return { ...harness, lambdas, executionArn, decide, correct };
}

describe('the correction loop (보완요청) on the local service', () => {
  test('a return at HQ waits for the correction and goes back to HQ: 4 more states than the happy path', async () => {
    const { client, lambdas, executionArn, decide, correct } = await startWorkflow();

    await decide(0, 'approve');
    await decide(1, 'return', '실적 근거를 보완해 주세요');
    const correction = await correct(0);
    const again = await decide(2, 'approve');
    await decide(3, 'approve');
    const done = await waitForEnd(client, executionArn);

    expect(done.status).toBe('SUCCEEDED');
    // RequestCorrection gets the return the workflow acted on: the stage to go back to and the reason.
    expect(correction).toMatchObject({
      nominationId: 'nom-2026-0001',
      decision: { decision: 'return', stage: 'hq_review', comment: '실적 근거를 보완해 주세요' },
    });
    expect(again.stage).toBe('hq_review');
    expect(lambdas.requestApproval.calls.map((call) => call.stage)).toEqual([
      'center_review',
      'hq_review',
      'hq_review',
      'minister_approval',
    ]);
    const entered = enteredStates(await history(client, executionArn));
    expect(entered).toEqual([
      'RecordSubmission',
      'CenterReview',
      'CenterDecision',
      'HQReview',
      'HQDecision',
      'RequestCorrection',
      'CorrectionRoute',
      'HQReview',
      'HQDecision',
      'MinisterApproval',
      'MinisterDecision',
      'IssueCertificate',
      'NotifyAwardee',
      'Awarded',
    ]);
    expect(AWARDED_PATH).toHaveLength(10);
    expect(entered).toHaveLength(AWARDED_PATH.length + 4);
  });

  test.each([
    ['center_review', 0, 'CenterReview'],
    ['minister_approval', 2, 'MinisterApproval'],
  ] as const)('a return at %s goes back to that stage once corrected', async (stage, returnAt, state) => {
    const { client, lambdas, executionArn, decide, correct } = await startWorkflow();

    for (let index = 0; index < returnAt; index += 1) await decide(index, 'approve');
    await decide(returnAt, 'return', '보완 요청');
    await correct(0);
    const back = await decide(returnAt + 1, 'reject', '반려');
    const done = await waitForEnd(client, executionArn);

    expect(done.status).toBe('SUCCEEDED');
    expect(back.stage).toBe(stage);
    const entered = enteredStates(await history(client, executionArn));
    expect(
      entered.slice(entered.indexOf('RequestCorrection'), entered.indexOf('RequestCorrection') + 3),
    ).toEqual(['RequestCorrection', 'CorrectionRoute', state]);
    expect(entered.at(-1)).toBe('Rejected');
    expect(lambdas.notify.calls).toEqual([
      expect.objectContaining({ outcome: 'rejected', decision: expect.objectContaining({ stage }) }),
    ]);
  });

  test('two rounds in a row keep the same execution and each gets a new token', async () => {
    const { client, executionArn, decide, correct } = await startWorkflow();

    await decide(0, 'return', '1차 보완');
    const first = await correct(0);
    await decide(1, 'return', '2차 보완');
    const second = await correct(1);
    await decide(2, 'approve');
    await decide(3, 'approve');
    await decide(4, 'approve');
    const done = await waitForEnd(client, executionArn);

    expect(done.status).toBe('SUCCEEDED');
    expect(second.taskToken).not.toBe(first.taskToken);
    expect(enteredStates(await history(client, executionArn))).toHaveLength(AWARDED_PATH.length + 8);
  });

  test('out of correction rounds, RequestCorrection answers its own task and the nomination ends returned', async () => {
    const { client, lambdas, executionArn, decide } = await startWorkflow({
      correctionAnswer: async (call, sfn) => {
        // What request-correction does when the cycle's rounds are used up.
        await sfn.send(
          new SendTaskSuccessCommand({
            taskToken: call.taskToken,
            output: JSON.stringify({ exhausted: true, rounds: 2 }),
          }),
        );
        return { exhausted: true, rounds: 2 };
      },
    });

    await decide(0, 'return', '다시 작성해 주세요');
    const done = await waitForEnd(client, executionArn);

    expect(done.status).toBe('SUCCEEDED');
    expect(enteredStates(await history(client, executionArn))).toEqual([
      'RecordSubmission',
      'CenterReview',
      'CenterDecision',
      'RequestCorrection',
      'CorrectionRoute',
      'NotifyReturned',
      'Returned',
    ]);
    // The returned mail carries the reviewer's reason (the workflow's own decision).
    expect(lambdas.notify.calls).toEqual([
      {
        nominationId: 'nom-2026-0001',
        outcome: 'returned',
        decision: expect.objectContaining({
          decision: 'return',
          stage: 'center_review',
          comment: '다시 작성해 주세요',
        }),
      },
    ]);
  });

  test('a correction that never comes ends returned when the wait times out', async () => {
    const { client, lambdas, executionArn, decide } = await startWorkflow({
      definition: definition((states) => {
        if (states.RequestCorrection) states.RequestCorrection.TimeoutSeconds = 1;
      }),
    });

    await decide(0, 'approve');
    await decide(1, 'return', '보완 요청');
    const done = await waitForEnd(client, executionArn);

    expect(done.status).toBe('SUCCEEDED');
    const entered = enteredStates(await history(client, executionArn));
    expect(entered.slice(-3)).toEqual(['RequestCorrection', 'NotifyReturned', 'Returned']);
    expect(lambdas.notify.calls).toEqual([
      expect.objectContaining({
        outcome: 'returned',
        decision: expect.objectContaining({ stage: 'hq_review' }),
      }),
    ]);
    expect(lambdas.markNeedsAttention.calls).toEqual([]);
  });

  test('a correction answer naming no stage goes to an operator', async () => {
    const { client, lambdas, executionArn, decide, correct } = await startWorkflow();

    await decide(0, 'return', '보완 요청');
    await correct(0, { round: 1 });
    const done = await waitForEnd(client, executionArn);
    expect(done).toMatchObject({ status: 'FAILED', error: 'NominationNeedsAttention' });
    expect(lambdas.markNeedsAttention.calls).toEqual([
      { nominationId: 'nom-2026-0001', error: expect.objectContaining({ Error: 'UnknownCorrection' }) },
    ]);
  });
});
