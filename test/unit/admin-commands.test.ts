import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  RedriveExecutionCommand,
  SFNClient,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { simpleParser } from 'mailparser';
import { approvalLinkId } from '../../functions/domain/approval';
import { NothingToResend } from '../../functions/domain/errors';
import { hashLinkId } from '../../functions/domain/secret-links';
import type { ResendApprovalResult } from '../../functions/use-cases/resend-approval';
import { openAdminData } from '../../local/admin/data';
import { type CliIo, runCli } from '../../local/admin/main';
import { type AwsTarget, localTarget, type Target } from '../../local/admin/target';
import { sampleNomination } from '../support/sample';

const dynamo = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const ses = mockClient(SESv2Client);
const secrets = mockClient(SecretsManagerClient);
const ID = '2026-abcdefghijkmnpqrstuv';
const EXECUTION_ARN = `arn:aws:states:ap-northeast-2:000000000000:execution:NominationWorkflow:${ID}`;
const NOW = new Date('2026-11-03T00:00:00Z');
const CONFIG = path.join(__dirname, '..', '..', 'config');

interface Captured {
  io: CliIo;
  stdout: () => string;
  stderr: () => string;
  stdin: PassThrough;
}

function capture(options: { tty?: boolean; env?: Record<string, string> } = {}): Captured {
  let out = '';
  let err = '';
  const stdin = Object.assign(new PassThrough(), { isTTY: options.tty ?? false });
  const stderr = Object.assign(new PassThrough(), { isTTY: options.tty ?? false });
  stderr.on('data', (chunk) => {
    err += chunk;
  });
  return {
    io: {
      stdout: { write: (text: string) => (out += text) },
      stderr,
      stdin,
      env: options.env ?? {},
    },
    stdout: () => out,
    stderr: () => err,
    stdin,
  };
}

const resolveTarget = jest.fn(async () => localTarget({}));

function cli(argv: string[], captured = capture()) {
  return runCli(argv, captured.io, { resolveTarget, now: () => NOW }).then((code) => ({ code, ...captured }));
}

function nominationItem(id: string, stage: string, createdAt: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    cycle: '2026',
    stage,
    category: 'job-matching',
    nomineeType: 'individual',
    centerId: 'seoul',
    createdAt,
    gsi1sk: `STAGE#${stage}#${createdAt}#${id}`,
    ...extra,
  };
}

beforeEach(() => {
  dynamo.reset();
  sfn.reset();
  ses.reset();
  secrets.reset();
  resolveTarget.mockClear();
});

describe('admin list', () => {
  it('pages through gsi1 (Query, never Scan) by cycle, stage and category, sorted by stage and time', async () => {
    dynamo
      .on(QueryCommand)
      .resolvesOnce({
        Items: [nominationItem('2026-bbbbbbbbbbbbbbbbbbbb', 'hq_review', '2026-10-02T00:00:00Z')],
        LastEvaluatedKey: { pk: 'p' },
      })
      .resolvesOnce({
        Items: [nominationItem('2026-cccccccccccccccccccc', 'center_review', '2026-10-03T00:00:00Z')],
      });
    const result = await cli(['list', '--cycle', '2026', '--category', 'job-matching', '--json']);
    expect(result.code).toBe(0);
    const queries = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries).toHaveLength(2);
    expect(queries[0]).toMatchObject({
      TableName: 'award-workflow',
      IndexName: 'gsi1',
      KeyConditionExpression: '#gpk = :gpk',
      FilterExpression: '#category = :category',
      ExpressionAttributeValues: { ':gpk': 'CYCLE#2026', ':category': 'job-matching' },
    });
    expect(queries[1]?.ExclusiveStartKey).toEqual({ pk: 'p' });
    expect(dynamo.commandCalls(ScanCommand)).toHaveLength(0);
    const listed = JSON.parse(result.stdout());
    expect(listed).toMatchObject({ cycle: '2026', category: 'job-matching', count: 2 });
    expect(listed.nominations.map((n: { id: string }) => n.id)).toEqual([
      '2026-cccccccccccccccccccc',
      '2026-bbbbbbbbbbbbbbbbbbbb',
    ]);
    // Not a terminal: no progress bar, and no extra COUNT query for it.
    expect(result.stderr()).toBe('');
    expect(queries.some((query) => query.Select === 'COUNT')).toBe(false);

    dynamo.reset();
    dynamo.on(QueryCommand).resolves({ Items: [] });
    const atStage = await cli(['list', '--cycle', '2026', '--stage', 'minister_approval']);
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      KeyConditionExpression: '#gpk = :gpk AND begins_with(#gsk, :gsk)',
      ExpressionAttributeValues: { ':gpk': 'CYCLE#2026', ':gsk': 'STAGE#minister_approval#' },
    });
    expect(atStage.stdout()).toContain('추천서가 없습니다 (no nominations): 2026년');
  });

  it('shows a progress bar on a terminal while paging through many items', async () => {
    const page = (n: number) =>
      Array.from({ length: 3 }, (_, i) =>
        nominationItem(
          `2026-${String.fromCharCode(97 + n)}${'a'.repeat(18)}${i + 2}`,
          'center_review',
          `2026-10-0${n + 1}T00:00:00Z`,
        ),
      );
    dynamo.on(QueryCommand).callsFake((input: { Select?: string; ExclusiveStartKey?: unknown }) => {
      if (input.Select === 'COUNT') return { Count: 6 };
      return input.ExclusiveStartKey ? { Items: page(1) } : { Items: page(0), LastEvaluatedKey: { pk: 'p' } };
    });
    const result = await cli(['list', '--cycle', '2026'], capture({ tty: true }));
    expect(result.code).toBe(0);
    expect(result.stderr()).toMatch(/추천서 읽는 중 \(reading\) \[[█░]{24}\] 3…/);
    expect(result.stderr().endsWith('\r\u001b[2K')).toBe(true);
    expect(result.stdout()).toContain('6건');
  });

  it('defaults to the newest cycle that has nominations', async () => {
    // A config directory as the functions read it (loadConfig): cycle files and the directory.
    const config = mkdtempSync(path.join(tmpdir(), 'admin-cycles-'));
    copyFileSync(path.join(CONFIG, 'directory.json'), path.join(config, 'directory.json'));
    const cycle = JSON.parse(readFileSync(path.join(CONFIG, 'cycle-2026.json'), 'utf8'));
    for (const year of ['2023', '2030']) {
      writeFileSync(path.join(config, `cycle-${year}.json`), JSON.stringify({ ...cycle, year }));
    }
    dynamo
      .on(QueryCommand)
      .resolves({ Count: 0, Items: [] })
      .on(QueryCommand, { Select: 'COUNT', ExpressionAttributeValues: { ':gpk': 'CYCLE#2023' } })
      .resolves({ Count: 1 });
    const result = await cli(['list', '--json'], capture({ env: { AWARD_CONFIG_DIR: config } }));
    expect(JSON.parse(result.stdout()).cycle).toBe('2023');
    const probed = dynamo
      .commandCalls(QueryCommand)
      .filter((call) => call.args[0].input.Select === 'COUNT')
      .map((call) => call.args[0].input.ExpressionAttributeValues?.[':gpk']);
    expect(probed).toEqual(['CYCLE#2030', 'CYCLE#2026', 'CYCLE#2023']);

    // A cycle file the functions would refuse is refused here too, by name, before any query.
    dynamo.resetHistory();
    writeFileSync(path.join(config, 'cycle-2031.json'), JSON.stringify({ ...cycle, year: '31' }));
    const broken = await cli(['list'], capture({ env: { AWARD_CONFIG_DIR: config } }));
    expect(broken.code).toBe(1);
    expect(broken.stderr()).toContain('config/cycle-2031.json is invalid');
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);

    // No config directory at all (an installed copy): this year alone.
    dynamo.resetHistory();
    const none = await cli(
      ['list', '--json'],
      capture({ env: { AWARD_CONFIG_DIR: path.join(config, 'nope') } }),
    );
    expect(JSON.parse(none.stdout()).cycle).toBe('2026');
    expect(
      dynamo
        .commandCalls(QueryCommand)
        .filter((call) => call.args[0].input.Select === 'COUNT')
        .map((call) => call.args[0].input.ExpressionAttributeValues?.[':gpk']),
    ).toEqual(['CYCLE#2026']);
  });

  it('refuses a bad cycle, stage or category before reaching any target (exit 2)', async () => {
    for (const argv of [
      ['list', '--cycle', '26'],
      ['list', '--stage', 'review'],
      ['list', '--category', 'Job Matching'],
    ]) {
      const result = await cli(argv);
      expect(result.code).toBe(2);
      expect(result.stderr()).toMatch(/^오류 \(error\): list: /);
    }
    expect(resolveTarget).not.toHaveBeenCalled();
  });
});

describe('admin show', () => {
  it('reads the nomination, the open approval (never its token), the execution and the audit trail', async () => {
    dynamo
      .on(GetCommand, { Key: { pk: `NOM#${ID}`, sk: 'NOMINATION' } })
      .resolves({ Item: nominationItem(ID, 'hq_review', '2026-10-01T00:00:00Z', { centerName: '서울센터' }) })
      .on(GetCommand, { Key: { pk: `NOM#${ID}`, sk: 'OPEN_APPROVAL#hq_review' } })
      .resolves({ Item: { idHash: 'h' } })
      .on(GetCommand, { Key: { pk: 'APPROVAL#h', sk: 'APPROVAL' } })
      .resolves({
        Item: {
          stage: 'hq_review',
          approver: { name: '고용서비스정책과', email: 'hq.reviewer@example.test' },
          status: 'open',
          expiresAt: '2026-11-01T00:00:00Z',
        },
      })
      .on(QueryCommand)
      .resolves({
        Items: [
          {
            pk: `NOM#${ID}`,
            sk: 'EVENT#1',
            type: 'submitted',
            at: '2026-10-01T00:00:00Z',
            actor: '서울센터',
          },
          {
            pk: `NOM#${ID}`,
            sk: 'EVENT#2',
            type: 'decided',
            stage: 'center_review',
            decision: 'approve',
            at: '2026-10-02T00:00:00Z',
            actor: 'head.seoul@example.test',
          },
        ],
      });
    sfn.on(DescribeExecutionCommand, { executionArn: EXECUTION_ARN }).resolves({
      executionArn: EXECUTION_ARN,
      status: 'RUNNING',
      startDate: new Date('2026-10-01T00:00:00Z'),
    });

    const result = await cli(['show', ID]);
    expect(result.code).toBe(0);
    const out = result.stdout();
    expect(out).toMatch(/단계 \(stage\)\s+본부 심사 \(hq_review\)/);
    expect(out).toContain('본부 심사 담당 (HQ reviewer): 고용서비스정책과 <hq.reviewer@example.test>');
    // The deadline passed two days ago (NOW is 2026-11-03).
    expect(out).toContain('2026-11-01 09:00:00 KST (기한 지남 2일 (overdue))');
    expect(out).toContain('RUNNING (실행 중) · 시작 2026-10-01 09:00:00 KST');
    expect(out).toContain('센터 심사: 승인');
    const approvalRead = dynamo
      .commandCalls(GetCommand)
      .find((call) => call.args[0].input.Key?.pk === 'APPROVAL#h')?.args[0].input;
    expect(Object.values(approvalRead?.ExpressionAttributeNames ?? {})).not.toContain('taskToken');

    const json = JSON.parse((await cli(['show', ID, '--json'])).stdout());
    expect(json.approval).toMatchObject({ role: '본부 심사 담당 (HQ reviewer)', status: 'open' });
    expect(json.history[0]).toEqual({ type: 'submitted', at: '2026-10-01T00:00:00Z', actor: '서울센터' });
  });

  it('an unknown id: exit 1 and the Korean message, on stderr; with --json one error document on stdout', async () => {
    dynamo.on(GetCommand).resolves({});
    const text = await cli(['show', ID]);
    expect(text.code).toBe(1);
    expect(text.stdout()).toBe('');
    expect(text.stderr()).toBe(
      `오류 (error): 추천서 ${ID}를 찾을 수 없습니다 (nomination ${ID} not found).\n`,
    );
    const json = await cli(['show', ID, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout())).toEqual({
      error: { code: 'not_found', message: `추천서 ${ID}를 찾을 수 없습니다 (nomination ${ID} not found).` },
    });
  });

  it('a failure of the service is one line, no stack trace', async () => {
    dynamo.on(GetCommand).rejects(
      Object.assign(new Error('Cannot do operations on a non-existent table'), {
        name: 'ResourceNotFoundException',
      }),
    );
    const result = await cli(['show', ID]);
    expect(result.code).toBe(1);
    expect(result.stderr()).toContain('http://127.0.0.1:8000에서 대상을 찾을 수 없습니다');
    expect(result.stderr()).not.toMatch(/\n\s+at /);
  });
});

describe('admin history', () => {
  it('reads every page of the execution history; no execution and no nomination is "not found"', async () => {
    sfn
      .on(GetExecutionHistoryCommand)
      .resolvesOnce({
        events: [{ id: 1, type: 'ExecutionStarted', timestamp: new Date('2026-10-01T00:00:00Z') }],
        nextToken: 't',
      })
      .resolvesOnce({
        events: [
          {
            id: 2,
            previousEventId: 1,
            type: 'TaskStateEntered',
            timestamp: new Date('2026-10-01T00:00:01.5Z'),
            stateEnteredEventDetails: { name: 'RecordSubmission' },
          },
        ],
      });
    const result = await cli(['history', ID]);
    expect(result.code).toBe(0);
    expect(sfn.commandCalls(GetExecutionHistoryCommand)[1]?.args[0].input.nextToken).toBe('t');
    expect(result.stdout()).toMatch(
      /2\s+TaskStateEntered\s+RecordSubmission\s+2026-10-01 09:00:01\.500 KST\s+1\.500s/,
    );

    sfn.reset();
    sfn
      .on(GetExecutionHistoryCommand)
      .rejects(Object.assign(new Error('nope'), { name: 'ExecutionDoesNotExist' }));
    dynamo.on(GetCommand).resolves({});
    const missing = await cli(['history', ID]);
    expect(missing.code).toBe(1);
    expect(missing.stderr()).toContain(`추천서 ${ID}를 찾을 수 없습니다`);
  });
});

describe('admin stop and redrive', () => {
  beforeEach(() => {
    sfn.on(DescribeExecutionCommand).resolves({ executionArn: EXECUTION_ARN, status: 'RUNNING' });
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date('2026-11-03T00:00:00Z') });
    dynamo.on(GetCommand).resolves({
      Item: nominationItem(ID, 'center_review', '2026-10-01T00:00:00Z', { purgeAt: 1_900_000_000 }),
    });
    dynamo.on(PutCommand).resolves({});
  });

  function auditItems() {
    return dynamo.commandCalls(PutCommand).map((call) => call.args[0].input);
  }

  it('stop asks on the terminal and stops with StoppedByOperator on yes', async () => {
    const captured = capture({ tty: true });
    const running = cli(['stop', ID], captured);
    setTimeout(() => captured.stdin.write('y\n'), 50);
    const result = await running;
    expect(result.code).toBe(0);
    expect(result.stderr()).toContain(`추천서 ${ID}의 실행을 중지할까요?`);
    expect(sfn.commandCalls(StopExecutionCommand)[0]?.args[0].input).toMatchObject({
      executionArn: EXECUTION_ARN,
      error: 'StoppedByOperator',
    });
    // Recorded in the audit trail, as the ops console records its actions; destroyed with the nomination.
    expect(auditItems()).toEqual([
      {
        TableName: 'award-workflow',
        Item: {
          pk: `NOM#${ID}`,
          sk: expect.stringMatching(/^EVENT#2026-11-03T00:00:00\.000Z#/),
          type: 'ops_action',
          at: '2026-11-03T00:00:00.000Z',
          actor: 'admin-cli',
          action: 'stop_execution',
          executionArn: EXECUTION_ARN,
          outcome: 'succeeded',
          purgeAt: 1_900_000_000,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    ]);
  });

  it('a refusal by the service is recorded as failed; an audit write that fails is a warning', async () => {
    sfn.reset();
    sfn.on(DescribeExecutionCommand).resolves({ executionArn: EXECUTION_ARN, status: 'FAILED' });
    sfn
      .on(RedriveExecutionCommand)
      .rejects(
        Object.assign(new Error('Execution has no unfinished state'), { name: 'ExecutionNotRedrivable' }),
      );
    const refused = await cli(['redrive', ID, '--reason', '재시도']);
    expect(refused.code).toBe(1);
    expect(refused.stderr()).toContain('다시 실행(redrive)할 수 없습니다');
    expect(auditItems()[0]?.Item).toMatchObject({
      action: 'redrive_execution',
      outcome: 'failed',
      error: 'ExecutionNotRedrivable',
      reason: '재시도',
    });

    dynamo.on(PutCommand).rejects(new Error('throttled'));
    sfn.on(DescribeExecutionCommand).resolves({ executionArn: EXECUTION_ARN, status: 'RUNNING' });
    sfn.on(StopExecutionCommand).resolves({});
    const unaudited = await cli(['stop', ID, '--yes', '--json']);
    expect(unaudited.code).toBe(0);
    expect(JSON.parse(unaudited.stdout())).toMatchObject({ audited: false });
    const text = await cli(['stop', ID, '-y']);
    expect(text.stdout()).toContain('처리 이력에 이 조치를 기록하지 못했습니다');
  });

  it('records nothing for an execution whose nomination is not in the table (an audit trail needs its nomination)', async () => {
    dynamo.on(GetCommand).resolves({});
    const result = await cli(['stop', ID, '--yes', '--json']);
    expect(result.code).toBe(0);
    expect(sfn.commandCalls(StopExecutionCommand)).toHaveLength(1);
    expect(JSON.parse(result.stdout())).toMatchObject({ audited: false });
    expect(auditItems()).toEqual([]);
  });

  it('stop does nothing on no, and cannot ask without a terminal (exit 1, add --yes)', async () => {
    const captured = capture({ tty: true });
    const running = cli(['stop', ID], captured);
    setTimeout(() => captured.stdin.write('n\n'), 50);
    const declined = await running;
    expect(declined.code).toBe(1);
    expect(declined.stderr()).toContain('중지하지 않았습니다');

    const piped = await cli(['stop', ID]);
    expect(piped.code).toBe(1);
    expect(piped.stderr()).toContain('--yes');
    expect(sfn.commandCalls(StopExecutionCommand)).toHaveLength(0);

    const confirmed = await cli(['stop', ID, '--yes', '--reason', '중복 추천', '--json']);
    expect(confirmed.code).toBe(0);
    expect(sfn.commandCalls(StopExecutionCommand)[0]?.args[0].input.cause).toBe('중복 추천');
    expect(JSON.parse(confirmed.stdout())).toMatchObject({ id: ID, error: 'StoppedByOperator' });
  });

  it('redrive refuses a running execution and redrives a stopped one', async () => {
    const refused = await cli(['redrive', ID]);
    expect(refused.code).toBe(1);
    expect(refused.stderr()).toContain('RUNNING (실행 중)');
    expect(sfn.commandCalls(RedriveExecutionCommand)).toHaveLength(0);

    sfn.reset();
    sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce({ executionArn: EXECUTION_ARN, status: 'ABORTED' })
      .resolves({ executionArn: EXECUTION_ARN, status: 'RUNNING', redriveCount: 1 });
    sfn.on(RedriveExecutionCommand).resolves({ redriveDate: new Date('2026-11-03T00:00:00Z') });
    const redriven = await cli(['redrive', ID]);
    expect(redriven.code).toBe(0);
    expect(redriven.stdout()).toContain('RUNNING (실행 중) · redrive 1회');
    expect(sfn.commandCalls(RedriveExecutionCommand)[0]?.args[0].input).toMatchObject({
      executionArn: EXECUTION_ARN,
      clientToken: expect.any(String),
    });
  });
});

describe('admin resend', () => {
  const EXPIRES_AT = '2026-11-10T00:00:00Z';
  const sent = (id: string): ResendApprovalResult => ({
    nominationId: id,
    stage: 'center_review',
    approver: 'head.seoul@example.test',
    expiresAt: EXPIRES_AT,
    sent: true,
  });
  let resend: jest.Mock<Promise<ResendApprovalResult>, [string, string]>;

  /** The real AdminData over the mocked clients, its re-send replaced by a fake (the use case is tested elsewhere). */
  function cliWithResend(
    argv: string[],
    captured = capture(),
    target: () => Promise<Target> = resolveTarget,
  ) {
    return runCli(argv, captured.io, {
      resolveTarget: target,
      openData: (resolved) => Object.assign(openAdminData(resolved), { resend }),
      now: () => NOW,
    }).then((code) => ({ code, ...captured }));
  }

  function approvalAt(stage: string, item: Record<string, unknown> | undefined, idHash = 'h') {
    dynamo
      .on(GetCommand, { Key: { pk: `NOM#${ID}`, sk: `OPEN_APPROVAL#${stage}` } })
      .resolves(item ? { Item: { idHash } } : {})
      .on(GetCommand, { Key: { pk: `APPROVAL#${idHash}`, sk: 'APPROVAL' } })
      .resolves(item ? { Item: item } : {});
  }

  beforeEach(() => {
    resend = jest.fn(async (id: string, _requestKey: string) => sent(id));
    sfn.on(DescribeExecutionCommand).resolves({ executionArn: EXECUTION_ARN, status: 'RUNNING' });
    dynamo.on(GetCommand, { Key: { pk: `NOM#${ID}`, sk: 'NOMINATION' } }).resolves({
      Item: nominationItem(ID, 'center_review', '2026-10-01T00:00:00Z', { purgeAt: 1_900_000_000 }),
    });
    approvalAt('center_review', {
      stage: 'center_review',
      approver: { name: '서울센터장', email: 'head.seoul@example.test' },
      status: 'open',
      expiresAt: EXPIRES_AT,
    });
    dynamo.on(PutCommand).resolves({});
  });

  const auditItems = () => dynamo.commandCalls(PutCommand).map((call) => call.args[0].input.Item);

  it('asks on the terminal where the mail goes, re-sends with a fresh request key per run, and records it', async () => {
    const captured = capture({ tty: true });
    const running = cliWithResend(['resend', ID, '--reason', '승인자가 메일을 받지 못함'], captured);
    setTimeout(() => captured.stdin.write('y\n'), 50);
    const result = await running;
    expect(result.code).toBe(0);
    expect(result.stderr()).toContain(
      `추천서 ${ID}의 센터 심사 (center_review) 승인 요청 메일을 head.seoul@example.test에게 같은 링크로 다시 보낼까요?`,
    );
    expect(result.stderr()).toContain('2026-11-10 09:00:00 KST (남은 시간 7일)');
    expect(result.stdout()).toContain(
      `추천서 ${ID}의 승인 요청 메일을 같은 링크로 다시 보냈습니다 (re-sent, same link).`,
    );
    expect(result.stdout()).toMatch(/받는 사람 \(to\)\s+센터장 \(center head\): head\.seoul@example\.test/);
    expect(resend).toHaveBeenCalledTimes(1);
    const [id, firstKey] = resend.mock.calls[0] ?? [];
    expect(id).toBe(ID);
    expect(firstKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(auditItems()).toEqual([
      {
        pk: `NOM#${ID}`,
        sk: expect.stringMatching(/^EVENT#2026-11-03T00:00:00\.000Z#/),
        type: 'ops_action',
        at: '2026-11-03T00:00:00.000Z',
        actor: 'admin-cli',
        action: 'resend_approval',
        executionArn: EXECUTION_ARN,
        outcome: 'succeeded',
        reason: '승인자가 메일을 받지 못함',
        purgeAt: 1_900_000_000,
      },
    ]);

    const json = await cliWithResend(['resend', ID, '--yes', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout())).toEqual({
      id: ID,
      stage: 'center_review',
      approver: 'head.seoul@example.test',
      expiresAt: EXPIRES_AT,
      sent: true,
      audited: true,
    });
    // Another run is another request: a new key (the same key would mail once).
    expect(resend.mock.calls[1]?.[1]).not.toBe(firstKey);
  });

  it('does nothing on no, and cannot ask without a terminal (add --yes)', async () => {
    const captured = capture({ tty: true });
    const running = cliWithResend(['resend', ID], captured);
    setTimeout(() => captured.stdin.write('n\n'), 50);
    const declined = await running;
    expect(declined.code).toBe(1);
    expect(declined.stderr()).toContain('보내지 않았습니다 (not sent).');
    const piped = await cliWithResend(['resend', ID]);
    expect(piped.code).toBe(1);
    expect(piped.stderr()).toContain('--yes');
    expect(resend).not.toHaveBeenCalled();
    expect(auditItems()).toEqual([]);
  });

  it('refuses each reason there is nothing to re-send, in Korean and English (exit 1, code refused)', async () => {
    const refusals: [string, () => void, string][] = [
      [
        'not_in_review',
        () =>
          dynamo
            .on(GetCommand, { Key: { pk: `NOM#${ID}`, sk: 'NOMINATION' } })
            .resolves({ Item: nominationItem(ID, 'awarded', '2026-10-01T00:00:00Z') }),
        `추천서 ${ID}는 지금 심사 단계에 있지 않아 다시 보낼 승인 메일이 없습니다 (not in a review stage: there is no approval mail to re-send).`,
      ],
      [
        'no_open_request',
        () =>
          approvalAt('center_review', { stage: 'center_review', status: 'decided', expiresAt: EXPIRES_AT }),
        '(no open approval request at this stage: already decided, or not requested yet)',
      ],
      [
        'expired',
        () =>
          approvalAt('center_review', {
            stage: 'center_review',
            status: 'open',
            expiresAt: '2026-11-01T00:00:00Z',
          }),
        `추천서 ${ID}의 승인 기한이 지났습니다. 기한이 지난 링크로는 결정할 수 없으므로 다시 보내지 않습니다 (the approval request has expired: its link can no longer decide).`,
      ],
    ];
    for (const [reason, arrange, message] of refusals) {
      arrange();
      const result = await cliWithResend(['resend', ID, '--yes', '--json']);
      expect([reason, result.code]).toEqual([reason, 1]);
      expect(result.stderr()).toContain(message);
      expect(JSON.parse(result.stdout()).error.code).toBe('refused');
      // Refused before trying: nothing to record.
      dynamo.on(GetCommand, { Key: { pk: `NOM#${ID}`, sk: 'NOMINATION' } }).resolves({
        Item: nominationItem(ID, 'center_review', '2026-10-01T00:00:00Z', { purgeAt: 1_900_000_000 }),
      });
      approvalAt('center_review', { stage: 'center_review', status: 'open', expiresAt: EXPIRES_AT });
    }
    expect(resend).not.toHaveBeenCalled();
    expect(auditItems()).toEqual([]);

    // The use case has the last word (a link made before link keys, a decision meanwhile): refused, and recorded.
    resend.mockRejectedValueOnce(new NothingToResend('not_derivable', 'no nonce'));
    const notDerivable = await cliWithResend(['resend', ID, '--yes']);
    expect(notDerivable.code).toBe(1);
    expect(notDerivable.stderr()).toBe(
      `오류 (error): 추천서 ${ID}의 승인 링크는 다시 만들 수 없습니다: 링크 키 도입 전에 열렸거나 다른 키로 만든 요청입니다 ` +
        '(the link cannot be made again: opened before link keys, or under another key).\n',
    );
    resend.mockRejectedValueOnce(new NothingToResend('no_open_request', 'decided meanwhile'));
    const decided = await cliWithResend(['resend', ID, '--yes', '--json']);
    expect(JSON.parse(decided.stdout()).error.code).toBe('refused');
    expect(auditItems()).toEqual([
      expect.objectContaining({ action: 'resend_approval', outcome: 'failed', error: 'NothingToResend' }),
      expect.objectContaining({ action: 'resend_approval', outcome: 'failed', error: 'NothingToResend' }),
    ]);
  });

  it('an unknown id is not found; an execution that is not running is refused', async () => {
    dynamo.on(GetCommand).resolves({});
    const unknown = await cliWithResend(['resend', ID, '--yes']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr()).toBe(
      `오류 (error): 추천서 ${ID}를 찾을 수 없습니다 (nomination ${ID} not found).\n`,
    );

    dynamo.on(GetCommand, { Key: { pk: `NOM#${ID}`, sk: 'NOMINATION' } }).resolves({
      Item: nominationItem(ID, 'center_review', '2026-10-01T00:00:00Z'),
    });
    sfn.on(DescribeExecutionCommand).resolves({ executionArn: EXECUTION_ARN, status: 'ABORTED' });
    const stopped = await cliWithResend(['resend', ID, '--yes', '--json']);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr()).toContain('실행이 진행 중이 아니어서');
    expect(stopped.stderr()).toContain('ABORTED (중단됨)');
    expect(JSON.parse(stopped.stdout()).error.code).toBe('refused');
    expect(resend).not.toHaveBeenCalled();
    expect(auditItems()).toEqual([]);
  });

  it('an AWS target whose stacks predate the link key: redeploy, before reading anything', async () => {
    const aws: AwsTarget = {
      kind: 'aws',
      region: 'ap-northeast-2',
      tableName: 'award-workflow',
      stateMachineArn: 'arn:aws:states:ap-northeast-2:123456789012:stateMachine:NominationWorkflow',
      label: 'AWS ap-northeast-2',
    };
    const result = await cliWithResend(['resend', ID, '--yes', '--json'], capture(), async () => aws);
    expect(result.code).toBe(1);
    expect(result.stderr()).toContain('다시 배포하세요');
    expect(result.stderr()).toContain('(the stacks predate the link key: redeploy)');
    expect(JSON.parse(result.stdout()).error.code).toBe('missing_output');
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
    expect(resend).not.toHaveBeenCalled();
  });

  it('builds the real re-send from the target: the same link, from the link key, to the approver', async () => {
    const key = 'k'.repeat(40);
    const linkNonce = 'AAAAAAAAAAAAAAAAAAAAAA';
    const approvalId = approvalLinkId(Buffer.from(key), linkNonce);
    secrets.on(GetSecretValueCommand).resolves({ SecretString: key });
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    dynamo.on(QueryCommand).resolves({ Items: [] }); // no configuration in the table: the shipped one
    dynamo.on(GetCommand).resolves({}); // no suppression of the approver's address (complaints)
    dynamo.on(GetCommand, { Key: { pk: `NOM#${ID}`, sk: 'NOMINATION' } }).resolves({
      Item: {
        ...sampleNomination(),
        id: ID,
        stage: 'center_review',
        createdAt: '2026-10-27T00:00:00Z',
        updatedAt: '2026-10-27T00:00:00Z',
        version: 2,
        purgeAt: 1_900_000_000,
      },
    });
    approvalAt(
      'center_review',
      {
        idHash: hashLinkId(approvalId),
        nominationId: ID,
        stage: 'center_review',
        approver: { name: '서울센터장', email: 'head.seoul@example.test' },
        linkNonce,
        status: 'open',
        createdAt: '2026-10-27T00:00:00Z',
        // The use case reads the system clock: a deadline far ahead whatever today is.
        expiresAt: '2099-11-10T00:00:00Z',
      },
      hashLinkId(approvalId),
    );
    const result = await cli(['resend', ID, '--yes', '--json']);
    expect(result.stderr()).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout())).toMatchObject({ id: ID, sent: true, audited: true });
    expect(secrets.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({
      SecretId: 'award-workflow/link-key',
    });
    const mail = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(mail?.Destination?.ToAddresses).toEqual(['head.seoul@example.test']);
    // An operator's re-send asks the suppression list first, like the workflow's mails.
    expect(
      dynamo
        .commandCalls(GetCommand)
        .some((call) => String(call.args[0].input.Key?.pk).startsWith('SUPPRESSION#')),
    ).toBe(true);
    expect(mail?.ConfigurationSetName).toBe('award-workflow-local');
    const raw = await simpleParser(Buffer.from(mail?.Content?.Raw?.Data ?? new Uint8Array()));
    expect(raw.text).toContain(`http://localhost:3000/approvals/${approvalId}`);

    // A failure of a service is one line in the CLI's words, and recorded as failed (it reached SES).
    ses
      .on(SendEmailCommand)
      .rejects(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' }));
    const rejected = await cli(['resend', ID, '--yes']);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr()).toBe(
      '오류 (error): 요청을 처리하지 못했습니다 (request failed) [http://127.0.0.1:8000, http://127.0.0.1:8005, ' +
        'http://127.0.0.1:8086]: MessageRejected: Email address is not verified.\n',
    );
    expect(auditItems().at(-1)).toMatchObject({ outcome: 'failed', error: 'MessageRejected' });
    ses
      .on(SendEmailCommand)
      .rejects(Object.assign(new Error('not allowed to ses:SendEmail'), { name: 'AccessDeniedException' }));
    const denied = await cli(['resend', ID, '--yes']);
    expect(denied.stderr()).toContain('AWS 권한이 없습니다: not allowed to ses:SendEmail');
  });
});

describe('admin usage', () => {
  it('a bare call prints the commands to stderr with exit 2; --help to stdout with exit 0', async () => {
    const bare = await cli([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr()).toContain('명령 (commands):');
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout()).toContain('명령 (commands):');
    const commandHelp = await cli(['show', '--help']);
    expect(commandHelp.stdout()).toContain('npm run admin -- show <id> [options]');
    expect(resolveTarget).not.toHaveBeenCalled();
  });
});
