import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  type ExecutionListItem,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  SFNClient,
  SFNServiceException,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { NominationNotFound, NothingToResend } from '../../functions/domain/errors';
import { isReviewStage } from '../../functions/domain/stages';
import type { ResendApprovalInput, ResendApprovalResult } from '../../functions/use-cases/resend-approval';

/**
 * A made-up but realistic world for the ops console: executions of the nomination ASL as the Step
 * Functions API returns them (GetExecutionHistory shaped like the local service's and AWS's), and
 * the nominations of cycle 2026 in the table, personal data included (the console must hide it).
 */

export const REGION = 'ap-northeast-2';
export const STATE_MACHINE_ARN = `arn:aws:states:${REGION}:000000000000:stateMachine:NominationWorkflow`;
export const TABLE_NAME = 'award-workflow';
export const ASL = readFileSync(path.join(__dirname, '..', '..', 'workflows', 'nomination.asl.json'), 'utf8');
/** The clock of the console in these tests. */
export const NOW = new Date('2026-11-20T00:00:00Z');

export const IDS = {
  waiting: '2026-q7m2xk9p4hd3wz8rbn5t', // RUNNING, waits at CenterReview (approval due 11-26)
  atHq: '2026-h4k8s2m9x3p7q5w2z6rt', // RUNNING, waits at HQReview, past its deadline
  failed: '2026-f3n8d2k7r4m9s5p2x6wq', // FAILED: RecordSubmission failed, MarkNeedsAttention, NeedsAttention
  stopped: '2026-a9s3d7f2g8h4j6k2m5np', // ABORTED by an operator while waiting at CenterReview
  hostile: '2026-x2c8v4b9n3m7q5w2e6rt', // started by hand with odd input (describable, not listed)
} as const;

export function executionArn(name: string): string {
  return `${STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${name}`;
}

/** The secret task token of a waiting task: must never reach a page. */
export const TASK_TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAd8sjZ0cT2hsZWNyZXQtdGFzay10b2tlbg==';

const LAMBDA = 'arn:aws:lambda:ap-northeast-2:000000000000:function:award-workflow';

type EventSpec = [type: string, offsetMs: number, details?: Record<string, unknown>];

function events(start: Date, specs: readonly EventSpec[]): HistoryEvent[] {
  return specs.map(([type, offset, details], index) => {
    const event: Record<string, unknown> = {
      id: index + 1,
      previousEventId: index,
      timestamp: new Date(start.getTime() + offset),
      type,
    };
    if (details) {
      const key = `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
      const member = type.endsWith('StateEntered')
        ? 'stateEnteredEventDetails'
        : type.endsWith('StateExited')
          ? 'stateExitedEventDetails'
          : key;
      event[member] = details;
    }
    return event as unknown as HistoryEvent;
  });
}

const lambdaTask = (resource: string) => ({ resourceType: 'lambda', resource });

function recordSubmission(id: string, at: number): EventSpec[] {
  const input = JSON.stringify({ nominationId: id });
  return [
    ['TaskStateEntered', at, { name: 'RecordSubmission', input, inputDetails: { truncated: false } }],
    [
      'TaskScheduled',
      at + 12,
      {
        ...lambdaTask('invoke'),
        region: REGION,
        parameters: JSON.stringify({
          FunctionName: `${LAMBDA}-record-submission`,
          Payload: { nominationId: id, executionId: executionArn(id) },
        }),
        timeoutInSeconds: 60,
      },
    ],
    ['TaskStarted', at + 30, lambdaTask('invoke')],
  ];
}

function recordSucceeded(id: string, at: number): EventSpec[] {
  const result = { nominationId: id, centerId: 'seoul', cycle: '2026' };
  return [
    [
      'TaskSucceeded',
      at,
      {
        ...lambdaTask('invoke'),
        output: JSON.stringify({ ExecutedVersion: '$LATEST', Payload: result, StatusCode: 200 }),
        outputDetails: { truncated: false },
      },
    ],
    [
      'TaskStateExited',
      at + 4,
      {
        name: 'RecordSubmission',
        output: JSON.stringify({ nominationId: id, lastTask: { result } }),
        outputDetails: { truncated: false },
      },
    ],
  ];
}

function reviewWaiting(id: string, state: string, stage: string, at: number, approver: string): EventSpec[] {
  const input = JSON.stringify({ nominationId: id, lastTask: { result: { nominationId: id } } });
  return [
    ['TaskStateEntered', at, { name: state, input, inputDetails: { truncated: false } }],
    [
      'TaskScheduled',
      at + 10,
      {
        ...lambdaTask('invoke.waitForTaskToken'),
        region: REGION,
        parameters: JSON.stringify({
          FunctionName: `${LAMBDA}-request-approval`,
          Payload: { nominationId: id, stage, taskToken: TASK_TOKEN, executionId: executionArn(id) },
        }),
        timeoutInSeconds: 1_209_600,
      },
    ],
    ['TaskStarted', at + 25, lambdaTask('invoke.waitForTaskToken')],
    [
      'TaskSubmitted',
      at + 640,
      {
        ...lambdaTask('invoke.waitForTaskToken'),
        output: JSON.stringify({
          ExecutedVersion: '$LATEST',
          Payload: { nominationId: id, stage, approver, expiresAt: '2026-11-26T05:05:01.000Z' },
          StatusCode: 200,
        }),
        outputDetails: { truncated: false },
      },
    ],
  ];
}

function approved(id: string, state: string, at: number, comment: string): EventSpec[] {
  const decision = { decision: 'approve', comment, decidedBy: 'head.seoul@example.test' };
  return [
    [
      'TaskSucceeded',
      at,
      {
        ...lambdaTask('invoke.waitForTaskToken'),
        output: JSON.stringify(decision),
        outputDetails: { truncated: false },
      },
    ],
    [
      'TaskStateExited',
      at + 3,
      {
        name: state,
        output: JSON.stringify({ nominationId: id, decision }),
        outputDetails: { truncated: false },
      },
    ],
  ];
}

function choice(id: string, state: string, at: number): EventSpec[] {
  const data = JSON.stringify({ nominationId: id, decision: { decision: 'approve' } });
  return [
    ['ChoiceStateEntered', at, { name: state, input: data, inputDetails: { truncated: false } }],
    ['ChoiceStateExited', at + 2, { name: state, output: data, outputDetails: { truncated: false } }],
  ];
}

function started(id: string, input: unknown = { nominationId: id }): EventSpec {
  return [
    'ExecutionStarted',
    0,
    {
      input: JSON.stringify(input),
      inputDetails: { truncated: false },
      roleArn: 'arn:aws:iam::000000000000:role/NominationWorkflow-local',
    },
  ];
}

/** A nomination that went through RecordSubmission and now waits for the center head (TaskSubmitted). */
export function waitingHistory(id: string, start: Date, input?: unknown): HistoryEvent[] {
  return events(start, [
    started(id, input),
    ...recordSubmission(id, 8),
    ...recordSucceeded(id, 412),
    ...reviewWaiting(id, 'CenterReview', 'center_review', 420, 'head.seoul@example.test'),
  ]);
}

/** Approved by the center head; waits for HQ. */
export function hqWaitingHistory(id: string, start: Date): HistoryEvent[] {
  const day = 86_400_000;
  return events(start, [
    started(id),
    ...recordSubmission(id, 8),
    ...recordSucceeded(id, 380),
    ...reviewWaiting(id, 'CenterReview', 'center_review', 390, 'head.busan@example.test'),
    ...approved(
      id,
      'CenterReview',
      2 * day,
      '김민지 주무관 추천에 동의합니다. 문의: park.seojun@example.test',
    ),
    ...choice(id, 'CenterDecision', 2 * day + 10),
    ...reviewWaiting(id, 'HQReview', 'hq_review', 2 * day + 20, 'hq.reviewer@example.test'),
  ]);
}

/** RecordSubmission failed for good: caught, marked for an operator, ended in the Fail state. */
export function failedHistory(id: string, start: Date): HistoryEvent[] {
  const error = { Error: 'TransientError', Cause: 'DynamoDB did not answer (minji.kim@example.test)' };
  return events(start, [
    started(id),
    ...recordSubmission(id, 8),
    ['TaskFailed', 9_000, { ...lambdaTask('invoke'), error: error.Error, cause: error.Cause }],
    [
      'TaskStateExited',
      9_004,
      {
        name: 'RecordSubmission',
        output: JSON.stringify({ nominationId: id, error }),
        outputDetails: { truncated: false },
      },
    ],
    [
      'TaskStateEntered',
      9_010,
      {
        name: 'MarkNeedsAttention',
        input: JSON.stringify({ nominationId: id, error }),
        inputDetails: { truncated: false },
      },
    ],
    [
      'TaskScheduled',
      9_020,
      {
        ...lambdaTask('invoke'),
        region: REGION,
        parameters: JSON.stringify({
          FunctionName: `${LAMBDA}-mark-needs-attention`,
          Payload: { nominationId: id, error },
        }),
        timeoutInSeconds: 60,
      },
    ],
    ['TaskStarted', 9_030, lambdaTask('invoke')],
    [
      'TaskSucceeded',
      9_300,
      {
        ...lambdaTask('invoke'),
        output: JSON.stringify({ Payload: { nominationId: id, marked: true }, StatusCode: 200 }),
        outputDetails: { truncated: false },
      },
    ],
    [
      'TaskStateExited',
      9_304,
      {
        name: 'MarkNeedsAttention',
        output: JSON.stringify({ nominationId: id, error, lastTask: { result: { marked: true } } }),
        outputDetails: { truncated: false },
      },
    ],
    [
      'FailStateEntered',
      9_310,
      {
        name: 'NeedsAttention',
        input: JSON.stringify({ nominationId: id, error }),
        inputDetails: { truncated: false },
      },
    ],
    [
      'ExecutionFailed',
      9_312,
      {
        error: 'NominationNeedsAttention',
        cause: 'The workflow could not continue; the nomination is marked for operator attention.',
      },
    ],
  ]);
}

/** Stopped by an operator while it waited at CenterReview. */
export function stoppedHistory(id: string, start: Date): HistoryEvent[] {
  return events(start, [
    started(id),
    ...recordSubmission(id, 8),
    ...recordSucceeded(id, 400),
    ...reviewWaiting(id, 'CenterReview', 'center_review', 410, 'head.seoul@example.test'),
    ['ExecutionAborted', 3_600_000, { error: 'StoppedByOperator', cause: 'Stopped in the ops console' }],
  ]);
}

interface FakeExecution {
  readonly item: ExecutionListItem;
  readonly history: HistoryEvent[];
  readonly error?: string;
  readonly cause?: string;
  readonly input: string;
}

function execution(
  name: string,
  status: ExecutionListItem['status'],
  startDate: Date,
  history: HistoryEvent[],
  extra: { stopDate?: Date; error?: string; cause?: string } = {},
): FakeExecution {
  const firstInput = history[0]?.executionStartedEventDetails?.input ?? '{}';
  return {
    item: {
      executionArn: executionArn(name),
      stateMachineArn: STATE_MACHINE_ARN,
      name,
      status,
      startDate,
      ...(extra.stopDate ? { stopDate: extra.stopDate } : {}),
    },
    history,
    input: firstInput,
    ...(extra.error ? { error: extra.error } : {}),
    ...(extra.cause ? { cause: extra.cause } : {}),
  };
}

const BASE32 = 'abcdefghijkmnpqrstuvwxyz23456789';

/** The executions ListExecutions knows, newest first: 4 named ones and 53 finished ones (57, two pages of 50). */
export function fakeExecutions(): FakeExecution[] {
  const at = (iso: string) => new Date(iso);
  const list: FakeExecution[] = [
    execution(
      IDS.waiting,
      'RUNNING',
      at('2026-11-12T05:05:00Z'),
      waitingHistory(IDS.waiting, at('2026-11-12T05:05:00Z')),
    ),
    execution(
      IDS.atHq,
      'RUNNING',
      at('2026-10-30T01:00:00Z'),
      hqWaitingHistory(IDS.atHq, at('2026-10-30T01:00:00Z')),
    ),
    execution(
      IDS.failed,
      'FAILED',
      at('2026-10-29T02:00:00Z'),
      failedHistory(IDS.failed, at('2026-10-29T02:00:00Z')),
      {
        stopDate: at('2026-10-29T02:00:09.312Z'),
        error: 'NominationNeedsAttention',
        cause: 'The workflow could not continue; the nomination is marked for operator attention.',
      },
    ),
    execution(
      IDS.stopped,
      'ABORTED',
      at('2026-10-28T03:00:00Z'),
      stoppedHistory(IDS.stopped, at('2026-10-28T03:00:00Z')),
      {
        stopDate: at('2026-10-28T04:00:00Z'),
        error: 'StoppedByOperator',
        cause: 'Stopped in the ops console',
      },
    ),
  ];
  for (let index = 0; index < 53; index++) {
    const suffix = Array.from({ length: 20 }, (_, i) => BASE32[(index * 7 + i * 3) % 32]).join('');
    const start = new Date(Date.parse('2026-10-20T00:00:00Z') - index * 3_600_000);
    list.push(
      execution(`2026-${suffix}`, 'SUCCEEDED', start, [], {
        stopDate: new Date(start.getTime() + 5 * 86_400_000),
      }),
    );
  }
  return list;
}

/** The nominations of cycle 2026 as stored (personal data and all), and their approval requests. */
export function fakeNominations() {
  const person = (name: string, email: string) => ({ name, affiliation: '서울고용복지플러스센터', email });
  const nomination = (
    id: string,
    stage: string,
    category: string,
    nomineeType: 'individual' | 'organization',
    createdAt: string,
    extra: Record<string, unknown> = {},
  ) => ({
    pk: `NOM#${id}`,
    sk: 'NOMINATION',
    gsi1pk: 'CYCLE#2026',
    gsi1sk: `STAGE#${stage}#${createdAt}#${id}`,
    id,
    cycle: '2026',
    stage,
    category,
    nomineeType,
    createdAt,
    updatedAt: createdAt,
    version: 2,
    nominee: person('김민지', 'minji.kim@example.test'),
    submitter: { name: '박서준', email: 'award.seoul@example.test' },
    meritSummary: '청년 구직자 맞춤형 취업지원으로 취업률 20%p 향상',
    centerId: 'seoul',
    purgeAt: 1_900_000_000,
    ...extra,
  });
  const items = [
    nomination(IDS.failed, 'submitted', 'job-matching', 'individual', '2026-10-29T01:59:00Z', {
      needsAttention: { error: 'TransientError', cause: 'x', at: '2026-10-29T02:00:09Z' },
    }),
    nomination(IDS.waiting, 'center_review', 'job-matching', 'individual', '2026-11-12T05:04:00Z'),
    nomination(
      '2026-c5v8b2n7m3k9j4h6g2fd',
      'center_review',
      'insurance-integrity',
      'organization',
      '2026-10-26T00:00:00Z',
    ),
    nomination(IDS.atHq, 'hq_review', 'regional-cooperation', 'individual', '2026-10-30T00:59:00Z'),
    nomination(
      '2026-m7n3b8v2c6x4z9a5s2dq',
      'minister_approval',
      'vocational-training',
      'individual',
      '2026-10-02T00:00:00Z',
    ),
    nomination('2026-w2e7r4t9y3u8i5p2a6sd', 'awarded', 'job-matching', 'individual', '2026-09-10T00:00:00Z'),
    nomination(
      '2026-e8r3t7y2u9i4p6a2s5df',
      'awarded',
      'vocational-training',
      'individual',
      '2026-09-11T00:00:00Z',
    ),
    nomination(
      '2026-r4t8y3u7i2p9a5s2d6fg',
      'awarded',
      'vocational-training',
      'individual',
      '2026-09-12T00:00:00Z',
    ),
    nomination(
      '2026-t9y4u8i3p7a2s6d2f5gh',
      'awarded',
      'regional-cooperation',
      'organization',
      '2026-09-13T00:00:00Z',
    ),
    nomination(
      '2026-y5u9i4p8a3s7d2f6g2hj',
      'rejected',
      'insurance-integrity',
      'individual',
      '2026-09-14T00:00:00Z',
    ),
    nomination('2026-u6i2p5a9s4d8f3g7h2jk', 'returned', 'job-matching', 'individual', '2026-09-15T00:00:00Z'),
  ];
  // The newest approval request per waiting nomination (OPEN_APPROVAL#<stage> -> APPROVAL#<hash>).
  const approvals: Record<string, { stage: string; expiresAt: string; status: string }> = {
    [IDS.waiting]: { stage: 'center_review', expiresAt: '2026-11-26T05:05:01Z', status: 'open' },
    '2026-c5v8b2n7m3k9j4h6g2fd': {
      stage: 'center_review',
      expiresAt: '2026-11-09T00:00:00Z',
      status: 'open',
    },
    [IDS.atHq]: { stage: 'hq_review', expiresAt: '2026-11-15T01:00:00Z', status: 'open' },
    '2026-m7n3b8v2c6x4z9a5s2dq': {
      stage: 'minister_approval',
      expiresAt: '2026-11-30T00:00:00Z',
      status: 'open',
    },
  };
  return { items, approvals };
}

/** SDK clients whose calls are answered from the fake world (aws-sdk-client-mock on these instances). */
export function mockedClients() {
  const sfn = new SFNClient({ region: REGION });
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: REGION }));
  const sfnMock = mockClient(sfn);
  const dbMock = mockClient(db);
  const executions = fakeExecutions();
  const hostileStart = new Date('2026-11-19T00:00:00Z');
  const hostile = execution(
    IDS.hostile,
    'RUNNING',
    hostileStart,
    waitingHistory(IDS.hostile, hostileStart, {
      nominationId: IDS.hostile,
      note: '<script>alert("x")</script><img src=x onerror=alert(1)>',
      nominee: { name: '김민지', email: 'minji.kim@example.test' },
      submitter: { name: '박서준', email: 'award.seoul@example.test' },
      contact: 'haneul.lee@example.test',
    }),
  );
  const byArn = new Map([...executions, hostile].map((e) => [e.item.executionArn, e]));
  /** Statuses DescribeExecution answers instead (an execution that changed between two requests). */
  const statusNow = new Map<string, ExecutionListItem['status']>();

  sfnMock
    .on(ListExecutionsCommand)
    .callsFake(async (input: { statusFilter?: string; nextToken?: string; maxResults?: number }) => {
      const matching = executions.filter((e) => !input.statusFilter || e.item.status === input.statusFilter);
      const start = input.nextToken ? Number(input.nextToken.replace('page-after-', '')) : 0;
      if (Number.isNaN(start))
        throw new SFNServiceException({
          name: 'InvalidToken',
          $fault: 'client',
          $metadata: {},
          message: 'Invalid Token',
        });
      const size = input.maxResults || 100;
      const page = matching.slice(start, start + size);
      return {
        executions: page.map((e) => e.item),
        ...(start + size < matching.length ? { nextToken: `page-after-${start + size}` } : {}),
      };
    });
  sfnMock.on(DescribeExecutionCommand).callsFake(async (input: { executionArn: string }) => {
    const found = byArn.get(input.executionArn);
    if (!found) {
      throw new SFNServiceException({
        name: 'ExecutionDoesNotExist',
        $fault: 'client',
        $metadata: {},
        message: `Execution Does Not Exist: '${input.executionArn}'`,
      });
    }
    const status = statusNow.get(found.item.name ?? '');
    return {
      ...found.item,
      ...(status ? { status } : {}),
      input: found.input,
      ...(found.error ? { error: found.error, cause: found.cause } : {}),
      $metadata: {},
    } as DescribeExecutionCommandOutput;
  });
  sfnMock.on(GetExecutionHistoryCommand).callsFake(async (input: { executionArn: string }) => ({
    events: byArn.get(input.executionArn)?.history ?? [],
  }));
  sfnMock.on(StopExecutionCommand).resolves({ stopDate: NOW });
  sfnMock.on(RedriveExecutionCommand).rejects(
    new SFNServiceException({
      name: 'UnknownOperationException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
      message: 'Unknown operation: AWSStepFunctions.RedriveExecution',
    }),
  );

  const { items, approvals } = fakeNominations();
  const AUDIT_TRAIL = [
    { type: 'submitted', at: '2026-11-12T05:04:00Z', actor: 'award.seoul@example.test' },
    {
      type: 'approval_reminded',
      at: '2026-11-23T05:04:00Z',
      actor: 'workflow',
      stage: 'center_review',
      number: 1,
    },
    {
      type: 'approval_escalated',
      at: '2026-11-26T05:04:00Z',
      actor: 'workflow',
      stage: 'center_review',
      toName: '서울부센터장',
    },
  ];
  dbMock
    .on(QueryCommand)
    .callsFake(
      async (input: {
        IndexName?: string;
        ExpressionAttributeValues?: Record<string, unknown>;
        ExclusiveStartKey?: Record<string, unknown>;
      }) => {
        const pk = input.ExpressionAttributeValues?.[':pk'];
        if (input.IndexName === undefined && typeof pk === 'string' && pk.startsWith('NOM#')) {
          // The audit trail of a nomination waiting at center review: a reminder, an escalation.
          return pk === `NOM#${IDS.waiting}` ? { Items: AUDIT_TRAIL } : { Items: [] };
        }
        if (input.IndexName !== 'gsi1' || pk !== 'CYCLE#2026') return { Items: [] };
        // Two pages, as DynamoDB pages big answers.
        const second = input.ExclusiveStartKey !== undefined;
        const sorted = [...items].sort((a, b) => a.gsi1sk.localeCompare(b.gsi1sk));
        return second
          ? { Items: sorted.slice(6) }
          : { Items: sorted.slice(0, 6), LastEvaluatedKey: { pk: sorted[5]?.pk, sk: 'NOMINATION' } };
      },
    );
  dbMock.on(GetCommand).callsFake(async (input: { Key: { pk: string; sk: string } }) => {
    const { pk, sk } = input.Key;
    if (sk === 'NOMINATION') return { Item: items.find((item) => item.pk === pk) };
    const id = pk.replace(/^NOM#/, '');
    if (sk.startsWith('OPEN_APPROVAL#')) {
      const approval = approvals[id];
      return approval && `OPEN_APPROVAL#${approval.stage}` === sk
        ? { Item: { pk, sk, idHash: `hash-${id}` } }
        : {};
    }
    if (pk.startsWith('APPROVAL#hash-')) {
      const approval = approvals[pk.replace('APPROVAL#hash-', '')];
      return approval
        ? {
            Item: {
              ...approval,
              taskToken: TASK_TOKEN,
              approver: { name: '이센터장', email: 'head.seoul@example.test' },
            },
          }
        : {};
    }
    return {};
  });
  dbMock.on(PutCommand).resolves({});
  return { sfn, db, sfnMock, dbMock, statusNow };
}

/**
 * A stand-in for the operators' re-send (local/ops-resend.ts) over the fake world, deciding as the
 * use case does (functions/use-cases/resend-approval.ts): unknown nomination, not in review, no open
 * request, expired, or mailed once per request key. `mailed` lists the request keys that sent a mail.
 */
export function fakeResend(world = fakeNominations()) {
  const mailed: string[] = [];
  const seen = new Set<string>();
  const resend = async (input: ResendApprovalInput): Promise<ResendApprovalResult> => {
    const nomination = world.items.find((item) => item.id === input.nominationId);
    if (!nomination) throw new NominationNotFound(input.nominationId);
    const stage = nomination.stage;
    if (!isReviewStage(stage)) throw new NothingToResend('not_in_review', `${stage}`);
    const approval = world.approvals[nomination.id];
    if (approval?.stage !== stage || approval.status !== 'open') {
      throw new NothingToResend('no_open_request', 'no open request');
    }
    if (NOW.getTime() >= Date.parse(approval.expiresAt)) throw new NothingToResend('expired', 'expired');
    const key = `${nomination.id}:${input.requestKey}`;
    const sent = !seen.has(key);
    seen.add(key);
    if (sent) mailed.push(input.requestKey);
    return {
      nominationId: nomination.id,
      stage,
      approver: 'head.seoul@example.test',
      expiresAt: approval.expiresAt,
      sent,
    };
  };
  return { resend, mailed, world };
}
