import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { type LocalStack, startLocalStack } from '../../local/stack';
import { getJson, postForm, postJson } from '../support/http';
import { allMail, approvalLinkIn, mailTo, type StoredMail, waitForMail } from '../support/outbox';
import { AWARDED_PATH, sampleNomination } from '../support/sample';

const run = promisify(execFile);
let stack: LocalStack;
let sfn: SFNClient;
let nomineeCounter = 0;

beforeAll(async () => {
  // Port 0 everywhere: these tests pass while an `npm start` holds the default ports.
  stack = await startLocalStack({ ports: { dynamodb: 0, ses: 0, stepfunctions: 0, web: 0 } });
  sfn = new SFNClient({
    endpoint: stack.urls.stepfunctions,
    region: 'ap-northeast-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}, 60_000);

afterAll(async () => {
  sfn?.destroy();
  await stack?.close();
});

/** A nomination with a nominee no other test uses, so its mails are easy to tell apart. */
function uniqueNomination(overrides: Record<string, unknown> = {}) {
  nomineeCounter += 1;
  const name = `김민지${String.fromCharCode(0xac00 + nomineeCounter * 7)}`;
  const email = `nominee${nomineeCounter}.${Date.now()}@example.test`;
  const body = sampleNomination({
    nominee: { name, affiliation: '서울고용복지플러스센터', position: '주무관', email, serviceYears: 6 },
    ...overrides,
  });
  return { body, name, email };
}

const STAGE_APPROVER = {
  '센터 심사': 'head.seoul@example.test',
  '본부 심사': 'hq.reviewer@example.test',
  '장관 승인': 'minister.office@example.test',
} as const;

async function approvalMail(
  stageLabel: keyof typeof STAGE_APPROVER,
  nomineeName: string,
): Promise<StoredMail> {
  return waitForMail(
    stack.urls.ses,
    STAGE_APPROVER[stageLabel],
    (mail) => mail.subject.includes(nomineeName) && mail.subject.includes(stageLabel),
  );
}

async function submit(body: unknown) {
  const response = await postJson(`${stack.urls.web}/nominations`, body);
  expect(response.status).toBe(201);
  return String(response.json.id);
}

async function decide(link: string, decision: string, comment = '') {
  return postForm(link, { decision, comment });
}

async function waitForExecution(id: string, status: string) {
  const executionArn = `${stack.stateMachineArn.replace(':stateMachine:', ':execution:')}:${id}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status === status) return execution;
    if (Date.now() > deadline) throw new Error(`Execution ${id} is ${execution.status}, expected ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitForStage(id: string, done: (stage: string) => boolean) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { json } = await getJson(`${stack.urls.web}/nominations/${id}`);
    if (done(String(json.status))) return String(json.status);
    if (Date.now() > deadline) throw new Error(`Nomination ${id} stayed ${String(json.status)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a nomination travels the whole way on the local stack', () => {
  it('is approved by the center head, HQ and the minister, and the awardee is e-mailed', async () => {
    const { body, name, email } = uniqueNomination();
    const id = await submit(body);
    expect(id).toMatch(/^2023-[a-z2-9]{20}$/);
    const receipt = await waitForMail(stack.urls.ses, 'award.seoul@example.test', (mail) =>
      mail.subject.includes(`추천서 접수 확인: ${name}`),
    );
    expect(receipt.body.text).toContain(`/nominations/${id}`);

    for (const stage of ['센터 심사', '본부 심사', '장관 승인'] as const) {
      const link = approvalLinkIn(await approvalMail(stage, name));
      expect(link.startsWith(stack.urls.web.replace('127.0.0.1', 'localhost'))).toBe(true);
      const local = link.replace(/^https?:\/\/[^/]+/, stack.urls.web);

      // Opening the link (as a person or a mail scanner) shows the buttons and changes nothing.
      const before = await getJson(`${stack.urls.web}/nominations/${id}`);
      const page = await fetch(local);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(name);
      expect(html).toContain('value="approve"');
      expect((await fetch(local, { method: 'HEAD' })).status).toBe(200);
      expect(await getJson(`${stack.urls.web}/nominations/${id}`)).toEqual(before);

      const decided = await decide(local, 'approve', `${stage} 승인합니다`);
      expect(decided.status).toBe(200);
      expect(decided.text).toContain('승인');
    }

    const awardMail = await waitForMail(stack.urls.ses, email);
    expect(awardMail.subject).toContain('축하');
    expect(awardMail.destination.cc).toContain('award.seoul@example.test');

    const execution = await waitForExecution(id, 'SUCCEEDED');
    expect(execution.name).toBe(id);
    const status = await getJson(`${stack.urls.web}/nominations/${id}`);
    expect(status.json.status).toBe('awarded');
    const history = status.json.history as {
      type: string;
      from?: string;
      to?: string;
      decision?: string;
      stage?: string;
    }[];
    expect(history.map((event) => [event.type, event.to ?? event.stage ?? '', event.decision ?? ''])).toEqual(
      [
        ['submitted', '', ''],
        ['stage_changed', 'center_review', ''],
        ['decided', 'center_review', 'approve'],
        ['stage_changed', 'hq_review', ''],
        ['decided', 'hq_review', 'approve'],
        ['stage_changed', 'minister_approval', ''],
        ['decided', 'minister_approval', 'approve'],
        ['stage_changed', 'awarded', ''],
      ],
    );

    const { events = [] } = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn: execution.executionArn }),
    );
    const entered = events
      .filter((event) => event.type?.endsWith('StateEntered'))
      .map((event) => event.stateEnteredEventDetails?.name);
    expect(entered).toEqual(AWARDED_PATH);
  });

  it('ends a rejection at HQ with the nominator e-mailed the reason and no awardee mail', async () => {
    const { body, name, email } = uniqueNomination();
    const id = await submit(body);
    const center = approvalLinkIn(await approvalMail('센터 심사', name));
    expect((await decide(center, 'approve')).status).toBe(200);
    const hq = approvalLinkIn(await approvalMail('본부 심사', name));
    const rejected = await decide(hq, 'reject', '공적 근거 자료가 부족합니다');
    expect(rejected.status).toBe(200);

    const rejection = await waitForMail(stack.urls.ses, 'award.seoul@example.test', (mail) =>
      (mail.body.text ?? '').includes('공적 근거 자료가 부족합니다'),
    );
    expect(rejection.subject).toContain(name);
    await waitForExecution(id, 'SUCCEEDED');
    expect((await getJson(`${stack.urls.web}/nominations/${id}`)).json.status).toBe('rejected');
    expect(mailTo(await allMail(stack.urls.ses), email)).toEqual([]);
    expect(
      mailTo(await allMail(stack.urls.ses), 'minister.office@example.test').filter((m) =>
        m.subject.includes(name),
      ),
    ).toEqual([]);
  });

  it('sends a nomination returned by HQ back to the center head, and one returned by the center to its nominator', async () => {
    const { body, name } = uniqueNomination();
    const id = await submit(body);
    expect((await decide(approvalLinkIn(await approvalMail('센터 심사', name)), 'approve')).status).toBe(200);
    const hq = await decide(
      approvalLinkIn(await approvalMail('본부 심사', name)),
      'return',
      '실적 수치 근거를 보완해 주세요',
    );
    expect(hq.status).toBe(200);

    const secondCenterMail = await waitForMail(
      stack.urls.ses,
      STAGE_APPROVER['센터 심사'],
      (mail) => mail.subject.includes(name) && mail.subject.includes('센터 심사'),
      2,
    );
    const returned = await decide(approvalLinkIn(secondCenterMail), 'return', '추천서를 다시 작성해 주세요');
    expect(returned.status).toBe(200);
    await waitForMail(stack.urls.ses, 'award.seoul@example.test', (mail) =>
      (mail.body.text ?? '').includes('추천서를 다시 작성해 주세요'),
    );
    await waitForExecution(id, 'SUCCEEDED');
    expect(await waitForStage(id, (stage) => stage === 'returned')).toBe('returned');

    // Corrected and submitted again: a new nomination, not a duplicate of the returned one.
    const again = await postJson(`${stack.urls.web}/nominations`, body);
    expect(again.status).toBe(201);
    expect(again.json.id).not.toBe(id);
  });

  it('refuses a reject or return without a reason, and keeps the link usable', async () => {
    const { body, name } = uniqueNomination();
    const id = await submit(body);
    const link = approvalLinkIn(await approvalMail('센터 심사', name));
    const refused = await decide(link, 'return', '   ');
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('사유를 입력해 주세요');
    expect(refused.text).toContain('value="approve"');
    const longComment = await decide(link, 'reject', '가'.repeat(2001));
    expect(longComment.status).toBe(400);
    expect(longComment.text).toContain('가'.repeat(2001));
    const bogus = await decide(link, 'maybe');
    expect(bogus.status).toBe(400);
    expect((await getJson(`${stack.urls.web}/nominations/${id}`)).json.status).toBe('center_review');
    expect((await decide(link, 'approve')).status).toBe(200);
  });

  it('decides once when the approver double-clicks or clicks in two tabs at once', async () => {
    const { body, name } = uniqueNomination();
    const id = await submit(body);
    const link = approvalLinkIn(await approvalMail('센터 심사', name));
    const [first, second, third] = await Promise.all([
      decide(link, 'approve'),
      decide(link, 'reject', '동시에 누른 반려'),
      decide(link, 'approve'),
    ]);
    const statuses = [first, second, third].map((response) => response.status).sort();
    expect(statuses).toEqual([200, 409, 409]);
    const again = await decide(link, 'approve');
    expect(again.status).toBe(409);
    expect(again.text).toContain('이미 처리된');

    await waitForStage(id, (stage) => stage !== 'center_review');
    const history = (await getJson(`${stack.urls.web}/nominations/${id}`)).json.history as { type: string }[];
    expect(history.filter((event) => event.type === 'decided')).toHaveLength(1);
  });

  it('stores one nomination and one execution for a duplicate submission', async () => {
    const { body } = uniqueNomination();
    const first = await postJson(`${stack.urls.web}/nominations`, body);
    const again = await postJson(`${stack.urls.web}/nominations`, body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    // Knowing a nominee's name and e-mail must not reveal the nomination's private status link.
    expect(again.json).toEqual({
      duplicate: true,
      message: expect.stringContaining('이미 접수된 추천입니다'),
    });
    const { executions = [] } = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: stack.stateMachineArn }),
    );
    expect(executions.filter((execution) => execution.name === first.json.id)).toHaveLength(1);
  });

  it('answers bad input with a Korean message per field and starts nothing', async () => {
    const before = await sfn.send(new ListExecutionsCommand({ stateMachineArn: stack.stateMachineArn }));
    const bad = sampleNomination({
      category: 'unknown',
      nominee: { name: '', affiliation: '' },
      consent: false,
    });
    const response = await postJson(`${stack.urls.web}/nominations`, bad);
    expect(response.status).toBe(400);
    const errors = response.json.errors as Record<string, string>;
    expect(errors['nominee.name']).toBe('성명(기관명)을 입력해 주세요.');
    expect(errors['nominee.affiliation']).toBe('소속을 입력해 주세요.');

    const malformed = await fetch(`${stack.urls.web}/nominations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"cycle": ',
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { errors: Record<string, string> }).errors._).toContain('JSON');

    const form = await postForm(`${stack.urls.web}/nominations`, {
      cycle: '2023',
      'nominee.name': '<b>홍길동</b>',
    });
    expect(form.status).toBe(400);
    expect(form.text).toContain('소속을 입력해 주세요.');
    expect(form.text).toContain('&lt;b&gt;홍길동&lt;/b&gt;');

    const after = await sfn.send(new ListExecutionsCommand({ stateMachineArn: stack.stateMachineArn }));
    expect(after.executions?.length).toBe(before.executions?.length);
  });

  it('accepts the HTML form post and answers with a page', async () => {
    const { name } = uniqueNomination();
    const response = await postForm(`${stack.urls.web}/nominations`, {
      cycle: '2023',
      category: 'regional-cooperation',
      nomineeType: 'organization',
      'nominee.name': `${name} 기업지원팀`,
      'nominee.affiliation': '서울고용복지플러스센터',
      'meritPeriod.from': '2023-01',
      'meritPeriod.to': '2023-12',
      meritSummary: '지역 산업 맞춤형 채용박람회 운영',
      disciplinaryHistory: 'false',
      consent: 'true',
      centerId: 'seoul',
      'submitter.name': '박서준',
      'submitter.email': 'award.seoul@example.test',
    });
    expect(response.status).toBe(201);
    expect(response.text).toContain('접수');
    await approvalMail('센터 심사', name);
  });

  it('shows a Korean 404 for unknown links and never a 500', async () => {
    const unknown = await fetch(`${stack.urls.web}/approvals/${'A'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('찾을 수 없습니다');
    expect((await fetch(`${stack.urls.web}/approvals/garbage`)).status).toBe(404);
    expect((await fetch(`${stack.urls.web}/nominations/2023-nope`)).status).toBe(404);
    expect((await fetch(`${stack.urls.web}/no/such/page`)).status).toBe(404);
  });

  it('hands a nomination the workflow cannot continue to an operator, and fails the execution', async () => {
    const { body, name } = uniqueNomination();
    const id = await submit(body);
    const link = approvalLinkIn(await approvalMail('센터 심사', name));
    // Fault injection: someone changes the record behind the workflow's back.
    const db = new DynamoDBClient({ endpoint: stack.urls.dynamodb });
    await db.send(
      new UpdateItemCommand({
        TableName: stack.tableName,
        Key: { pk: { S: `NOM#${id}` }, sk: { S: 'NOMINATION' } },
        UpdateExpression: 'SET #stage = :awarded',
        ExpressionAttributeNames: { '#stage': 'stage' },
        ExpressionAttributeValues: { ':awarded': { S: 'awarded' } },
      }),
    );
    expect((await decide(link, 'approve')).status).toBe(200);

    const execution = await waitForExecution(id, 'FAILED');
    expect(execution.error).toBe('NominationNeedsAttention');
    const stored = await db.send(
      new GetItemCommand({
        TableName: stack.tableName,
        Key: { pk: { S: `NOM#${id}` }, sk: { S: 'NOMINATION' } },
      }),
    );
    expect(stored.Item?.needsAttention?.M?.error?.S).toBe('StageConflict');
    db.destroy();
    // The nominator sees that someone is on it, not the internals.
    const status = await getJson(`${stack.urls.web}/nominations/${id}`);
    expect(status.json.nomination).toMatchObject({ needsAttention: { at: expect.any(String) } });
    expect(JSON.stringify(status.json)).not.toContain('cannot move from');
    expect(JSON.stringify(status.json)).not.toContain('arn:aws:states');
    const page = await (await fetch(`${stack.urls.web}/nominations/${id}`)).text();
    expect(page).toContain('담당자가 확인하고 있습니다');
    expect(page).not.toContain('StageConflict');
  });

  it('lists executions through the AWS CLI pointed at the local endpoint', async () => {
    const { body } = uniqueNomination();
    const id = await submit(body);
    const { stdout } = await run(
      'aws',
      [
        'stepfunctions',
        'list-executions',
        '--state-machine-arn',
        stack.stateMachineArn,
        '--endpoint-url',
        stack.urls.stepfunctions,
        '--region',
        'ap-northeast-2',
        '--output',
        'json',
      ],
      { env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_PAGER: '' } },
    );
    const listed = JSON.parse(stdout) as { executions: { name: string; status: string }[] };
    expect(listed.executions.map((execution) => execution.name)).toContain(id);
  });
});
