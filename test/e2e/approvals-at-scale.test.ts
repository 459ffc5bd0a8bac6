import { GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import {
  decideOnPage,
  delegateOnPage,
  hiddenFields,
  local,
  statusUrlOf,
  submitAndConfirm,
} from '../support/flow';
import { getJson, postJson } from '../support/http';
import { allMail, approvalLinkIn, mailTo, type StoredMail, waitForMail } from '../support/outbox';
import { sampleNomination } from '../support/sample';
import { startTestStack } from '../support/stack';
import { openCycleConfig } from '../support/test-config';

/**
 * Approvals at ministry scale on the whole local stack (real DynamoDB Local, the ASL on the local
 * Step Functions service, the outbox): quotas under concurrent minister approvals, reminders and
 * escalation on a schedule of seconds (the sweep triggered as EventBridge would, never slept out).
 */
const SECOND_IN_DAYS = 1 / 86_400;
const REVIEW_SECONDS = 8;

let stack: Awaited<ReturnType<typeof startTestStack>>['stack'];
let sfn: Awaited<ReturnType<typeof startTestStack>>['sfn'];
let close: () => Promise<void>;

/** How many states the execution of a nomination entered (Step Functions bills state transitions). */
async function statesEntered(nominationId: string): Promise<number> {
  const executionArn = `${stack.stateMachineArn.replace(':stateMachine:', ':execution:')}:${nominationId}`;
  let count = 0;
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, ...(nextToken ? { nextToken } : {}) }),
    );
    count += (page.events ?? []).filter((event) => event.type?.endsWith('StateEntered')).length;
    nextToken = page.nextToken;
  } while (nextToken);
  return count;
}

beforeAll(async () => {
  ({ stack, sfn, close } = await startTestStack({
    configDir: openCycleConfig({
      quotas: { organization: 4, individual: 2 },
      // Center reviews are due after 8 s; a reminder 4 s before; escalation for 60 s after.
      reviewDays: { center_review: REVIEW_SECONDS * SECOND_IN_DAYS, hq_review: 14, minister_approval: 14 },
      reminders: { daysBeforeDue: [4 * SECOND_IN_DAYS], max: 1 },
      escalationDays: 60 * SECOND_IN_DAYS,
    }),
    reminderSweepSeconds: 0,
  }));
}, 60_000);

afterAll(async () => close?.());

let counter = 0;
async function nominate(): Promise<{ id: string; name: string; email: string }> {
  counter += 1;
  const name = `규모${String.fromCharCode(0xac00 + counter * 11)}`;
  const email = `scale${counter}.${Date.now()}@example.test`;
  const body = sampleNomination({
    nominee: {
      name,
      affiliation: '서울고용복지플러스센터',
      position: '주무관',
      email,
      serviceYears: 6,
    },
  });
  const confirmed = await submitAndConfirm(stack.urls, body);
  expect(confirmed.status).toBe(201);
  return { id: String(confirmed.json.id), name, email };
}

function mailFor(address: string, name: string, subjectPart: string, count = 1): Promise<StoredMail> {
  return waitForMail(
    stack.urls.ses,
    address,
    (mail) => mail.subject.includes(name) && mail.subject.includes(subjectPart),
    count,
  );
}

const decide = (mail: StoredMail, decision: string, comment = '') =>
  postJson(local(approvalLinkIn(mail), stack.urls.web), { decision, comment });

it('awards exactly the quota when more minister approvals than places arrive at once; the rest are refused with the numbers', async () => {
  const nominations = await Promise.all([nominate(), nominate(), nominate()]);
  // Center heads' reviews are due in seconds in this cycle: decide them at once.
  for (const { name } of nominations) {
    expect(
      (await decide(await mailFor('head.seoul@example.test', name, '센터 심사'), 'approve')).status,
    ).toBe(200);
    expect(
      (await decide(await mailFor('hq.reviewer@example.test', name, '본부 심사'), 'approve')).status,
    ).toBe(200);
  }
  const ministerMails = await Promise.all(
    nominations.map(({ name }) => mailFor('minister.office@example.test', name, '장관 승인')),
  );
  const answers = await Promise.all(ministerMails.map((mail) => decide(mail, 'approve')));
  expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 409]);
  const refused = answers.find((answer) => answer.status === 409);
  expect(String(refused?.json.message)).toContain('개인 부문 수상 한도 2명이 모두 찼습니다 (2/2)');
  // Exactly two awardee mails; the refused nomination still waits for the minister, who may return it.
  const refusedMail = ministerMails[answers.indexOf(refused as (typeof answers)[number])] as StoredMail;
  expect((await decide(refusedMail, 'return', '수상 한도 초과로 보완 요청')).status).toBe(200);
  const winners = nominations.filter((_, index) => answers[index]?.status === 200);
  for (const { email } of winners)
    await waitForMail(stack.urls.ses, email, (mail) => mail.subject.includes('축하'));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const congratulated = (await allMail(stack.urls.ses)).filter(
    (mail) =>
      mail.subject.includes('축하') && nominations.some(({ email }) => mail.destination.to.includes(email)),
  );
  expect(congratulated).toHaveLength(2);
  // The happy path: at most 12 state transitions per nomination.
  for (const { id } of winners) expect(await statesEntered(id)).toBeLessThanOrEqual(12);
  console.info(`states entered, happy path: ${await statesEntered(winners[0]?.id ?? '')}`);
}, 90_000);

it('reminds the approver with the same link, escalates when overdue, and the escalation link decides', async () => {
  const { name } = await nominate();
  const first = await mailFor('head.seoul@example.test', name, '센터 심사');
  const link = approvalLinkIn(first);

  await stack.sweepReminders();
  expect(
    mailTo(await allMail(stack.urls.ses), 'head.seoul@example.test').filter((m) =>
      m.subject.includes(`[처리 기한 안내] 센터 심사 요청: ${name}`),
    ),
  ).toHaveLength(0);

  await new Promise((resolve) => setTimeout(resolve, (REVIEW_SECONDS - 4 + 1) * 1000));
  await stack.sweepReminders();
  const reminder = await mailFor('head.seoul@example.test', name, '[처리 기한 안내]');
  expect(approvalLinkIn(reminder)).toBe(link);

  await new Promise((resolve) => setTimeout(resolve, 4 * 1000));
  await stack.sweepReminders();
  await stack.sweepReminders(); // an overlapping or repeated run sends nothing twice
  const escalation = await mailFor('deputy.seoul@example.test', name, '[기한 경과·대결 요청]');
  expect(approvalLinkIn(escalation)).not.toBe(link);
  const deputyMails = mailTo(await allMail(stack.urls.ses), 'deputy.seoul@example.test').filter((m) =>
    m.subject.includes(name),
  );
  expect(deputyMails).toHaveLength(1);

  expect((await decide(escalation, 'approve')).status).toBe(200);
  const late = await decide(first, 'reject', '기한 경과');
  expect(late.status).toBe(409);
  expect(late.json).toMatchObject({ alreadyDecided: true, decision: 'approve' });
  // The workflow went on to HQ review, once.
  await mailFor('hq.reviewer@example.test', name, '본부 심사');
}, 90_000);

it('hands a decision to a registered colleague: the delegate decides, the original link shows to whom and decides nothing', async () => {
  const { id, name } = await nominate();
  const head = await mailFor('head.seoul@example.test', name, '센터 심사');
  const original = local(approvalLinkIn(head), stack.urls.web);

  // Only registered people of the same center; another site's page cannot delegate.
  const stranger = await delegateOnPage(original, 'someone@elsewhere.test');
  expect(stranger.status).toBe(400);
  expect(stranger.text).toContain('같은 기관에 등록된 담당자');
  const forged = await fetch(`${original}/delegate`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
    body: new URLSearchParams({
      ...(await hiddenFields(original, `${new URL(original).pathname}/delegate`)),
      delegate: 'jobs.manager.seoul@example.test',
    }).toString(),
  });
  expect(forged.status).toBe(403);

  const handed = await delegateOnPage(original, 'jobs.manager.seoul@example.test');
  expect(handed.status).toBe(200);
  expect(handed.text).toContain('서울센터 취업지원과장');
  // A second tab, the same colleague: nothing new; another colleague: refused.
  const again = await postJson(`${original}/delegate`, { delegate: 'jobs.manager.seoul@example.test' });
  expect(again).toMatchObject({ status: 200, json: { alreadyDelegated: true } });
  expect((await postJson(`${original}/delegate`, { delegate: 'deputy.seoul@example.test' })).status).toBe(
    410,
  );
  const delegateMail = await mailFor('jobs.manager.seoul@example.test', name, '[위임]');
  const delegateLink = local(approvalLinkIn(delegateMail), stack.urls.web);
  expect(delegateLink).not.toBe(original);
  expect(
    mailTo(await allMail(stack.urls.ses), 'jobs.manager.seoul@example.test').filter((m) =>
      m.subject.includes(name),
    ),
  ).toHaveLength(1);

  // The original link: the notice and to whom, nothing of the file, no decision.
  const page = await (await fetch(original)).text();
  expect(page).toContain('위임받은 분');
  expect(page).toContain('서울센터 취업지원과장');
  expect(page).not.toContain(name);
  const refused = await postJson(original, { decision: 'approve', comment: '' });
  expect(refused.status).toBe(410);

  expect((await decideOnPage(delegateLink, 'approve')).status).toBe(200);
  await mailFor('hq.reviewer@example.test', name, '본부 심사');
  const status = await getJson(await statusUrlOf(stack.urls, id));
  const history = JSON.stringify(status.json);
  expect(history).toContain('approval_delegated');
  expect(history).toContain('서울센터 취업지원과장');
  expect(history).not.toContain('jobs.manager.seoul@example.test');
  expect(history).not.toContain('head.seoul@example.test');
  // The delegate's page offers no further delegation.
  const delegatePage = await (await fetch(delegateLink)).text();
  expect(delegatePage).not.toContain('/delegate"');
}, 60_000);
