import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type LocalStack, startLocalStack } from '../../local/stack';
import { launchChromium } from '../support/browser';
import { draftLinkIn, draftMail, local, statusLinkIn } from '../support/flow';
import { approvalLinkIn, waitForMail } from '../support/outbox';
import { openCycleConfig } from '../support/test-config';

/** Screenshots for people to look at (test artifacts; not compared). */
const SHOTS = path.join(__dirname, '..', '..', 'test-results', 'screenshots');

let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startLocalStack({
    ports: { dynamodb: 0, ses: 0, stepfunctions: 0, web: 0 },
    configDir: openCycleConfig(),
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function fillNomination(page: Page, nomineeName: string, nomineeEmail: string) {
  await page.check('input[name="category"][value="vocational-training"]');
  await page.check('input[name="nomineeType"][value="individual"]');
  await page.fill('[name="nominee.name"]', nomineeName);
  await page.fill('[name="nominee.affiliation"]', '부산고용복지플러스센터');
  await page.fill('[name="nominee.position"]', '직업상담사');
  await page.fill('[name="nominee.email"]', nomineeEmail);
  await page.fill('[name="nominee.serviceYears"]', '9');
  await page.fill('[name="meritPeriod.from"]', '2026-01');
  await page.fill('[name="meritPeriod.to"]', '2026-10');
  await page.fill('[name="meritSummary"]', '훈련 상담 내실화로 훈련 중도탈락률 15% 감소');
  await page.check('input[name="disciplinaryHistory"][value="false"]');
  await page.check('input[name="consent"]');
  await page.selectOption('select[name="centerId"]', 'busan');
  await page.fill('[name="submitter.name"]', '이하늘');
  await page.fill('[name="submitter.email"]', 'award.busan@example.test');
}

describe('a person in a browser', () => {
  it('submits the form, confirms it from the center mailbox, and three approvers approve through their links', async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.urls.web}/`);
    expect(await page.locator('h1').first().textContent()).toContain('2026년 올해의 고용서비스상');
    await page.screenshot({ path: path.join(SHOTS, '1-form.png'), fullPage: true });

    // An empty submit shows Korean messages next to the fields and keeps nothing.
    await page.click('button[type="submit"]');
    expect(await page.locator('[role="alert"]').textContent()).toContain('분야를 선택해 주세요.');
    expect(await page.locator('#nominee-name-error').textContent()).toContain(
      '성명(기관명)을 입력해 주세요.',
    );
    await page.screenshot({ path: path.join(SHOTS, '2-form-errors.png'), fullPage: true });

    // A resident registration number is refused next to its field.
    await fillNomination(page, '최유진', 'yujin.choi@example.test');
    await page.fill('[name="meritDetails"]', '상담 사례: 850101-2345678 구직자');
    await page.click('button[type="submit"]');
    expect(await page.locator('#meritDetails-error').textContent()).toContain('주민등록번호');
    await page.fill('[name="meritDetails"]', '상담 사례 40건을 훈련 과정 개선으로 연결');
    await page.click('button[type="submit"]');
    expect(await page.textContent('body')).toContain('센터 확인 대기');
    await page.screenshot({ path: path.join(SHOTS, '3-draft-sent.png'), fullPage: true });

    // The center's registered mailbox confirms; only then does the nomination start.
    await page.goto(
      local(
        draftLinkIn(await draftMail(stack.urls.ses, '최유진', 'award.busan@example.test')),
        stack.urls.web,
      ),
    );
    expect(await page.textContent('body')).toContain('최유진');
    await page.screenshot({ path: path.join(SHOTS, '4-confirm.png'), fullPage: true });
    await page.click('button[type="submit"]');
    expect(await page.textContent('body')).toContain('접수 완료');
    // The status link is not on the page (the id opens nothing): it comes in the receipt mail.
    expect(await page.textContent('body')).toContain('접수 확인 메일');
    const receipt = await waitForMail(stack.urls.ses, 'award.busan@example.test', (mail) =>
      mail.subject.includes('추천서 접수 확인: 최유진'),
    );
    await page.goto(local(statusLinkIn(receipt), stack.urls.web));
    expect(await page.textContent('body')).toContain('추천 진행 상황');
    await page.screenshot({ path: path.join(SHOTS, '5-status.png'), fullPage: true });

    for (const [approver, label] of [
      ['head.busan@example.test', '센터 심사'],
      ['hq.reviewer@example.test', '본부 심사'],
      ['minister.office@example.test', '장관 승인'],
    ] as const) {
      const mail = await waitForMail(
        stack.urls.ses,
        approver,
        (m) => m.subject.includes('최유진') && m.subject.includes(label),
      );
      await page.goto(approvalLinkIn(mail).replace(/^https?:\/\/[^/]+/, stack.urls.web));
      expect(await page.textContent('body')).toContain('훈련 상담 내실화');
      await page.fill('textarea[name="comment"]', `${label} 통과`);
      await page.click('button[name="decision"][value="approve"]');
      expect(await page.textContent('body')).toContain('결정이 접수되었습니다');
    }

    const congratulation = await waitForMail(stack.urls.ses, 'yujin.choi@example.test');
    expect(congratulation.subject).toContain('축하');
    await page.close();
  });
});
