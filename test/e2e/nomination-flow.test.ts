import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { saveConfig } from '../../functions/adapters/dynamo-config';
import { pageToken } from '../../functions/adapters/http';
import { hashLinkId } from '../../functions/domain/secret-links';
import { DECISION_TOKEN_PURPOSE } from '../../functions/views/approval-pages';
import type { LocalStack } from '../../local/stack';
import {
  draftLinkIn,
  draftMail,
  local as localLink,
  statusLinkIn,
  statusUrlOf,
  submitAndConfirm,
} from '../support/flow';
import { getJson, postForm, postJson } from '../support/http';
import { allMail, approvalLinkIn, mailTo, type StoredMail, waitForMail } from '../support/outbox';
import { AWARDED_PATH, sampleNomination } from '../support/sample';
import { startTestStack } from '../support/stack';

const run = promisify(execFile);
let stack: LocalStack;
let sfn: SFNClient;
let nomineeCounter = 0;

let close: () => Promise<void>;

beforeAll(async () => {
  ({ stack, sfn, close } = await startTestStack());
}, 60_000);

afterAll(async () => close?.());

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

/** Submitted as JSON, confirmed from the center's registered mailbox: the nomination's id. */
async function submit(body: Record<string, unknown>) {
  const response = await submitAndConfirm(stack.urls, body);
  expect(response.status).toBe(201);
  return String(response.json.id);
}

/** The link id at the end of an approval link. */
function linkIdOf(link: string): string {
  return decodeURIComponent(new URL(link).pathname.split('/').pop() ?? '');
}

/** The anti-forgery token the approval page of `link` carries in its form. */
function tokenOf(link: string): string {
  return pageToken(linkIdOf(link), DECISION_TOKEN_PURPOSE);
}

/** A decision posted from the approval page's form (as a browser tab opened on the link does). */
async function decide(link: string, decision: string, comment = '') {
  return postForm(link, { formToken: tokenOf(link), decision, comment });
}

const APPROVER_ADDRESSES = Object.values(STAGE_APPROVER) as string[];

/** No JSON answer may carry an approver's address, an ARN or a task token. */
function expectNoInternals(answer: unknown, taskTokens: readonly string[] = []) {
  const text = JSON.stringify(answer);
  for (const address of APPROVER_ADDRESSES) expect(text).not.toContain(address);
  expect(text).not.toContain('arn:');
  for (const token of taskTokens) expect(text).not.toContain(token);
}

/** The task token stored with the approval request of `link` (it must never leave the backend). */
async function taskTokenOf(link: string): Promise<string> {
  const db = new DynamoDBClient({ endpoint: stack.urls.dynamodb });
  try {
    const { Item } = await db.send(
      new GetItemCommand({
        TableName: stack.tableName,
        Key: { pk: { S: `APPROVAL#${hashLinkId(linkIdOf(link))}` }, sk: { S: 'APPROVAL' } },
      }),
    );
    const token = Item?.taskToken?.S;
    if (!token) throw new Error('no stored task token');
    return token;
  } finally {
    db.destroy();
  }
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
    const { json } = await getJson(await statusUrlOf(stack.urls, id));
    if (done(String(json.status))) return String(json.status);
    if (Date.now() > deadline) throw new Error(`Nomination ${id} stayed ${String(json.status)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a nomination travels the whole way on the local stack', () => {
  it('is approved by the center head, HQ and the minister, and the awardee is e-mailed', async () => {
    const { body, name, email } = uniqueNomination();
    const id = await submit(body);
    expect(id).toMatch(/^2026-[a-z2-9]{20}$/);
    const receipt = await waitForMail(stack.urls.ses, 'award.seoul@example.test', (mail) =>
      mail.subject.includes(`추천서 접수 확인: ${name}`),
    );
    // The receipt links the status page by its own token; the id alone opens nothing (issue 9).
    const statusLink = statusLinkIn(receipt);
    expect(statusLink).not.toContain(id);
    expect(receipt.body.text).not.toContain(`/nominations/${id}`);
    expect((await fetch(localLink(statusLink, stack.urls.web))).status).toBe(200);
    const byId = await fetch(`${stack.urls.web}/nominations/${id}`);
    expect(byId.status).toBe(404);
    expect(await byId.text()).not.toContain(name);
    expect((await fetch(`${stack.urls.web}/nominations/${id}/certificate`)).status).toBe(404);

    const taskTokens: string[] = [];
    const closedLinks: string[] = [];
    for (const stage of ['센터 심사', '본부 심사', '장관 승인'] as const) {
      const link = approvalLinkIn(await approvalMail(stage, name));
      expect(link.startsWith(stack.urls.web.replace('127.0.0.1', 'localhost'))).toBe(true);
      const local = link.replace(/^https?:\/\/[^/]+/, stack.urls.web);

      // Opening the link (as a person or a mail scanner) shows the buttons and changes nothing.
      const before = await getJson(await statusUrlOf(stack.urls, id));
      const page = await fetch(local);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(name);
      expect(html).toContain('value="approve"');
      // The form carries the page's anti-forgery token.
      expect(/name="formToken" value="([^"]+)"/.exec(html)?.[1]).toBe(tokenOf(local));
      // HQ and the minister see the cycle's quota usage; the center head does not.
      expect(html.includes('수상 한도 현황')).toBe(stage !== '센터 심사');
      expect((await fetch(local, { method: 'HEAD' })).status).toBe(200);
      expect(await getJson(await statusUrlOf(stack.urls, id))).toEqual(before);
      const taskToken = await taskTokenOf(local);
      taskTokens.push(taskToken);
      const asJson = await getJson(local);
      expect(asJson.status).toBe(200);
      expect(asJson.json.request).toMatchObject({ status: 'open' });
      expectNoInternals(asJson.json, taskTokens);

      const decided = await decide(local, 'approve', `${stage} 승인합니다`);
      expect(decided.status).toBe(200);
      expect(decided.text).toContain('승인');
      closedLinks.push(local);
    }

    const awardMail = await waitForMail(stack.urls.ses, email);
    expect(awardMail.subject).toContain('축하');
    expect(awardMail.destination.cc).toContain('award.seoul@example.test');

    const execution = await waitForExecution(id, 'SUCCEEDED');
    expect(execution.name).toBe(id);
    const status = await getJson(await statusUrlOf(stack.urls, id));
    expect(status.json.status).toBe('awarded');
    // Roles, not addresses; no ARN, no task token, in any JSON answer.
    expectNoInternals(status.json, taskTokens);
    expect((status.json.history as { actor: string }[]).map((event) => event.actor)).toEqual([
      '추천 센터',
      '시스템',
      '센터장',
      '시스템',
      '본부 심사',
      '시스템',
      '장관',
      '시스템',
    ]);
    const statusPage = await (await fetch(await statusUrlOf(stack.urls, id))).text();
    for (const address of APPROVER_ADDRESSES) expect(statusPage).not.toContain(address);
    for (const link of closedLinks) {
      const closed = await getJson(link);
      expect(closed.json).toEqual({
        request: expect.objectContaining({ status: 'decided', decision: 'approve' }),
        closed: expect.stringContaining('이미 결정이 처리된 링크'),
      });
      expectNoInternals(closed.json, taskTokens);
      expect(JSON.stringify(closed.json)).not.toContain(name);
      expect(JSON.stringify(closed.json)).not.toContain(id);
    }
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
    expect((await getJson(await statusUrlOf(stack.urls, id))).json.status).toBe('rejected');
    expect(mailTo(await allMail(stack.urls.ses), email)).toEqual([]);
    expect(
      mailTo(await allMail(stack.urls.ses), 'minister.office@example.test').filter((m) =>
        m.subject.includes(name),
      ),
    ).toEqual([]);
  });

  it('asks the nominating center for a correction when HQ returns a nomination (not the center head again)', async () => {
    const { body, name } = uniqueNomination();
    const id = await submit(body);
    expect((await decide(approvalLinkIn(await approvalMail('센터 심사', name)), 'approve')).status).toBe(200);
    const hq = await decide(
      approvalLinkIn(await approvalMail('본부 심사', name)),
      'return',
      '실적 수치 근거를 보완해 주세요',
    );
    expect(hq.status).toBe(200);

    // The edit link goes to the center's registered address with the reason (test/e2e/correction.test.ts
    // follows the loop to the end); the execution waits for it.
    const correction = await waitForMail(stack.urls.ses, 'award.seoul@example.test', (mail) =>
      (mail.body.text ?? '').includes('실적 수치 근거를 보완해 주세요'),
    );
    expect(correction.subject).toContain(`추천서 보완 요청 (1회차): ${name}`);
    expect(correction.body.text).toMatch(/\/corrections\/[A-Za-z0-9_-]{43}/);
    expect(await waitForStage(id, (stage) => stage === 'correction_requested')).toBe('correction_requested');
    await waitForExecution(id, 'RUNNING');
    expect(
      mailTo(await allMail(stack.urls.ses), STAGE_APPROVER['센터 심사']).filter((m) =>
        m.subject.includes(name),
      ),
    ).toHaveLength(1);
  });

  it('refuses a reject or return without a reason, and keeps the link usable', async () => {
    const { body, name } = uniqueNomination();
    const id = await submit(body);
    const link = approvalLinkIn(await approvalMail('센터 심사', name));
    const refused = await decide(link, 'return', '   ');
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('사유를 입력해 주세요');
    expect(refused.text).toContain('value="approve"');
    // The page shown again still carries its token, so the approver can decide from it.
    expect(refused.text).toContain(`name="formToken" value="${tokenOf(link)}"`);
    // Nothing visible is no reason: zero-width characters and Hangul fillers count as missing.
    const invisible = await decide(link, 'reject', '\u200b \u200d\u2060\ufeff\u3164\n');
    expect(invisible.status).toBe(400);
    expect(invisible.text).toContain('사유를 입력해 주세요');
    expect(invisible.text).not.toContain('쓸 수 없는 문자');
    const longComment = await decide(link, 'reject', '가'.repeat(2001));
    expect(longComment.status).toBe(400);
    expect(longComment.text).toContain('가'.repeat(2001));
    const bogus = await decide(link, 'maybe');
    expect(bogus.status).toBe(400);
    expect((await getJson(await statusUrlOf(stack.urls, id))).json.status).toBe('center_review');
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
    expect(again.text).not.toContain(name);

    await waitForStage(id, (stage) => stage !== 'center_review');
    const history = (await getJson(await statusUrlOf(stack.urls, id))).json.history as { type: string }[];
    expect(history.filter((event) => event.type === 'decided')).toHaveLength(1);
  });

  it('refuses a cross-site decision and a form without its page token, deciding nothing', async () => {
    const { body, name } = uniqueNomination();
    const id = await submit(body);
    const link = localLink(approvalLinkIn(await approvalMail('센터 심사', name)), stack.urls.web);
    const token = tokenOf(link);
    const form = (fields: Record<string, string>) => ({
      'content-type': 'application/x-www-form-urlencoded',
      body: new URLSearchParams({ decision: 'reject', comment: '위조된 반려', ...fields }).toString(),
    });
    const json = {
      'content-type': 'application/json',
      body: JSON.stringify({ decision: 'reject', comment: '위조된 반려' }),
    };
    const attempts: [string, { 'content-type': string; body: string }, Record<string, string>][] = [
      [
        'a form from another site',
        form({ formToken: token }),
        { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      ],
      ['fetch metadata alone', form({ formToken: token }), { 'sec-fetch-site': 'cross-site' }],
      ['a sibling site', form({ formToken: token }), { 'sec-fetch-site': 'same-site' }],
      ['another Origin alone', form({ formToken: token }), { origin: 'https://evil.example' }],
      ['Origin: null (sandboxed frame)', form({ formToken: token }), { origin: 'null' }],
      ['a form without the token', form({}), {}],
      ['a form with a wrong token', form({ formToken: tokenOf(`${link.slice(0, -1)}x`) }), {}],
      ['JSON from another site', json, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }],
    ];
    for (const [what, request, headers] of attempts) {
      const response = await fetch(link, {
        method: 'POST',
        headers: { 'content-type': request['content-type'], ...headers },
        body: request.body,
      });
      expect([what, response.status]).toEqual([what, 403]);
      expect(await response.text()).toContain('아무것도 결정되지 않았습니다');
    }
    const asJson = await fetch(link, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'sec-fetch-site': 'cross-site',
      },
      body: json.body,
    });
    expect(asJson.status).toBe(403);
    expect(((await asJson.json()) as { message: string }).message).toContain('다른 사이트에서 보낸 요청');

    // Nothing was decided: the link is open, the nomination waits, no decision is in its history.
    const page = await (await fetch(link)).text();
    expect(page).toContain('value="approve"');
    const status = await getJson(await statusUrlOf(stack.urls, id));
    expect(status.json.status).toBe('center_review');
    expect((status.json.history as { type: string }[]).some((event) => event.type === 'decided')).toBe(false);

    // The approver's own tab decides: same-origin fetch metadata, Origin: null (our no-referrer policy), the token.
    const ownTab = await fetch(link, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
        origin: 'null',
      },
      body: new URLSearchParams({
        formToken: token,
        decision: 'return',
        comment: '증빙 보완 요청',
      }).toString(),
    });
    expect(ownTab.status).toBe(200);

    // Used, the link shows only the notice and the decision on record: nothing of the file.
    const closed = await (await fetch(link)).text();
    expect(closed).toContain('이미 결정이 처리된 링크');
    expect(closed).toContain('결정: <strong>보완 요청</strong>');
    expect(closed).toContain('증빙 보완 요청');
    for (const secret of [
      name,
      String(body.meritSummary),
      String(body.meritDetails),
      id,
      '징계 여부',
      '처리 이력',
    ]) {
      expect(closed).not.toContain(secret);
    }
    expect(closed).not.toContain('<form');
    const closedJson = await getJson(link);
    expect(closedJson.json).not.toHaveProperty('nomination');
    expect(closedJson.json).not.toHaveProperty('history');
    expect(JSON.stringify(closedJson.json)).not.toContain(name);
    expectNoInternals(closedJson.json);
  });

  it('takes a JSON decision without the page token, and answers it with allow-listed fields only', async () => {
    const { body, name } = uniqueNomination();
    const id = await submit(body);
    const link = localLink(approvalLinkIn(await approvalMail('센터 심사', name)), stack.urls.web);
    const taskToken = await taskTokenOf(link);
    const decided = await postJson(link, { decision: 'approve', comment: 'JSON 승인' });
    expect(decided.status).toBe(200);
    expect(decided.json).toEqual({
      nominationId: id,
      stage: 'center_review',
      decision: 'approve',
      decidedAt: expect.any(String),
      alreadyDecided: false,
    });
    const again = await postJson(link, { decision: 'approve' });
    expect(again.status).toBe(409);
    // A used link, posted again, tells nothing of the file (not even its id, the status page's key).
    expect(again.json).toEqual({
      stage: 'center_review',
      decision: 'approve',
      decidedAt: expect.any(String),
      alreadyDecided: true,
    });
    expectNoInternals([decided.json, again.json], [taskToken]);
    // A token a JSON client does send must be the page's.
    const hq = localLink(approvalLinkIn(await approvalMail('본부 심사', name)), stack.urls.web);
    const wrong = await postJson(hq, { decision: 'approve', formToken: tokenOf(link) });
    expect(wrong.status).toBe(403);
    expect((await getJson(hq)).json.request).toMatchObject({ status: 'open', approverRole: '본부 심사' });
  });

  it('stores one nomination and one execution for a duplicate submission', async () => {
    const { body, name } = uniqueNomination();
    const first = await submitAndConfirm(stack.urls, body);
    expect(first.status).toBe(201);
    const again = await submitAndConfirm(stack.urls, body);
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
    expect(executions.filter((execution) => execution.name === again.json.id)).toHaveLength(0);
    // Two confirmation mails (one per draft), one receipt.
    const mails = mailTo(await allMail(stack.urls.ses), 'award.seoul@example.test');
    expect(mails.filter((mail) => mail.subject.includes(`추천서 접수 확인: ${name}`))).toHaveLength(1);
  });

  it('starts nothing on the word of a typed-in address: only the registered address confirms', async () => {
    const { body, name } = uniqueNomination({
      submitter: { name: '낯선 사람', email: 'stranger@example.test' },
    });
    const draft = await postJson(`${stack.urls.web}/nominations`, body);
    expect(draft.status).toBe(202);
    expect(draft.json.status).toBe('awaiting_confirmation');
    // A double click: the same draft, no second mail.
    const twice = await postJson(`${stack.urls.web}/nominations`, body);
    expect(twice.status).toBe(202);
    expect(twice.json.duplicate).toBe(true);

    const mail = await draftMail(stack.urls.ses, name);
    expect(mail.destination.to).toEqual(['award.seoul@example.test']);
    expect(mailTo(await allMail(stack.urls.ses), 'stranger@example.test')).toEqual([]);
    const drafts = mailTo(await allMail(stack.urls.ses), 'award.seoul@example.test').filter((m) =>
      m.subject.includes(`추천서 확정 요청: ${name}`),
    );
    expect(drafts).toHaveLength(1);

    // Opening the link (a person or a mail scanner) shows the draft and starts nothing.
    const link = localLink(draftLinkIn(mail), stack.urls.web);
    const before = await sfn.send(new ListExecutionsCommand({ stateMachineArn: stack.stateMachineArn }));
    const page = await fetch(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(name);
    expect(html).toContain('추천 확정');
    expect((await fetch(link, { method: 'HEAD' })).status).toBe(200);
    const after = await sfn.send(new ListExecutionsCommand({ stateMachineArn: stack.stateMachineArn }));
    expect(after.executions?.length).toBe(before.executions?.length);

    const confirmed = await fetch(link, { method: 'POST' });
    expect(confirmed.status).toBe(201);
    expect(await confirmed.text()).toContain('접수 완료');
    await approvalMail('센터 심사', name);
    // A second confirmation shows the result and creates nothing.
    const second = await fetch(link, { method: 'POST', headers: { accept: 'application/json' } });
    expect(second.status).toBe(200);
    const secondJson = (await second.json()) as Record<string, unknown>;
    expect(secondJson.alreadyConfirmed).toBe(true);
    const closed = await (await fetch(link)).text();
    expect(closed).toContain('이미 확정된 추천서');
    expect(closed).not.toContain('<button type="submit"');

    // News of the outcome, like the receipt, goes to the registered address, never the typed one.
    const rejected = await decide(
      approvalLinkIn(await approvalMail('센터 심사', name)),
      'reject',
      '근거 부족',
    );
    expect(rejected.status).toBe(200);
    await waitForMail(stack.urls.ses, 'award.seoul@example.test', (m) =>
      (m.body.text ?? '').includes('근거 부족'),
    );
    expect(mailTo(await allMail(stack.urls.ses), 'stranger@example.test')).toEqual([]);
  });

  it('refuses a closed cycle, a resident registration number in any field, and unsupported media types', async () => {
    const closed = await postJson(`${stack.urls.web}/nominations`, sampleNomination({ cycle: '2023' }));
    expect(closed.status).toBe(400);
    expect((closed.json.errors as Record<string, string>).cycle).toContain('마감');

    const rrn = '900101-1234567';
    const fields: [string, Record<string, unknown>][] = [
      ['meritDetails', { meritDetails: `상담 대상자 ${rrn} 관련` }],
      ['meritSummary', { meritSummary: `요지 ${rrn}` }],
      ['priorAwards', { priorAwards: rrn.replace('-', '') }],
      ['nominee.name', { nominee: { ...(sampleNomination().nominee as object), name: `김민지 ${rrn}` } }],
      [
        'submitter.name',
        { submitter: { name: `박서준９００１０１－１２３４５６７`, email: 'award.seoul@example.test' } },
      ],
    ];
    for (const [field, override] of fields) {
      const response = await postJson(`${stack.urls.web}/nominations`, sampleNomination(override));
      expect(response.status).toBe(400);
      expect((response.json.errors as Record<string, string>)[field]).toContain('주민등록번호');
      expect(JSON.stringify(response.json)).not.toContain('1234567');
    }

    const sneaky = await fetch(`${stack.urls.web}/nominations`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; x=application/json' },
      body: JSON.stringify(sampleNomination()),
    });
    expect(sneaky.status).toBe(415);
    const bidi = await postJson(
      `${stack.urls.web}/nominations`,
      sampleNomination({ meritSummary: '정상 문구\u202E 뒤집힘' }),
    );
    expect(bidi.status).toBe(400);
    expect((bidi.json.errors as Record<string, string>).meritSummary).toBeDefined();
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
      cycle: '2026',
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
      cycle: '2026',
      category: 'regional-cooperation',
      nomineeType: 'organization',
      'nominee.name': `${name} 기업지원팀`,
      'nominee.affiliation': '서울고용복지플러스센터',
      'meritPeriod.from': '2026-01',
      'meritPeriod.to': '2026-10',
      meritSummary: '지역 산업 맞춤형 채용박람회 운영',
      disciplinaryHistory: 'false',
      consent: 'true',
      centerId: 'seoul',
      'submitter.name': '박서준',
      'submitter.email': 'award.seoul@example.test',
    });
    expect(response.status).toBe(202);
    expect(response.text).toContain('센터 확인 대기');
    const confirmed = await fetch(
      localLink(draftLinkIn(await draftMail(stack.urls.ses, `${name} 기업지원팀`)), stack.urls.web),
      {
        method: 'POST',
      },
    );
    expect(confirmed.status).toBe(201);
    await approvalMail('센터 심사', name);
  });

  it('shows a Korean 404 for unknown links and never a 500', async () => {
    const unknown = await fetch(`${stack.urls.web}/approvals/${'A'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('찾을 수 없습니다');
    expect((await fetch(`${stack.urls.web}/approvals/garbage`)).status).toBe(404);
    const unknownDraft = await fetch(`${stack.urls.web}/drafts/${'A'.repeat(43)}`);
    expect(unknownDraft.status).toBe(404);
    expect(await unknownDraft.text()).toContain('찾을 수 없습니다');
    expect((await fetch(`${stack.urls.web}/drafts/${'A'.repeat(43)}`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${stack.urls.web}/drafts/garbage`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${stack.urls.web}/nominations/2023-nope`)).status).toBe(404);
    // An unknown or malformed status token: the Korean 404 page, never a 500.
    for (const token of ['A'.repeat(43), 'garbage', '2026-abcdefghijkmnpqrstuv', '%E0%A4%A']) {
      const unknownStatus = await fetch(`${stack.urls.web}/nominations/${token}`);
      expect(unknownStatus.status).toBe(404);
      expect(await unknownStatus.text()).toContain('찾을 수 없습니다');
      expect((await fetch(`${stack.urls.web}/nominations/${token}/certificate`)).status).toBe(404);
    }
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
    const status = await getJson(await statusUrlOf(stack.urls, id));
    expect(status.json.nomination).toMatchObject({ needsAttention: { at: expect.any(String) } });
    expect(JSON.stringify(status.json)).not.toContain('cannot move from');
    expect(JSON.stringify(status.json)).not.toContain('arn:aws:states');
    const page = await (await fetch(await statusUrlOf(stack.urls, id))).text();
    expect(page).toContain('담당자가 확인하고 있습니다');
    expect(page).not.toContain('StageConflict');
  });

  it('sends the approval request to an approver ops changed in the table, without a restart', async () => {
    const shippedConfig = (await import('../../functions/adapters/config')).shippedConfig();
    const client = new DynamoDBClient({
      endpoint: stack.urls.dynamodb,
      region: 'ap-northeast-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const changed = {
      ...shippedConfig,
      directory: {
        ...shippedConfig.directory,
        centers: shippedConfig.directory.centers.map((center) =>
          center.id === 'busan'
            ? { ...center, head: { name: '직무대리', email: 'acting.busan@example.test' } }
            : center,
        ),
      },
    };
    await saveConfig(DynamoDBDocumentClient.from(client), stack.tableName, changed);
    client.destroy();
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // the functions' config cache locally
    const { body, name } = uniqueNomination({
      centerId: 'busan',
      submitter: { name: '이하늘', email: 'award.busan@example.test' },
    });
    expect((await submitAndConfirm(stack.urls, body)).status).toBe(201);
    const mail = await waitForMail(stack.urls.ses, 'acting.busan@example.test', (m) =>
      m.subject.includes(name),
    );
    expect(mail.subject).toContain('센터 심사');
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
