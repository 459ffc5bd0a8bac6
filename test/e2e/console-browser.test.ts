import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { type OpsConsole, startConsole } from '../../local/console/index';
import { ASL, IDS, mockedClients, NOW, STATE_MACHINE_ARN, TABLE_NAME } from '../local/console-fixtures';
import { launchChromium } from '../support/browser';

/**
 * The ops console in a real browser, with JavaScript off (the pages are server-rendered): the
 * list, an execution graph with a waiting state and the cycle charts, saved as screenshots for
 * people to look at (test artifacts; not compared). The console runs on mocked Step Functions and
 * DynamoDB clients here; the local stack's own console is wired in local/stack.ts.
 */
const SHOTS = path.join(__dirname, '..', '..', 'test-results', 'screenshots');

let browser: Browser;
let opsConsole: OpsConsole;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const clients = mockedClients();
  opsConsole = await startConsole({
    port: 0,
    stateMachineArn: STATE_MACHINE_ARN,
    tableName: TABLE_NAME,
    sfn: clients.sfn,
    dynamodb: clients.db,
    definition: ASL,
    now: () => NOW,
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await opsConsole?.close();
});

describe('an operator in a browser (no JavaScript)', () => {
  it('reads the executions, a waiting execution on the graph, the cycle charts, and stops one after confirming', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 900 },
      locale: 'ko-KR',
    });
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') blocked.push(message.text());
    });

    await page.goto(`${opsConsole.url}/`);
    expect(await page.locator('h1').textContent()).toContain('워크플로 실행');
    expect(await page.locator('table tbody tr').count()).toBe(50);
    await page.screenshot({ path: path.join(SHOTS, 'console-1-list.png'), fullPage: false });

    // The status filter and the search are plain forms.
    await page.selectOption('select[name="status"]', 'RUNNING');
    await page.click('form.search button[type="submit"]');
    expect(await page.locator('table tbody tr').count()).toBe(2);
    await page.fill('input[name="q"]', IDS.waiting);
    await page.click('form.search button[type="submit"]');
    expect(new URL(page.url()).pathname).toBe(`/executions/${IDS.waiting}`);

    const waiting = page.locator('g.state.current.waiting');
    expect(await waiting.getAttribute('data-state')).toBe('CenterReview');
    expect(await page.locator('svg.graph g.state').count()).toBe(
      Object.keys((JSON.parse(ASL) as { States: object }).States).length,
    );
    const box = await page.locator('svg.graph').boundingBox();
    expect(box?.width).toBeGreaterThan(400);
    await page.screenshot({ path: path.join(SHOTS, 'console-2-execution-waiting.png'), fullPage: true });

    await page.goto(`${opsConsole.url}/executions/${IDS.failed}`);
    await page.screenshot({ path: path.join(SHOTS, 'console-3-execution-failed.png'), fullPage: false });

    await page.goto(`${opsConsole.url}/cycles/2026`);
    expect(await page.locator('svg.chart').count()).toBe(4);
    await page.screenshot({ path: path.join(SHOTS, 'console-4-cycle-charts.png'), fullPage: true });

    // Stop: the link shows "are you sure?", the form's POST stops it.
    await page.goto(`${opsConsole.url}/executions/${IDS.waiting}`);
    await page.click('a.button-danger');
    expect(await page.locator('h1').textContent()).toContain('실행 중지 확인');
    await page.screenshot({ path: path.join(SHOTS, 'console-5-stop-confirm.png'), fullPage: false });
    await page.fill('textarea[name="reason"]', '중복 추천');
    await page.click('button[type="submit"]');
    expect(await page.locator('[role="status"]').textContent()).toContain('실행을 중지했습니다.');

    // The CSP allows everything the pages use: nothing was blocked.
    expect(blocked).toEqual([]);
    await context.close();
  });
});
