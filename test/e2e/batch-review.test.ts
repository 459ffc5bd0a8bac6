import { GetExecutionHistoryCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { executionArnFor } from '../../functions/contracts/names';
import { mailsFor, nominateToHq, nominees, reviewLinkIn } from '../support/batch';
import { local } from '../support/flow';
import { getJson, postJson } from '../support/http';
import { allMail, mailTo, type StoredMail } from '../support/outbox';
import { startTestStack } from '../support/stack';
import { openCycleConfig } from '../support/test-config';

/**
 * Batch review on the whole local stack (DynamoDB Local, the ASL on the local Step Functions
 * service, the outbox, the gateway): 50 nominations approved by HQ in one POST, each handed to its
 * own waiting execution; the minister's batch stopping at the quota; double posts, cross-site posts
 * and bad input deciding nothing twice or at all.
 */
const COUNT = 50;
const QUOTA = 45;

let stack: Awaited<ReturnType<typeof startTestStack>>['stack'];
let sfn: SFNClient;
let close: () => Promise<void>;
let ids: string[];
let list: ReturnType<typeof nominees>;
let names: Set<string>;
let hqLink: string;

const subjectName = (mail: StoredMail) => /요청: (.+?) \(/.exec(mail.subject)?.[1] ?? '';

beforeAll(async () => {
  ({ stack, sfn, close } = await startTestStack({
    configDir: openCycleConfig({ quotas: { organization: 10, individual: QUOTA - 10 } }),
    reminderSweepSeconds: 0,
  }));
  list = nominees('일괄', COUNT);
  names = new Set(list.map((nominee) => nominee.name));
  ids = await nominateToHq(stack.urls, list);
  const hqMails = await mailsFor(
    stack.urls.ses,
    'hq.reviewer@example.test',
    (mail) => mail.subject.includes('본부 심사 요청') && names.has(subjectName(mail)),
    COUNT,
  );
  // Every HQ approval mail carries the reviewer's one batch review link.
  const links = new Set(hqMails.map(reviewLinkIn));
  expect(links.size).toBe(1);
  hqLink = local([...links][0] ?? '', stack.urls.web);
}, 240_000);

afterAll(async () => close?.());

it('lists the 50 waiting nominations by category with quota usage, and reading changes nothing', async () => {
  const head = await fetch(hqLink, { method: 'HEAD' });
  expect(head.status).toBe(200);
  const { status, json } = await getJson(hqLink);
  expect(status).toBe(200);
  expect(json).toMatchObject({
    review: { cycle: '2026', stage: 'hq_review', reviewerRole: '본부 심사' },
    total: COUNT,
    decidable: COUNT,
    page: 1,
    pageCount: 1,
  });
  const categories = json.categories as { id: string; nominations: { id: string; state: string }[] }[];
  expect(categories.map((category) => category.id)).toEqual([
    'job-matching',
    'regional-cooperation',
    'vocational-training',
    'insurance-integrity',
  ]);
  expect(categories.flatMap((category) => category.nominations.map((row) => row.id)).sort()).toEqual(
    [...ids].sort(),
  );
  expect(json.quota).toContainEqual({
    nomineeType: 'individual',
    limit: QUOTA - 10,
    awarded: 0,
    remaining: QUOTA - 10,
  });
  // Allow-listed: no addresses, nonces, hashes or tokens anywhere in the answer.
  const text = JSON.stringify(json);
  for (const secret of ['@example.test', 'linkNonce', 'idHash', 'taskToken', 'reviewer"']) {
    expect(text).not.toContain(secret);
  }
  const page = await (await fetch(hqLink)).text();
  expect(page).toContain('본부 심사 일괄 심사');
  expect(page).not.toContain('<script');
  expect((page.match(/name="ids"/g) ?? []).length).toBe(COUNT);
});

it('approves 50 at HQ in one POST: each row claimed and handed to its own execution, and a second POST decides nothing again', async () => {
  const started = performance.now();
  const first = await postJson(hqLink, { ids, decision: 'approve', comment: '본부 심사 일괄 승인' });
  const elapsed = performance.now() - started;
  console.log(`batch POST of ${COUNT} HQ approvals: ${elapsed.toFixed(0)} ms`);
  expect(first.status).toBe(200);
  expect(first.json.counts).toMatchObject({ done: COUNT, already_decided: 0, failed: 0, not_attempted: 0 });
  const results = first.json.results as { nominationId: string; outcome: string }[];
  expect(results.map((row) => row.nominationId)).toEqual(ids);

  // Posted again (a double click, a reload): every row is already decided, none decided twice.
  const again = await postJson(hqLink, { ids, decision: 'reject', comment: '두 번째 제출' });
  expect(again.status).toBe(200);
  expect(again.json.counts).toMatchObject({ done: 0, already_decided: COUNT });
  expect((again.json.results as { decision: string }[]).every((row) => row.decision === 'approve')).toBe(
    true,
  );

  // Each execution took the HQ approval once and moved on to the minister.
  const ministerMails = await mailsFor(
    stack.urls.ses,
    'minister.office@example.test',
    (mail) => mail.subject.includes('장관 승인 요청') && names.has(subjectName(mail)),
    COUNT,
  );
  expect(new Set(ministerMails.map(reviewLinkIn)).size).toBe(1);
  const history = await sfn.send(
    new GetExecutionHistoryCommand({ executionArn: executionArnFor(stack.stateMachineArn, ids[0] ?? '') }),
  );
  const hqDecisions = (history.events ?? []).filter(
    (event) =>
      event.type === 'TaskSucceeded' && (event.taskSucceededEventDetails?.output ?? '').includes('hq_review'),
  );
  expect(hqDecisions).toHaveLength(1);
  // The HQ page is empty now.
  const after = await getJson(hqLink);
  expect(after.json).toMatchObject({ total: 0, decidable: 0 });
}, 120_000);

/**
 * The batch page once the workflows of decided rows have moved their nominations on (decided rows
 * stay listed, not decidable, until then); fails if it does not settle at `total` within a minute.
 */
async function settledAt(link: string, total: number) {
  let page = (await getJson(link)).json;
  for (const deadline = Date.now() + 60_000; page.total !== total && Date.now() < deadline; ) {
    expect(page.decidable).toBeLessThanOrEqual(total);
    await new Promise((resolve) => setTimeout(resolve, 250));
    page = (await getJson(link)).json;
  }
  return page;
}

it('stops the minister batch at the quota: the places go in the order posted, the rest are refused with the numbers and keep waiting', async () => {
  const ministerMail = (
    await mailsFor(
      stack.urls.ses,
      'minister.office@example.test',
      (mail) => mail.subject.includes('장관 승인 요청') && names.has(subjectName(mail)),
      COUNT,
    )
  )[0] as StoredMail;
  const ministerLink = local(reviewLinkIn(ministerMail), stack.urls.web);
  const view = await getJson(ministerLink);
  expect(view.json).toMatchObject({ total: COUNT, decidable: COUNT, review: { stage: 'minister_approval' } });

  const answer = await postJson(ministerLink, { ids, decision: 'approve' });
  expect(answer.status).toBe(200);
  const results = answer.json.results as { nominationId: string; outcome: string; message?: string }[];
  const done = results.filter((row) => row.outcome === 'done');
  const refused = results.filter((row) => row.outcome === 'beyond_quota');
  expect(done.length + refused.length).toBe(COUNT);
  // 40 individuals and 10 organisations; 35 individual places and 10 organisation places.
  expect(refused).toHaveLength(5);
  expect(refused[0]?.message).toContain(
    `개인 부문 수상 한도 ${QUOTA - 10}명이 모두 찼습니다 (${QUOTA - 10}/${QUOTA - 10})`,
  );
  // The minister's approvals go in the order posted: the rows refused are the last individuals.
  const lastIndividuals = ids.filter((_, index) => list[index]?.nomineeType === 'individual').slice(-5);
  expect(refused.map((row) => row.nominationId)).toEqual(lastIndividuals);

  // The approved rows leave the list when their workflow has issued the 표창장 and recorded the
  // award (45 PDFs here); until then they show as decided and not decidable.
  const quota = await settledAt(ministerLink, 5);
  expect(quota).toMatchObject({ total: 5, decidable: 5 });
  expect(quota.quota).toContainEqual({
    nomineeType: 'individual',
    limit: QUOTA - 10,
    awarded: QUOTA - 10,
    remaining: 0,
  });

  // The refused ones may still be rejected, each with a reason of its own, in one POST.
  const refusedIds = refused.map((row) => row.nominationId);
  const comments = Object.fromEntries(refusedIds.map((id, index) => [id, `수상 한도 초과 ${index + 1}`]));
  const rejected = await postJson(ministerLink, { ids: refusedIds, decision: 'reject', comments });
  expect(rejected.json.counts).toMatchObject({ done: 5 });
  expect(await settledAt(ministerLink, 0)).toMatchObject({ total: 0, decidable: 0 });
  // Exactly the individual quota's awardees are congratulated, each once.
  const emails = new Set(list.filter((nominee) => nominee.nomineeType === 'individual').map((n) => n.email));
  const congratulated = async () =>
    (await allMail(stack.urls.ses)).filter(
      (mail) => mail.subject.includes('수상을 축하') && mail.destination.to.some((to) => emails.has(to)),
    );
  const deadline = Date.now() + 60_000;
  while ((await congratulated()).length < QUOTA - 10 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 250));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(await congratulated()).toHaveLength(QUOTA - 10);
}, 180_000);

it('refuses cross-site posts, posts without the page token, bad input and unknown links, deciding nothing', async () => {
  const more = nominees('검증', 2);
  const moreIds = await nominateToHq(stack.urls, more);
  const form = (fields: Record<string, string | string[]>, headers: Record<string, string> = {}) => {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(fields))
      for (const each of Array.isArray(value) ? value : [value]) params.append(name, each);
    return fetch(hqLink, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: params.toString(),
    });
  };
  const page = await (await fetch(hqLink)).text();
  const token = /name="formToken" value="([^"]+)"/.exec(page)?.[1] ?? '';
  expect(token).not.toBe('');

  const crossSite = await form(
    { formToken: token, ids: moreIds, decision: 'approve' },
    { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
  );
  expect(crossSite.status).toBe(403);
  expect(await crossSite.text()).toContain('다른 사이트에서 보낸 요청');
  expect((await form({ ids: moreIds, decision: 'approve' })).status).toBe(403);

  const noReason = await form({ formToken: token, ids: moreIds, decision: 'reject', comment: ' \u200b ' });
  expect(noReason.status).toBe(400);
  const refusedPage = await noReason.text();
  expect(refusedPage).toContain('사유를 입력해 주세요');
  // The ticks are kept.
  for (const id of moreIds) expect(refusedPage).toContain(`value="${id}" id="pick-${id}" checked`);
  const nothing = await postJson(hqLink, { ids: [], decision: 'approve' });
  expect(nothing.status).toBe(400);
  expect(nothing.json.errors).toMatchObject({ ids: expect.stringContaining('하나 이상 선택') });
  const foreign = await postJson(hqLink, { ids: ['2026-abcdefghijkmnpqrstuv'], decision: 'approve' });
  expect(foreign.json.results).toEqual([
    expect.objectContaining({ nominationId: '2026-abcdefghijkmnpqrstuv', outcome: 'not_found' }),
  ]);
  expect((await getJson(hqLink)).json).toMatchObject({ total: 2, decidable: 2 });

  // A form from the page, a row's own comment, the common comment for the other.
  const [firstId, secondId] = moreIds as [string, string];
  const returned = await form({
    formToken: token,
    ids: [firstId, secondId],
    decision: 'return',
    comment: '공적 수치 근거 보완',
    [`comment.${firstId}`]: '소속 표기 확인',
  });
  expect(returned.status).toBe(200);
  const result = await returned.text();
  expect(result).toContain('일괄 보완 요청 결과');
  expect((result.match(/data-outcome="done"/g) ?? []).length).toBe(2);

  const unknown = await fetch(`${stack.urls.web}/reviews/${'A'.repeat(43)}`);
  expect(unknown.status).toBe(404);
  const malformed = await postJson(`${stack.urls.web}/reviews/short`, { ids: moreIds, decision: 'approve' });
  expect(malformed.status).toBe(404);
  const centerMails = mailTo(await allMail(stack.urls.ses), 'head.seoul@example.test');
  expect(centerMails.some((mail) => (mail.body.text ?? '').includes('/reviews/'))).toBe(false);
}, 120_000);
