import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoNominationRepository } from '../../functions/adapters/dynamo-nominations';
import { randomIds } from '../../functions/adapters/random-ids';
import { dedupeKey } from '../../functions/domain/ids';
import type { Nomination } from '../../functions/domain/nomination';
import type { Stage } from '../../functions/domain/stages';
import { LOCAL_CREDENTIALS } from '../../local/defaults';
import { freePort } from '../../local/ports';
import type { LocalStack } from '../../local/stack';
import { decideOnPage, local, statusUrlOf, submitAndConfirm } from '../support/flow';
import { getJson } from '../support/http';
import { allMail, approvalLinkIn, mailTo, type StoredMail, waitForMail } from '../support/outbox';
import { sampleNomination } from '../support/sample';
import { startTestStack } from '../support/stack';
import { openCycleConfig } from '../support/test-config';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

let stack: LocalStack;
let close: () => Promise<void>;
let id: string;
/** The Secrets Manager stand-in's port (the stack's URLs do not name it): `resend` reads the link key there. */
let secretsPort: number;

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The CLI as a user runs it (`npm run admin -- ...`), pointed at the test stack by DYNAMODB_PORT /
 * SFN_PORT / SES_PORT / SECRETS_PORT (PUBLIC_URL, the base of links, comes from the stack's environment).
 */
async function cli(args: string[], ports?: { dynamodb: string; stepfunctions: string }): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DYNAMODB_PORT: ports?.dynamodb ?? new URL(stack.urls.dynamodb).port,
    SFN_PORT: ports?.stepfunctions ?? new URL(stack.urls.stepfunctions).port,
    SES_PORT: new URL(stack.urls.ses).port,
    SECRETS_PORT: String(secretsPort),
  };
  delete env.AWS_PROFILE;
  delete env.ADMIN_DEBUG;
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'local/admin/cli.ts', ...args],
      {
        cwd: ROOT,
        env,
        timeout: 30_000,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** Decides as the approver does: opens the mailed link, then posts the page's form. */
function decide(link: string, decision: string, comment = '') {
  return decideOnPage(local(link, stack.urls.web), decision, comment);
}

function noStackTrace(output: string) {
  expect(output).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  expect(output).not.toContain('node:internal');
}

beforeAll(async () => {
  secretsPort = await freePort();
  ({ stack, close } = await startTestStack({
    ports: { dynamodb: 0, ses: 0, stepfunctions: 0, web: 0, secrets: secretsPort },
  }));
  const email = `admin.cli.${Date.now()}@example.test`;
  const body = sampleNomination({
    nominee: {
      name: '이관리',
      affiliation: '서울고용복지플러스센터',
      position: '주무관',
      email,
      serviceYears: 6,
    },
  });
  const confirmed = await submitAndConfirm(stack.urls, body);
  expect(confirmed.status).toBe(201);
  id = String(confirmed.json.id);
  // The center head's request is out: the workflow waits at CenterReview with an open approval.
  await waitForMail(stack.urls.ses, 'head.seoul@example.test', (mail) => mail.subject.includes('이관리'));
}, 90_000);

afterAll(async () => close?.());

describe('admin CLI against the local stack', () => {
  it('list prints the cycle’s nominations as a table', async () => {
    const result = await cli(['list', '--cycle', '2026']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('추천서 번호 (id)');
    const row = result.stdout.split('\n').find((line) => line.startsWith(id));
    expect(row).toContain('센터 심사 (center_review)');
    expect(row).toContain('job-matching');
    expect(row).toContain('개인');
    expect(row).toContain('seoul');
    expect(row).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d/);
    expect(result.stdout).toContain('1건');
  });

  it('list --json prints one JSON document; filters by stage and category; defaults to the newest cycle', async () => {
    const all = await cli(['list', '--json']);
    expect(all.code).toBe(0);
    const parsed = JSON.parse(all.stdout) as { cycle: string; count: number; nominations: { id: string }[] };
    expect(parsed.cycle).toBe('2026');
    expect(parsed.count).toBe(1);
    expect(parsed.nominations[0]).toMatchObject({
      id,
      stage: 'center_review',
      category: 'job-matching',
      nomineeType: 'individual',
      centerId: 'seoul',
    });
    // No personal data in the listing.
    expect(all.stdout).not.toContain('이관리');

    const atStage = JSON.parse(
      (await cli(['list', '--cycle', '2026', '--stage', 'center_review', '--json'])).stdout,
    );
    expect(atStage.nominations.map((n: { id: string }) => n.id)).toEqual([id]);
    const otherStage = JSON.parse(
      (await cli(['list', '--cycle', '2026', '--stage', 'hq_review', '--json'])).stdout,
    );
    expect(otherStage.count).toBe(0);
    const otherCategory = JSON.parse(
      (await cli(['list', '--cycle', '2026', '--category', 'insurance-integrity', '--json'])).stdout,
    );
    expect(otherCategory.count).toBe(0);
  });

  it('show gives the stage, the current approver, the deadline, the execution and the audit trail', async () => {
    const text = await cli(['show', id]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`추천서 ${id}`);
    expect(text.stdout).toContain('센터 심사 (center_review)');
    expect(text.stdout).toContain('센터장 (center head): 서울센터장 <head.seoul@example.test>');
    expect(text.stdout).toMatch(
      /승인 기한 \(deadline\)\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d KST \(남은 시간 1[34]일/,
    );
    expect(text.stdout).toContain('RUNNING (실행 중)');
    expect(text.stdout).toContain('접수 (submitted)');
    expect(text.stdout).toContain('접수 → 센터 심사');

    const json = await cli(['show', id, '--json']);
    expect(json.code).toBe(0);
    const shown = JSON.parse(json.stdout);
    expect(shown.nomination).toMatchObject({ id, stage: 'center_review', cycle: '2026' });
    expect(shown.approval).toMatchObject({
      stage: 'center_review',
      status: 'open',
      approver: { email: 'head.seoul@example.test' },
    });
    expect(Date.parse(shown.approval.expiresAt)).toBeGreaterThan(Date.now());
    expect(shown.execution).toMatchObject({ status: 'RUNNING' });
    expect(shown.execution.executionArn).toBe(
      `${stack.stateMachineArn.replace(':stateMachine:', ':execution:')}:${id}`,
    );
    expect(shown.history.map((event: { type: string }) => event.type)).toEqual(
      expect.arrayContaining(['submitted', 'stage_changed']),
    );
    // The task token never leaves the backend, nor do the nominee's personal data.
    expect(json.stdout).not.toMatch(/taskToken|idHash/);
    expect(json.stdout).not.toContain('이관리');
  });

  it('history lists the execution’s events with state, KST time and elapsed time', async () => {
    const text = await cli(['history', id]);
    expect(text.code).toBe(0);
    const started = text.stdout.split('\n').find((line) => line.includes('ExecutionStarted'));
    expect(started).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} KST\s+0ms$/);
    expect(text.stdout).toMatch(/TaskStateEntered\s+RecordSubmission/);
    expect(text.stdout).toMatch(/TaskStateEntered\s+CenterReview/);

    const json = JSON.parse((await cli(['history', id, '--json'])).stdout);
    expect(json.events[0]).toMatchObject({ id: 1, type: 'ExecutionStarted', state: '', elapsedMs: 0 });
    const scheduled = json.events.find(
      (event: { type: string; state: string }) =>
        event.type.endsWith('Scheduled') && event.state === 'CenterReview',
    );
    expect(scheduled).toBeDefined();
  });

  it('stop asks first (no terminal: refused, nothing stopped), stops with --yes; redrive runs it again', async () => {
    const unconfirmed = await cli(['stop', id]);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toContain('--yes');
    expect(JSON.parse((await cli(['show', id, '--json'])).stdout).execution.status).toBe('RUNNING');

    const notRedrivable = await cli(['redrive', id]);
    expect(notRedrivable.code).toBe(1);
    expect(notRedrivable.stderr).toContain('다시 실행할 수 없습니다');

    const stopped = await cli(['stop', id, '--yes']);
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toContain('ABORTED');
    expect(stopped.stdout).not.toContain('audit event was not written');
    const afterStop = await cli(['show', id]);
    expect(afterStop.stdout).toContain('ABORTED (중단됨)');
    expect(afterStop.stdout).toContain('StoppedByOperator');
    // The operator's action is in the audit trail, with who did it.
    expect(afterStop.stdout).toMatch(
      /운영 조치: 실행 중지 \(stop_execution\) 완료 \(succeeded\)\s+admin-cli/,
    );

    const again = await cli(['stop', id, '--yes']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('진행 중이 아니어서');

    const redriven = await cli(['redrive', id, '--json']);
    expect(redriven.code).toBe(0);
    expect(JSON.parse(redriven.stdout)).toMatchObject({
      id,
      status: 'RUNNING',
      redriveCount: 1,
      audited: true,
    });
    const afterRedrive = JSON.parse((await cli(['show', id, '--json'])).stdout);
    expect(afterRedrive.execution).toMatchObject({ status: 'RUNNING', redriveCount: 1 });
    expect(afterRedrive.history.filter((event: { type: string }) => event.type === 'ops_action')).toEqual([
      expect.objectContaining({ action: 'stop_execution', outcome: 'succeeded', actor: 'admin-cli' }),
      expect.objectContaining({ action: 'redrive_execution', outcome: 'succeeded', actor: 'admin-cli' }),
    ]);
    // Kept from the nominator: the status page shows no operator actions.
    const statusPage = await fetch(await statusUrlOf(stack.urls, id), {
      headers: { accept: 'application/json' },
    });
    expect(statusPage.status).toBe(200);
    const statusJson = await statusPage.text();
    expect(statusJson).toContain('stage_changed');
    expect(statusJson).not.toMatch(/ops_action|admin-cli/);
    expect((await cli(['show', id])).stdout).toContain('RUNNING (실행 중)');
  });

  it('an unknown id: exit 1 and a Korean message, no stack trace', async () => {
    const unknown = '2026-aaaaaaaaaaaaaaaaaaaa';
    for (const command of ['show', 'history', 'stop', 'redrive', 'resend']) {
      const asks = command === 'stop' || command === 'resend';
      const result = await cli([command, unknown, '--yes'].slice(0, asks ? 3 : 2));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`추천서 ${unknown}를 찾을 수 없습니다`);
      expect(result.stdout).toBe('');
      noStackTrace(result.stderr);
    }
    const json = await cli(['show', unknown, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      error: { code: 'not_found', message: expect.stringContaining('찾을 수 없습니다') },
    });

    const malformed = await cli(['show', 'not-an-id']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('형식이 올바르지 않습니다');
    noStackTrace(malformed.stderr);
  });

  it('an unreachable endpoint: exit 1 and what to check, no stack trace', async () => {
    const dynamodb = String(await freePort());
    const result = await cli(['list'], { dynamodb, stepfunctions: String(await freePort()) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `로컬 스택에 연결할 수 없습니다 (http://127.0.0.1:${dynamodb}). npm start가 실행 중인지 확인하세요`,
    );
    noStackTrace(result.stderr);

    const stepfunctions = String(await freePort());
    const sfnDown = await cli(['history', id, '--json'], {
      dynamodb: new URL(stack.urls.dynamodb).port,
      stepfunctions,
    });
    expect(sfnDown.code).toBe(1);
    expect(JSON.parse(sfnDown.stdout).error).toMatchObject({ code: 'unreachable' });
    expect(sfnDown.stderr).toContain(`(http://127.0.0.1:${stepfunctions})`);
  });

  it('load-config: ops change an approver without a deploy, and a broken file changes nothing', async () => {
    const dir = openCycleConfig();
    const directoryFile = path.join(dir, 'directory.json');
    const directory = JSON.parse(readFileSync(directoryFile, 'utf8'));
    directory.centers[1].head = { name: '직무대리', email: 'cli.acting@example.test' };
    writeFileSync(directoryFile, JSON.stringify(directory));
    const loaded = await cli(['load-config', '--dir', dir, '--json']);
    expect(loaded.code).toBe(0);
    expect(JSON.parse(loaded.stdout)).toMatchObject({
      cycles: ['2023', '2026'],
      centers: ['seoul', 'busan'],
    });
    const stored = async () => {
      const client = new DynamoDBClient({
        endpoint: stack.urls.dynamodb,
        region: 'ap-northeast-2',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      const { Item } = await DynamoDBDocumentClient.from(client).send(
        new GetCommand({ TableName: stack.tableName, Key: { pk: 'CONFIG', sk: 'DIRECTORY' } }),
      );
      client.destroy();
      return Item?.data.centers[1].head.email;
    };
    expect(await stored()).toBe('cli.acting@example.test');

    writeFileSync(directoryFile, '{"centers": "broken"}');
    const refused = await cli(['load-config', '--dir', dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('설정 파일을 읽을 수 없습니다');
    noStackTrace(refused.stderr);
    expect(await stored()).toBe('cli.acting@example.test');
  });

  it('resend mails the current approval again with the very same link, which then decides', async () => {
    const name = '정재발';
    const confirmed = await submitAndConfirm(
      stack.urls,
      sampleNomination({
        nominee: {
          name,
          affiliation: '서울고용복지플러스센터',
          position: '주무관',
          email: `resend.${Date.now()}@example.test`,
          serviceYears: 6,
        },
      }),
    );
    expect(confirmed.status).toBe(201);
    const resendId = String(confirmed.json.id);
    const head = 'head.seoul@example.test';
    const centerRequest = (mail: StoredMail) =>
      mail.subject.includes(name) && mail.subject.includes('센터 심사');
    const link = approvalLinkIn(await waitForMail(stack.urls.ses, head, centerRequest));

    const unconfirmed = await cli(['resend', resendId]);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toContain('--yes');

    const resent = await cli([
      'resend',
      resendId,
      '--yes',
      '--json',
      '--reason',
      '승인자가 메일을 받지 못함',
    ]);
    expect(resent.stderr).toBe('');
    expect(resent.code).toBe(0);
    expect(JSON.parse(resent.stdout)).toMatchObject({
      id: resendId,
      stage: 'center_review',
      approver: head,
      sent: true,
      audited: true,
    });
    // A second mail in the outbox, with the identical link (nothing superseded).
    const second = await waitForMail(stack.urls.ses, head, centerRequest, 2);
    expect(approvalLinkIn(second)).toBe(link);
    expect(mailTo(await allMail(stack.urls.ses), head).filter(centerRequest)).toHaveLength(2);
    const shown = JSON.parse((await cli(['show', resendId, '--json'])).stdout);
    expect(shown.history).toContainEqual(
      expect.objectContaining({
        type: 'ops_action',
        action: 'resend_approval',
        outcome: 'succeeded',
        actor: 'admin-cli',
        reason: '승인자가 메일을 받지 못함',
      }),
    );

    // The link (of either mail) decides; the workflow moves on to HQ.
    const approved = await decide(link, 'approve');
    expect(approved.status).toBe(200);
    const hqMail = await waitForMail(
      stack.urls.ses,
      'hq.reviewer@example.test',
      (mail) => mail.subject.includes(name) && mail.subject.includes('본부 심사'),
    );
    // Decided for good: nothing is waiting, and the CLI says why in Korean and English.
    const rejected = await decide(approvalLinkIn(hqMail), 'reject', '공적 근거 자료가 부족합니다');
    expect(rejected.status).toBe(200);
    const deadline = Date.now() + 20_000;
    while ((await getJson(await statusUrlOf(stack.urls, resendId))).json.status !== 'rejected') {
      if (Date.now() > deadline) throw new Error(`Nomination ${resendId} was not rejected in time`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const refused = await cli(['resend', resendId, '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('심사 단계에 있지 않아 다시 보낼 승인 메일이 없습니다');
    expect(refused.stderr).toContain('(not in a review stage: there is no approval mail to re-send)');
    noStackTrace(refused.stderr);
  });

  it('export --format csv writes the cycle with the BOM, the Korean header and the decisions', async () => {
    // After the previous case: 정재발's nomination was approved by the center and rejected by HQ.
    const dir = mkdtempSync(path.join(tmpdir(), 'admin-export-'));
    const file = path.join(dir, 'nominations-2026.csv');
    const result = await cli(['export', '--cycle', '2026', '--format', 'csv', '--out', file, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { rows: number; file: string; format: string };
    expect(summary).toMatchObject({ file, format: 'csv' });
    expect(summary.rows).toBeGreaterThanOrEqual(2);
    const csv = readFileSync(file, 'utf8');
    expect(
      csv.startsWith('\uFEFF추천번호,포상연도,분야,후보유형,후보자,소속,직위,추천센터,단계,접수일시(KST)'),
    ).toBe(true);
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(summary.rows + 2);
    const row = lines.find((line) => line.includes('정재발'));
    expect(row).toContain('반려(미선정)');
    expect(row).toMatch(
      /,승인,\d{4}-\d\d-\d\d \d\d:\d\d:\d\d KST,,반려,\d{4}-\d\d-\d\d [\d:]+ KST,공적 근거 자료가 부족합니다,/,
    );
    expect(lines.find((line) => line.startsWith(id))).toContain('이관리');
  });

  it('close-cycle mails each nominating center its results once, and refuses while the cycle is open', async () => {
    const open = await cli(['close-cycle', '--cycle', '2026', '--yes']);
    expect(open.code).toBe(1);
    expect(open.stderr).toContain('2026년 추천 접수가 아직 마감되지 않았습니다');
    noStackTrace(open.stderr);

    // The 2023 cycle closed long ago: three nominations with their outcomes, from two centers.
    const db = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: stack.urls.dynamodb,
        region: 'ap-northeast-2',
        credentials: LOCAL_CREDENTIALS,
      }),
    );
    const nominations = new DynamoNominationRepository(db, stack.tableName);
    const seeded: [string, string, Stage][] = [
      ['seoul', '결과갑', 'awarded'],
      ['seoul', '결과을', 'rejected'],
      ['busan', '결과병', 'returned'],
    ];
    for (const [centerId, name, stage] of seeded) {
      const input = sampleNomination({
        cycle: '2023',
        centerId,
        nominee: { name, affiliation: '센터', position: '주무관', serviceYears: 6 },
      });
      const at = new Date().toISOString();
      const nomination = {
        ...input,
        id: randomIds.nominationId('2023'),
        centerName: centerId,
        stage,
        version: 3,
        createdAt: at,
        updatedAt: at,
      } as unknown as Nomination;
      await nominations.create(nomination, dedupeKey(nomination), { type: 'submitted', at, actor: 'test' });
    }
    const before = (await allMail(stack.urls.ses)).length;
    const closed = await cli(['close-cycle', '--cycle', '2023', '--yes', '--json']);
    expect(closed.stderr).toBe('');
    expect(closed.code).toBe(0);
    expect(JSON.parse(closed.stdout)).toMatchObject({
      cycle: '2023',
      centers: [
        { centerId: 'seoul', nominations: 2, sent: true },
        { centerId: 'busan', nominations: 1, sent: true },
      ],
    });
    const seoul = await waitForMail(
      stack.urls.ses,
      'award.seoul@example.test',
      (mail) => mail.subject.includes('2023년') && mail.subject.includes('심사 결과 안내'),
    );
    expect(seoul.body.text).toContain('수상 1건, 미선정 1건, 보완 미완료 0건');
    expect(seoul.body.text).toContain('결과갑');
    expect(seoul.body.text).not.toContain('결과병');

    const again = await cli(['close-cycle', '--cycle', '2023', '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('이미 보냄 (already sent)');
    expect((await allMail(stack.urls.ses)).length).toBe(before + 2);
    db.destroy();
  });
});
