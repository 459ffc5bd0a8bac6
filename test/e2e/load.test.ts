import { DynamoNominationRepository } from '../../functions/adapters/dynamo-nominations';
import { createDocumentClient } from '../../functions/adapters/dynamo-table';
import { inPool } from '../../functions/domain/pool';
import { nominationBody, nominees } from '../support/batch';
import { draftLinkIn, local } from '../support/flow';
import { postJson } from '../support/http';
import { allMail, approvalLinkIn, mailTo, type StoredMail } from '../support/outbox';
import { startTestStack } from '../support/stack';

/**
 * A bounded load test on the local stack (loopback only): `LOAD_SUBMISSIONS` posts of POST
 * /nominations, about a fifth of them a second copy of another posted at the same moment, each
 * draft confirmed (the duplicated ones by a double click: two confirmations at once); then
 * `LOAD_DECISIONS` center approvals, each clicked twice at once. Afterwards: exactly one nomination
 * per distinct submission, one receipt each, one center approval request each, one `decided` event
 * per decided stage, one HQ approval request per approval, no mail doubled or lost.
 *
 * The suite runs 200 submissions (about 20 s on two cores); the full size is
 * `LOAD_SUBMISSIONS=1000 npx jest test/e2e/load.test.ts` (about a minute on an idle two-core
 * machine; figures in the run's log). The whole local stack shares one Node process with the test:
 * on a machine busy with other work, the SES stand-in then answers past the SDK's 3 s timeout, and
 * a mail it did store is sent again by the step's retry (send-once is at-least-once) — the
 * test names such doubles.
 */
const SUBMISSIONS = Number(process.env.LOAD_SUBMISSIONS ?? 200);
const DUPLICATES = Math.round(SUBMISSIONS * 0.2);
const DISTINCT = SUBMISSIONS - DUPLICATES;
const DECISIONS = Math.min(Number(process.env.LOAD_DECISIONS ?? 50), DISTINCT);
const CONCURRENCY = 8;
/** Time for the last executions to send what they would (the check that nothing comes twice). */
const SETTLE_MS = 3_000;

let stack: Awaited<ReturnType<typeof startTestStack>>['stack'];
let close: () => Promise<void>;

beforeAll(async () => {
  ({ stack, close } = await startTestStack({ reminderSweepSeconds: 0 }));
}, 120_000);

afterAll(async () => close?.());

/** The nominee's name in a subject `...: name (...)` or `...: name`. */
const subjectName = (mail: StoredMail) => /: (.+?)(?: \(|$)/.exec(mail.subject)?.[1] ?? '';

/** Waits until `count` mails to `address` match; answers them all (one read of the outbox per poll). */
async function mailsUntil(
  address: string,
  filter: (mail: StoredMail) => boolean,
  count: number,
  timeoutMs: number,
): Promise<StoredMail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const matching = mailTo(await allMail(stack.urls.ses), address).filter(filter);
    if (matching.length >= count) return matching;
    if (Date.now() > deadline)
      throw new Error(`Only ${matching.length} of ${count} mails to ${address} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** How many mails each name got: every name once, and none else. */
function perName(mails: readonly StoredMail[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of mails) counts.set(subjectName(mail), (counts.get(subjectName(mail)) ?? 0) + 1);
  return counts;
}

function expectOnceEach(mails: readonly StoredMail[], names: readonly string[]) {
  const counts = perName(mails);
  expect([...counts.keys()].sort()).toEqual([...names].sort());
  // Named, with when each copy went out: a doubled mail is a finding to trace, not a number.
  const twice = [...counts]
    .filter(([, count]) => count !== 1)
    .map(([name]) => ({
      name,
      index: names.indexOf(name),
      sent: mails.filter((mail) => subjectName(mail) === name).map((mail) => new Date(mail.at).toISOString()),
    }));
  expect(twice).toEqual([]);
}

it(`${SUBMISSIONS} submissions (${DUPLICATES} duplicates at once) and ${DECISIONS} double-clicked decisions: nothing lost, nothing twice`, async () => {
  const started = Date.now();
  const list = nominees('부하', DISTINCT);
  const names = list.map((nominee) => nominee.name);
  const nameSet = new Set(names);
  const ours = (mail: StoredMail) => nameSet.has(subjectName(mail));

  // Submissions: the first DUPLICATES nominees posted twice at the same moment.
  const posts = await inPool(list, CONCURRENCY, async (nominee, index) => {
    const copies = index < DUPLICATES ? 2 : 1;
    return Promise.all(
      Array.from({ length: copies }, () =>
        postJson(`${stack.urls.web}/nominations`, nominationBody(nominee)),
      ),
    );
  });
  const answers = posts.flat();
  expect(answers).toHaveLength(SUBMISSIONS);
  expect(answers.filter((answer) => answer.status !== 202)).toEqual([]);
  // One of each concurrent pair made the draft; the other was told it is pending.
  expect(answers.filter((answer) => answer.json.duplicate === true)).toHaveLength(DUPLICATES);
  const submittedMs = Date.now() - started;

  // One confirmation mail per distinct nominee, confirmed; the duplicated ones double-clicked.
  const drafts = await mailsUntil(
    'award.seoul@example.test',
    (mail) => mail.subject.includes('추천서 확정 요청') && ours(mail),
    DISTINCT,
    120_000,
  );
  expectOnceEach(drafts, names);
  const draftOf = new Map(
    drafts.map((mail) => [subjectName(mail), local(draftLinkIn(mail), stack.urls.web)]),
  );
  const confirmations = await inPool(list, CONCURRENCY, async (nominee, index) => {
    const link = draftOf.get(nominee.name) ?? '';
    const clicks = index < DUPLICATES ? 2 : 1;
    return Promise.all(
      Array.from({ length: clicks }, async () => {
        const response = await fetch(link, { method: 'POST', headers: { accept: 'application/json' } });
        return { status: response.status, json: (await response.json()) as Record<string, unknown> };
      }),
    );
  });
  const created = confirmations.flat().filter((answer) => answer.status === 201);
  const again = confirmations.flat().filter((answer) => answer.status === 200);
  expect(created).toHaveLength(DISTINCT);
  expect(again).toHaveLength(DUPLICATES);
  expect(again.every((answer) => answer.json.alreadyConfirmed === true)).toBe(true);
  const ids = new Set(created.map((answer) => String(answer.json.id)));
  expect(ids.size).toBe(DISTINCT);
  // The second click names the same nomination as the first.
  for (const pair of confirmations.filter((pair) => pair.length === 2))
    expect(pair[0]?.json.id).toBe(pair[1]?.json.id);
  const confirmedMs = Date.now() - started;

  // Every execution: one receipt, one center approval request.
  const receipts = await mailsUntil(
    'award.seoul@example.test',
    (mail) => mail.subject.includes('추천서 접수 확인') && ours(mail),
    DISTINCT,
    300_000,
  );
  const centerRequests = await mailsUntil(
    'head.seoul@example.test',
    (mail) => mail.subject.includes('센터 심사 요청') && ours(mail),
    DISTINCT,
    300_000,
  );
  const requestedMs = Date.now() - started;

  // Decisions: the first DECISIONS center requests approved by a double click (two posts at once).
  const decidedNames = names.slice(0, DECISIONS);
  const linkOf = new Map(
    centerRequests.map((mail) => [subjectName(mail), local(approvalLinkIn(mail), stack.urls.web)]),
  );
  const clicks = await inPool(decidedNames, CONCURRENCY, async (name) => {
    const link = linkOf.get(name) ?? '';
    return Promise.all([0, 1].map(() => postJson(link, { decision: 'approve' })));
  });
  for (const pair of clicks) {
    expect(pair.map((answer) => answer.status).sort()).toEqual([200, 409]);
  }
  const hqRequests = await mailsUntil(
    'hq.reviewer@example.test',
    (mail) => mail.subject.includes('본부 심사 요청') && ours(mail),
    DECISIONS,
    180_000,
  );
  const decidedMs = Date.now() - started;

  // Let the last executions send whatever they would, then count everything once more.
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const outbox = await allMail(stack.urls.ses);
  const of = (address: string, subject: string) =>
    mailTo(outbox, address).filter((mail) => mail.subject.includes(subject) && ours(mail));
  expectOnceEach(of('award.seoul@example.test', '추천서 확정 요청'), names);
  expectOnceEach(of('award.seoul@example.test', '추천서 접수 확인'), names);
  expectOnceEach(of('head.seoul@example.test', '센터 심사 요청'), names);
  expectOnceEach(of('hq.reviewer@example.test', '본부 심사 요청'), decidedNames);
  expect(receipts.length + centerRequests.length + hqRequests.length).toBeGreaterThan(0);

  // The audit trails: one `decided` event for the center stage of each decided nomination, none elsewhere.
  const db = createDocumentClient();
  try {
    const repository = new DynamoNominationRepository(db, stack.tableName);
    const trails = await inPool([...ids], CONCURRENCY, async (id) => ({
      nomination: await repository.get(id),
      events: await repository.history(id),
    }));
    const decidedByName = new Map<string, number>();
    for (const { nomination, events } of trails) {
      expect(events.filter((event) => event.type === 'submitted')).toHaveLength(1);
      const decided = events.filter((event) => event.type === 'decided');
      for (const event of decided)
        expect(event).toMatchObject({ stage: 'center_review', decision: 'approve' });
      decidedByName.set(nomination?.nominee.name ?? '', decided.length);
    }
    expect(new Set([...decidedByName.keys()])).toEqual(nameSet);
    expect(decidedNames.map((name) => decidedByName.get(name))).toEqual(decidedNames.map(() => 1));
    expect([...decidedByName].filter(([name, count]) => !decidedNames.includes(name) && count !== 0)).toEqual(
      [],
    );
  } finally {
    db.destroy();
  }

  console.info(
    `load: ${SUBMISSIONS} posts (${DISTINCT} distinct, ${DUPLICATES} concurrent duplicates) accepted in ${submittedMs} ms; ` +
      `${DISTINCT} confirmed (+${DUPLICATES} double clicks) by ${confirmedMs} ms; ` +
      `${DISTINCT} receipts and center requests by ${requestedMs} ms; ` +
      `${DECISIONS} double-clicked decisions and their HQ requests by ${decidedMs} ms; ` +
      `outbox ${outbox.length} mails`,
  );
}, 900_000);
