import { GetExecutionHistoryCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { LocalStack } from '../../local/stack';
import { local, statusUrlOf, submitAndConfirm } from '../support/flow';
import { getJson, postForm } from '../support/http';
import { allMail, approvalLinkIn, mailTo, type StoredMail, waitForMail } from '../support/outbox';
import { AWARDED_PATH, sampleNomination } from '../support/sample';
import { startTestStack } from '../support/stack';
import { openCycleConfig } from '../support/test-config';

/**
 * The 보완요청 loop on the whole local stack (the handlers, the ASL on the local Step Functions
 * service, DynamoDB Local, the outbox): return -> edit -> resubmit -> diff -> approve, as people
 * do it in a browser (the edit link's form, its confirmation step, the reviewer's page).
 */
let stack: LocalStack;
let sfn: SFNClient;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ stack, sfn, close } = await startTestStack({ configDir: openCycleConfig({ maxCorrectionRounds: 1 }) }));
}, 60_000);
afterAll(async () => close?.());

let counter = 0;
function uniqueNomination() {
  counter += 1;
  const name = `보완${String.fromCharCode(0xac00 + counter * 13)}`;
  const email = `correction${counter}.${Date.now()}@example.test`;
  const body = sampleNomination({
    nominee: { name, affiliation: '서울고용복지플러스센터', position: '주무관', email, serviceYears: 6 },
  });
  return { body, name, email };
}

const APPROVERS = {
  '센터 심사': 'head.seoul@example.test',
  '본부 심사': 'hq.reviewer@example.test',
  '장관 승인': 'minister.office@example.test',
} as const;
const CENTER = 'award.seoul@example.test';

function approvalMail(stage: keyof typeof APPROVERS, name: string, count = 1) {
  return waitForMail(
    stack.urls.ses,
    APPROVERS[stage],
    (mail) => mail.subject.includes(name) && mail.subject.includes(stage),
    count,
  );
}

function editLinkIn(mail: StoredMail): string {
  const match = /https?:\/\/[^\s"'<>]+\/corrections\/[A-Za-z0-9_-]{43}/.exec(mail.body.text ?? '');
  if (!match) throw new Error(`No edit link in mail '${mail.subject}'`);
  return local(match[0], stack.urls.web);
}

function unescapeHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** What a browser posts from the page's first form: inputs (checked radios and boxes only) and textareas. */
function formFields(html: string): Record<string, string> {
  const form = /<form [\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
  const fields: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input [^>]*>/g)) {
    const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
    const name = attr('name');
    const type = attr('type') ?? 'text';
    if (!name) continue;
    if ((type === 'radio' || type === 'checkbox') && !/\schecked/.test(tag)) continue;
    fields[name] = unescapeHtml(attr('value') ?? '');
  }
  for (const [, name, value] of form.matchAll(
    /<textarea [^>]*name="([^"]+)"[^>]*>\n?([\s\S]*?)<\/textarea>/g,
  )) {
    if (name) fields[name] = unescapeHtml(value ?? '');
  }
  return fields;
}

/** Returned by HQ with a reason: the center's mail with the edit link. */
async function returnedByHq(name: string, reason: string, count = 1) {
  const hq = approvalLinkIn(await approvalMail('본부 심사', name, count));
  expect((await postForm(local(hq, stack.urls.web), await decisionFields(hq, 'return', reason))).status).toBe(
    200,
  );
  return waitForMail(
    stack.urls.ses,
    CENTER,
    (mail) => mail.subject.includes(`보완 요청`) && mail.subject.includes(name),
    count,
  );
}

/** The decision form's fields of an approval page, with the chosen decision. */
async function decisionFields(link: string, decision: string, comment = '') {
  const page = await (await fetch(local(link, stack.urls.web))).text();
  return { ...formFields(page), decision, comment };
}

async function decide(stage: keyof typeof APPROVERS, name: string, decision: string, count = 1) {
  const link = local(approvalLinkIn(await approvalMail(stage, name, count)), stack.urls.web);
  const response = await postForm(link, await decisionFields(link, decision));
  expect(response.status).toBe(200);
  return { link, response };
}

async function entered(id: string) {
  const executionArn = `${stack.stateMachineArn.replace(':stateMachine:', ':execution:')}:${id}`;
  const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return events
    .filter((event) => event.type?.endsWith('StateEntered'))
    .map((event) => event.stateEnteredEventDetails?.name);
}

/** The states entered, once `state` is among them (or after 10 s, for the assertion to say what is missing). */
async function enteredOnceIn(id: string, state: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const names = await entered(id);
    if (names.includes(state) || Date.now() > deadline) return names;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitForStatus(id: string, done: (status: string) => boolean) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { json } = await getJson(await statusUrlOf(stack.urls, id));
    if (done(String(json.status))) return json;
    if (Date.now() > deadline) throw new Error(`Nomination ${id} stayed ${String(json.status)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it('return -> edit -> resubmit -> diff -> approve: the same nomination and execution, back at the stage that returned it', async () => {
  const { body, name, email } = uniqueNomination();
  const confirmed = await submitAndConfirm(stack.urls, body);
  expect(confirmed.status).toBe(201);
  const id = String(confirmed.json.id);

  await decide('센터 심사', name, 'approve');
  const mail = await returnedByHq(name, '공적요지의 수치 근거 <출처>를 적어 주세요');
  // Only the center's registered address, with the reason, the round and the link.
  expect(mail.destination.to).toEqual([CENTER]);
  expect(mail.subject).toContain('추천서 보완 요청 (1회차)');
  expect(mail.body.text).toContain('공적요지의 수치 근거 <출처>를 적어 주세요');
  const link = editLinkIn(mail);
  expect((await waitForStatus(id, (status) => status === 'correction_requested')).status).toBe(
    'correction_requested',
  );

  // Opening the link (a person, a mail scanner, HEAD) shows the form prefilled and changes nothing.
  const before = await getJson(await statusUrlOf(stack.urls, id));
  expect((await fetch(link, { method: 'HEAD' })).status).toBe(200);
  const formPage = await (await fetch(link)).text();
  expect(formPage).toContain(`value="${name}"`);
  expect(formPage).toContain('공적요지의 수치 근거 &lt;출처&gt;를 적어 주세요');
  expect(await getJson(await statusUrlOf(stack.urls, id))).toEqual(before);

  // A form from another site, or without the page's token, is refused before anything is read.
  const fields = formFields(formPage);
  expect(fields.formToken).toBeTruthy();
  const crossSite = await fetch(link, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'https://evil.example',
      'sec-fetch-site': 'cross-site',
    },
    body: new URLSearchParams({ ...fields, step: 'confirm', meritSummary: '위조' }).toString(),
  });
  expect(crossSite.status).toBe(403);
  const { formToken: _token, ...withoutToken } = fields;
  expect((await postForm(link, { ...withoutToken, step: 'confirm', meritSummary: '위조' })).status).toBe(403);

  // The same rules as a new submission: refused field by field, the form shown again with the values.
  const refused = await postForm(link, { ...fields, 'nominee.serviceYears': '0', meritSummary: '고친 요지' });
  expect(refused.status).toBe(400);
  expect(refused.text).toContain('근무연수가 1년 이상인');
  expect(refused.text).toContain('고친 요지');

  // The confirmation step: the changes with the previous values; nothing stored yet.
  const corrected = {
    ...fields,
    meritSummary: '청년 구직자 취업률 25%p 향상 (고용보험 DB 기준)',
    note: '출처를 적었습니다',
  };
  const preview = await postForm(link, corrected);
  expect(preview.status).toBe(200);
  expect(preview.text).toContain('보완 내용 확인');
  expect(preview.text).toContain(String(body.meritSummary));
  expect(preview.text).toContain('청년 구직자 취업률 25%p 향상 (고용보험 DB 기준)');
  expect((await getJson(await statusUrlOf(stack.urls, id))).json.nomination).toMatchObject({
    meritSummary: body.meritSummary,
  });

  // Confirmed, twice at once (a double click): corrected once.
  const confirmFields = { ...formFields(preview.text), step: 'confirm' };
  const [first, second] = await Promise.all([postForm(link, confirmFields), postForm(link, confirmFields)]);
  expect([first.status, second.status].sort()).toEqual([200, 409]);
  const done = first.status === 200 ? first : second;
  expect(done.text).toContain('보완 제출 완료');

  // Back at HQ (not the center head), with a new link; the page shows what changed.
  const hqAgain = local(approvalLinkIn(await approvalMail('본부 심사', name, 2)), stack.urls.web);
  const hqPage = await (await fetch(hqAgain)).text();
  expect(hqPage).toContain('변경 사항');
  expect(hqPage).toMatch(
    new RegExp(
      `<th scope="row">공적요지</th>\\s*<td class="before">${String(body.meritSummary).replace(/[.*+?^${}()|[\]\\%]/g, '\\$&')}</td>\\s*<td class="after">청년 구직자 취업률 25%p 향상 \\(고용보험 DB 기준\\)</td>`,
    ),
  );
  expect(hqPage).toContain('출처를 적었습니다');
  expect(
    mailTo(await allMail(stack.urls.ses), APPROVERS['센터 심사']).filter((m) => m.subject.includes(name)),
  ).toHaveLength(1);
  const approvalJson = await getJson(hqAgain);
  expect(approvalJson.json.revisions).toEqual([
    expect.objectContaining({
      round: 1,
      returnedAt: 'hq_review',
      changes: [
        {
          field: 'meritSummary',
          label: '공적요지',
          before: body.meritSummary,
          after: '청년 구직자 취업률 25%p 향상 (고용보험 DB 기준)',
        },
      ],
    }),
  ]);

  await decide('본부 심사', name, 'approve', 2);
  await decide('장관 승인', name, 'approve');
  await waitForMail(stack.urls.ses, email, (m) => m.subject.includes('축하'));
  const status = await waitForStatus(id, (s) => s === 'awarded');
  expect(status.corrections).toEqual([
    expect.objectContaining({ round: 1, stage: 'hq_review', fields: ['meritSummary'] }),
  ]);
  const statusPage = await (await fetch(await statusUrlOf(stack.urls, id))).text();
  expect(statusPage).toContain('보완 요청 1회차');
  expect(statusPage).not.toContain('hq.reviewer@example.test');

  // The used link shows the notice only.
  const used = await (await fetch(link)).text();
  expect(used).toContain('이미 보완 제출이 접수된 링크');
  expect(used).not.toContain('청년 구직자');

  // One execution, the nomination's id; with one return: 14 states entered (the happy path: 10).
  const states = await entered(id);
  expect(states).toEqual([
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
  expect(states).toHaveLength(AWARDED_PATH.length + 4);
}, 120_000);

it('ends the nomination returned when it is returned again after its last round (JSON client)', async () => {
  const { body, name } = uniqueNomination();
  const id = String((await submitAndConfirm(stack.urls, body)).json.id);
  await decide('센터 심사', name, 'approve');
  const link = editLinkIn(await returnedByHq(name, '1차 보완 요청'));

  // A JSON client: preview, then store (no form token needed; one it sends must match).
  const view = await getJson(link);
  expect(view.json.correction).toMatchObject({
    round: 1,
    returnedAt: 'hq_review',
    status: 'open',
    maxRounds: 1,
  });
  expect(JSON.stringify(view.json)).not.toContain('taskToken');
  const fixed = { ...body, meritDetails: '보완한 세부공적' };
  const previewed = await fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ ...fixed, preview: true }),
  });
  expect(previewed.status).toBe(200);
  expect(await previewed.json()).toMatchObject({ status: 'preview', changes: [{ field: 'meritDetails' }] });
  const stored = await fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(fixed),
  });
  expect(stored.status).toBe(200);
  expect(await stored.json()).toMatchObject({
    status: 'corrected',
    nominationId: id,
    returnTo: 'hq_review',
    round: 1,
  });

  // Returned again: no round left (this cycle allows one). The reason goes out; it ends returned.
  await returnedByHqFinal(name);
  const status = await waitForStatus(id, (s) => s === 'returned');
  expect(status.status).toBe('returned');
  // The status says returned once NotifyReturned recorded it; the execution enters `Returned` just after.
  expect(await enteredOnceIn(id, 'Returned')).toEqual(
    expect.arrayContaining(['RequestCorrection', 'CorrectionRoute', 'NotifyReturned', 'Returned']),
  );
  const returnedMail = await waitForMail(stack.urls.ses, CENTER, (m) =>
    (m.body.text ?? '').includes('2차: 여전히 근거가 부족합니다'),
  );
  expect(returnedMail.subject).toContain('추천서 보완 요청:');
  expect(editLinkInOrNone(returnedMail)).toBeUndefined();

  // Returned for good: the center may submit it anew, as a new nomination (it takes over the key).
  const again = await submitAndConfirm(stack.urls, body);
  expect(again.status).toBe(201);
  expect(again.json.id).not.toBe(id);
}, 120_000);

async function returnedByHqFinal(name: string) {
  const hq = local(approvalLinkIn(await approvalMail('본부 심사', name, 2)), stack.urls.web);
  expect(
    (await postForm(hq, await decisionFields(hq, 'return', '2차: 여전히 근거가 부족합니다'))).status,
  ).toBe(200);
}

function editLinkInOrNone(mail: StoredMail): string | undefined {
  return /\/corrections\/[A-Za-z0-9_-]{43}/.exec(mail.body.text ?? '')?.[0];
}
