import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { mailsFor, nominateToHq, nominees, reviewLinkIn } from '../support/batch';
import { launchChromium } from '../support/browser';
import { local } from '../support/flow';
import type { StoredMail } from '../support/outbox';
import { startTestStack } from '../support/stack';
import { openCycleConfig } from '../support/test-config';

/**
 * HQ and the minister's office in a real browser (JavaScript off: the pages need none) through the
 * batch review page: sort, expand a summary, select a category, a row's own comment, a refused
 * rejection, the batch approval and its result page, then the minister's page at the quota.
 * Screenshots are saved for people to look at (test artifacts; not compared).
 */
const SHOTS = path.join(__dirname, '..', '..', 'test-results', 'screenshots');
const COUNT = 12;

let stack: Awaited<ReturnType<typeof startTestStack>>['stack'];
let close: () => Promise<void>;
let browser: Browser;
let list: ReturnType<typeof nominees>;

const subjectName = (mail: StoredMail) => /요청: (.+?) \(/.exec(mail.subject)?.[1] ?? '';

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ({ stack, close } = await startTestStack({
    configDir: openCycleConfig({ quotas: { organization: 1, individual: 4 } }),
    reminderSweepSeconds: 0,
  }));
  list = nominees('브라우저', COUNT);
  await nominateToHq(stack.urls, list);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await close?.();
});

async function linkIn(address: string, subject: string): Promise<string> {
  const names = new Set(list.map((nominee) => nominee.name));
  const [mail] = await mailsFor(
    stack.urls.ses,
    address,
    (each) => each.subject.includes(subject) && names.has(subjectName(each)),
    1,
  );
  return local(reviewLinkIn(mail as StoredMail), stack.urls.web);
}

describe('HQ and the minister in a browser (no JavaScript)', () => {
  it('sorts, expands, selects and approves many at once, then the minister approves up to the quota', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 900 },
      locale: 'ko-KR',
    });
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      // The refused rejection answers 400 on purpose; anything else (a CSP block) counts.
      if (message.type() === 'error' && !message.text().includes('status of 400'))
        blocked.push(message.text());
    });

    await page.goto(await linkIn('hq.reviewer@example.test', '본부 심사 요청'));
    expect(await page.locator('h1').textContent()).toContain('본부 심사 일괄 심사');
    expect(await page.locator('table.batch tbody tr').count()).toBe(COUNT);
    expect(await page.locator('section h2').allTextContents()).toEqual([
      expect.stringContaining('수요자 맞춤형 취업·채용지원 서비스'),
      expect.stringContaining('지역·산업 맞춤형 고용서비스'),
      expect.stringContaining('직업훈련 품질 제고 및 훈련 상담 내실화'),
      expect.stringContaining('건전한 고용보험사업 운영'),
    ]);
    expect(await page.locator('ul.quota').textContent()).toContain('개인 0/4명 (남은 4명)');
    await page.screenshot({ path: path.join(SHOTS, 'batch-1-hq-page.png'), fullPage: false });
    await page.screenshot({ path: path.join(SHOTS, 'batch-1b-hq-page-full.png'), fullPage: true });
    // Nothing covers a row on the first screen (a floating decision bar once hid the rows under it).
    const bar = await page.locator('.batch-actions').boundingBox();
    for (const row of await page.locator('table.batch tbody tr').all()) {
      const box = await row.boundingBox();
      if (!bar || !box || box.y >= 900) continue;
      expect(box.y + box.height <= bar.y || box.y >= bar.y + bar.height).toBe(true);
    }

    // Sort by name (a link): within each category the rows follow the Korean collation.
    await page.click('nav.review-tools a:has-text("후보자 이름순")');
    const firstGroup = page.locator('section').first().locator('tbody tr label strong');
    const shown = await firstGroup.allTextContents();
    expect(shown).toEqual([...shown].sort(new Intl.Collator('ko').compare));
    // A summary opens in place (<details>).
    const summary = page.locator('table.batch tbody tr').first().locator('details').first();
    await summary.locator('summary').click();
    expect(await summary.getAttribute('open')).not.toBeNull();
    expect(await summary.textContent()).toContain('구직자 맞춤형 상담으로 취업률 향상');
    await page.screenshot({ path: path.join(SHOTS, 'batch-2-sorted-expanded.png'), fullPage: false });

    // A rejection without a reason is refused and decides nothing; the ticks stay.
    const boxes = page.locator('input[name="ids"]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.click('button[value="reject"]');
    expect(await page.locator('[role="alert"]').textContent()).toContain('사유를 입력해 주세요');
    expect(await page.locator('input[name="ids"]:checked').count()).toBe(2);
    await page.screenshot({ path: path.join(SHOTS, 'batch-3-refused.png'), fullPage: false });

    // Select every decidable row (a link renders them ticked), give one row its own comment, approve.
    await page.click('a:has-text("결정 가능한 추천서 모두 선택")');
    expect(await page.locator('input[name="ids"]:checked').count()).toBe(COUNT);
    const ownRow = page.locator('table.batch tbody tr').nth(2);
    await ownRow.locator('details.own-comment summary').click();
    await ownRow.locator('textarea').fill('우수 사례로 공유 바랍니다');
    await page.fill('#comment', '본부 심사 통과');
    await page.click('button[value="approve"]');
    expect(await page.locator('h1').textContent()).toContain('일괄 승인 결과');
    expect(await page.locator('tr[data-outcome="done"]').count()).toBe(COUNT);
    await page.screenshot({ path: path.join(SHOTS, 'batch-4-hq-result.png'), fullPage: true });

    // The result page leads back to the (now empty) list; a reload of the POST decides nothing again.
    await page.click('a:has-text("대기 목록으로 돌아가기")');
    expect(await page.textContent('main')).toContain('결정을 기다리는 추천서가 없습니다');

    // The minister's office: the same page, quotas binding. Approve all; the places fill in order.
    await page.goto(await linkIn('minister.office@example.test', '장관 승인 요청'));
    expect(await page.locator('h1').textContent()).toContain('장관 승인 일괄 심사');
    await page.click('a:has-text("결정 가능한 추천서 모두 선택")');
    await page.screenshot({ path: path.join(SHOTS, 'batch-5-minister-page.png'), fullPage: false });
    await page.click('button[value="approve"]');
    const organisations = list.filter((nominee) => nominee.nomineeType === 'organization').length;
    expect(await page.locator('tr[data-outcome="done"]').count()).toBe(4 + 1);
    expect(await page.locator('tr[data-outcome="beyond_quota"]').count()).toBe(COUNT - 5);
    expect(await page.textContent('main')).toContain('개인 부문 수상 한도 4명이 모두 찼습니다 (4/4)');
    expect(organisations).toBeGreaterThan(1);
    expect(await page.textContent('main')).toContain('기관 부문 수상 한도 1곳이 모두 찼습니다 (1/1)');
    await page.screenshot({ path: path.join(SHOTS, 'batch-6-minister-result.png'), fullPage: true });

    // Nothing the pages use was blocked by their CSP.
    expect(blocked).toEqual([]);
    await context.close();
  });
});
