import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { TransientError } from '../../functions/domain/errors';
import { formatDuration, formatKstTimestamp } from '../../functions/views/time';
import { layoutGraph, parseAsl, renderGraphSvg } from '../../local/console/asl-graph';
import { readHistory } from '../../local/console/history';
import { type OpsConsole, startConsole } from '../../local/console/index';
import { maskedJson, maskPersonalData, maskText } from '../../local/console/mask';
import { RESEND_REFUSALS } from '../../local/console/pages';
import { openCycleConfig } from '../support/test-config';
import {
  ASL,
  executionArn,
  fakeResend,
  IDS,
  mockedClients,
  NOW,
  STATE_MACHINE_ARN,
  TABLE_NAME,
  TASK_TOKEN,
  waitingHistory,
} from './console-fixtures';

const STATE_NAMES = Object.keys((JSON.parse(ASL) as { States: Record<string, unknown> }).States);
/** Personal data in the fake world that no page may show. */
const PERSONAL = [
  'minji.kim@example.test',
  'award.seoul@example.test',
  'head.seoul@example.test',
  'head.busan@example.test',
  'hq.reviewer@example.test',
  'park.seojun@example.test',
  'haneul.lee@example.test',
  '김민지',
  '박서준',
  '이센터장',
  TASK_TOKEN,
];

describe('masking personal data (one function)', () => {
  it('masks e-mail addresses anywhere, keeping two characters and the domain', () => {
    expect(maskText('minji.kim@example.test')).toBe('mi***@example.test');
    expect(maskText('a@example.test')).toBe('a***@example.test');
    expect(maskText('문의: park.seojun@example.test, hq.reviewer@example.test')).toBe(
      '문의: pa***@example.test, hq***@example.test',
    );
    // Addresses in Korean letters are addresses too (as functions/domain/privacy.ts reads them).
    expect(maskText('담당: 김민지@example.test')).toBe('담당: 김민***@example.test');
    expect(maskPersonalData({ contact: '김민지@example.test' })).toEqual({ contact: '김민***@example.test' });
  });

  it('masks a text holding a resident registration number whole, in every form people type', () => {
    expect(maskText('번호 850101-2345678')).toBe('***');
    // An en dash, full-width digits and a full-width hyphen read the same to people.
    expect(maskText('번호 850101–2345678')).toBe('***');
    expect(maskText('번호 ８５０１０１－２３４５６７８')).toBe('***');
    expect(maskText('번호 ８５０１０１２３４５６７８')).toBe('***');
    expect(maskPersonalData({ note: '상담 850101–2345678', list: ['８５０１０１-２３４５６７８'] })).toEqual({
      note: '***',
      list: ['***'],
    });
    expect(maskedJson('{"cause":"RRN 850101–2345678 in the form"}')).toBe('{\n  "cause": "***"\n}');
    // Longer digit runs (order and account numbers) are not resident registration numbers.
    expect(maskText('주문 12850101234567890')).toBe('주문 12850101234567890');
  });

  it('masks the values of name, nominee, submitter, comment, merit texts and tokens, whole', () => {
    const masked = maskPersonalData({
      nominationId: '2026-abc',
      stage: 'center_review',
      nominee: { name: '김민지', email: 'minji.kim@example.test', serviceYears: 6 },
      submitter: { name: '박서준', email: 'award.seoul@example.test' },
      decision: { decision: 'return', comment: '김민지 주무관 자료 보완' },
      meritSummary: '청년 취업지원',
      meritDetails: '상세',
      taskToken: TASK_TOKEN,
      Payload: { approver: 'head.seoul@example.test', expiresAt: '2026-11-26T05:05:01Z' },
      contact: 'minji.kim@example.test',
      list: ['x@example.test'],
    });
    expect(masked).toEqual({
      nominationId: '2026-abc',
      stage: 'center_review',
      nominee: { name: '***', email: '***', serviceYears: 6 },
      submitter: { name: '***', email: '***' },
      decision: { decision: 'return', comment: '***' },
      meritSummary: '***',
      meritDetails: '***',
      taskToken: '***',
      Payload: { approver: '***', expiresAt: '2026-11-26T05:05:01Z' },
      contact: 'mi***@example.test',
      list: ['x***@example.test'],
    });
  });

  it('looks inside strings that hold JSON (causes, payloads) and keeps them strings', () => {
    const cause = JSON.stringify({ errorMessage: 'no mail to minji.kim@example.test', taskToken: 'abc' });
    expect(maskPersonalData({ cause })).toEqual({
      cause: JSON.stringify({ errorMessage: 'no mail to mi***@example.test', taskToken: '***' }),
    });
    expect(maskedJson('{"name":"김민지"}')).toBe('{\n  "name": "***"\n}');
    expect(maskedJson('not json: minji.kim@example.test')).toBe('not json: mi***@example.test');
  });
});

describe('times and the graph', () => {
  it('shows times in KST and durations in Korean units', () => {
    expect(formatKstTimestamp(new Date('2026-11-12T15:05:00Z'))).toBe('2026-11-13 00:05:00 KST');
    expect(formatKstTimestamp('2026-11-12T05:05:00.123Z', { ms: true })).toBe('2026-11-12 14:05:00.123 KST');
    expect(formatKstTimestamp(Date.UTC(2026, 11, 31, 15))).toBe('2027-01-01 00:00:00 KST');
    expect(formatKstTimestamp(undefined)).toBe('');
    expect(formatKstTimestamp('', { empty: '—' })).toBe('—');
    expect(formatKstTimestamp('not a time', { empty: '—' })).toBe('not a time');
    expect(formatDuration(412)).toBe('412ms');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000 + 5_000)).toBe('3일 4시간');
    expect(formatDuration(-1)).toBe('');
  });

  it('reads every state and transition of the ASL, and lays the states out in layers without overlap', () => {
    const graph = parseAsl(ASL);
    expect(graph.states.map((state) => state.name)).toEqual(STATE_NAMES);
    expect(graph.edges).toEqual(
      expect.arrayContaining([
        { from: 'RecordSubmission', to: 'CenterReview', kind: 'next' },
        { from: 'CenterDecision', to: 'HQReview', kind: 'choice', label: '"approve"' },
        { from: 'CenterDecision', to: 'UnknownDecision', kind: 'default', label: '기본(Default)' },
        { from: 'CenterReview', to: 'MarkNeedsAttention', kind: 'catch', label: 'Catch' },
      ]),
    );
    const layout = layoutGraph(graph);
    const placed = [...layout.states.values()];
    const spots = new Set(placed.map((state) => `${state.x},${state.y}`));
    expect(spots.size).toBe(STATE_NAMES.length);
    const at = (name: string) => layout.states.get(name)?.layer ?? -1;
    expect(at('RecordSubmission')).toBe(0);
    expect(at('CenterReview')).toBeLessThan(at('HQReview'));
    expect(at('HQReview')).toBeLessThan(at('MinisterApproval'));
    expect(at('NeedsAttention')).toBe(Math.max(...placed.map((state) => state.layer)));
    // The correction loop goes back up to the stage that returned it: back edges, not used for layering.
    expect([...layout.backEdges].map((edge) => `${edge.from}>${edge.to}`).sort()).toEqual([
      'CorrectionRoute>CenterReview',
      'CorrectionRoute>HQReview',
      'CorrectionRoute>MinisterApproval',
    ]);
  });

  it('reads a history: path, transitions taken, the waiting state and elapsed times', () => {
    const story = readHistory(waitingHistory(IDS.waiting, new Date('2026-11-12T05:05:00Z')));
    expect(story.path).toEqual(['RecordSubmission', 'CenterReview']);
    expect([...story.traversed]).toEqual(['RecordSubmission>CenterReview']);
    expect(story.current).toBe('CenterReview');
    expect(story.waiting).toBe(true);
    expect(story.rows.map((row) => [row.id, row.type, row.state ?? '', row.elapsedMs])).toEqual([
      [1, 'ExecutionStarted', '', 0],
      [2, 'TaskStateEntered', 'RecordSubmission', 8],
      [3, 'TaskScheduled', 'RecordSubmission', 20],
      [4, 'TaskStarted', 'RecordSubmission', 38],
      [5, 'TaskSucceeded', 'RecordSubmission', 412],
      [6, 'TaskStateExited', 'RecordSubmission', 416],
      [7, 'TaskStateEntered', 'CenterReview', 420],
      [8, 'TaskScheduled', 'CenterReview', 430],
      [9, 'TaskStarted', 'CenterReview', 445],
      [10, 'TaskSubmitted', 'CenterReview', 1060],
    ]);
    const svg = renderGraphSvg(parseAsl(ASL), layoutGraph(parseAsl(ASL)), {
      visited: new Set(story.path),
      traversed: story.traversed,
      current: 'CenterReview',
      waiting: true,
    }).toString();
    expect(svg.match(/<g class="state[^"]*" data-state="/g)).toHaveLength(STATE_NAMES.length);
  });
});

describe('the ops console over mocked Step Functions and DynamoDB', () => {
  let opsConsole: OpsConsole;
  let clients: ReturnType<typeof mockedClients>;
  const logs: string[] = [];

  beforeAll(async () => {
    clients = mockedClients();
    opsConsole = await startConsole({
      port: 0,
      stateMachineArn: STATE_MACHINE_ARN,
      tableName: TABLE_NAME,
      sfn: clients.sfn,
      dynamodb: clients.db,
      definition: ASL,
      now: () => NOW,
      log: (line) => logs.push(line),
    });
  });

  afterAll(async () => {
    await opsConsole?.close();
  });

  beforeEach(() => {
    clients.sfnMock.resetHistory();
    clients.dbMock.resetHistory();
  });

  async function get(path: string, init: RequestInit = {}) {
    const response = await fetch(`${opsConsole.url}${path}`, { redirect: 'manual', ...init });
    return { response, body: await response.text() };
  }

  function expectPageBasics(response: Response, body: string) {
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('content-security-policy')).toContain("style-src 'unsafe-inline'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(body).toContain('<html lang="ko">');
    expect(body).not.toMatch(/<script/i);
    for (const value of PERSONAL) expect(body).not.toContain(value);
  }

  const count = (body: string, status: string) =>
    new RegExp(`lang="en">${status}</span><span class="count">(\\d+)</span>`).exec(body)?.[1];

  it('lists executions with counts per status, newest first, 50 per page', async () => {
    const { response, body } = await get('/');
    expect(response.status).toBe(200);
    expectPageBasics(response, body);
    expect(count(body, 'All')).toBe('57');
    expect(count(body, 'RUNNING')).toBe('2');
    expect(count(body, 'SUCCEEDED')).toBe('53');
    expect(count(body, 'FAILED')).toBe('1');
    expect(count(body, 'ABORTED')).toBe('1');
    expect(count(body, 'TIMED_OUT')).toBe('0');
    expect(body.match(/<tr>\s*<td class="mono"><a href="\/executions\//g)).toHaveLength(50);
    expect(body.indexOf(IDS.waiting)).toBeLessThan(body.indexOf(IDS.failed));
    expect(body).toContain('2026-11-12 14:05:00 KST');
    // Only the Step Functions API and DynamoDB reads: no Scan.
    expect(clients.dbMock.commandCalls(ScanCommand)).toHaveLength(0);
    expect(clients.sfnMock.commandCalls(ListExecutionsCommand, { maxResults: 50 })).toHaveLength(1);
  });

  it('filters by status', async () => {
    const { body } = await get('/?status=FAILED');
    const calls = clients.sfnMock.commandCalls(ListExecutionsCommand, { maxResults: 50 });
    expect(calls.map((call) => call.args[0].input.statusFilter)).toEqual(['FAILED']);
    expect(body.match(/<td class="mono"><a href="\/executions\//g)).toHaveLength(1);
    expect(body).toContain(`href="/executions/${IDS.failed}"`);
    expect(body).toMatch(/<a href="\/\?status=FAILED" aria-current="page">/);
    expect(body).toContain('<option value="FAILED" selected>');
  });

  it('pages with the nextToken of ListExecutions, the filter kept', async () => {
    const first = await get('/?status=SUCCEEDED');
    expect(first.body).toContain('href="/?status=SUCCEEDED&amp;next=page-after-50"');
    const second = await get('/?status=SUCCEEDED&next=page-after-50');
    const calls = clients.sfnMock.commandCalls(ListExecutionsCommand, { maxResults: 50 });
    expect(calls.map((call) => [call.args[0].input.statusFilter, call.args[0].input.nextToken])).toEqual([
      ['SUCCEEDED', undefined],
      ['SUCCEEDED', 'page-after-50'],
    ]);
    expect(second.body.match(/<td class="mono"><a href="\/executions\//g)).toHaveLength(3);
    expect(second.body).not.toContain('next=page-after');
    expect(second.body).toContain('처음으로');
  });

  it('finds an execution by nomination id, and says so politely when there is none', async () => {
    const found = await get(`/?q=${IDS.waiting}`);
    expect(found.response.status).toBe(303);
    expect(found.response.headers.get('location')).toBe(`/executions/${IDS.waiting}`);
    expect(clients.sfnMock.commandCalls(DescribeExecutionCommand)[0]?.args[0].input.executionArn).toBe(
      executionArn(IDS.waiting),
    );
    const missing = await get(`/?q=${encodeURIComponent('2026-nothere"><script>alert(1)</script>')}`);
    expect(missing.response.status).toBe(200);
    expectPageBasics(missing.response, missing.body);
    expect(missing.body).toContain('에 해당하는 실행이 없습니다');
    expect(missing.body).toContain('2026-nothere&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('draws the graph from the ASL with the waiting state highlighted and the path taken', async () => {
    const { response, body } = await get(`/executions/${IDS.waiting}`);
    expect(response.status).toBe(200);
    expectPageBasics(response, body);
    const boxes = [...body.matchAll(/<g class="([^"]*)" data-state="([^"]+)"/g)].map((m) => [m[2], m[1]]);
    expect(boxes.map(([name]) => name)).toEqual(STATE_NAMES);
    const classes = Object.fromEntries(boxes) as Record<string, string>;
    expect(classes.CenterReview).toBe('state type-task visited current waiting');
    expect(classes.RecordSubmission).toBe('state type-task visited');
    expect(classes.HQReview).toBe('state type-task');
    expect(body.match(/class="state[^"]*\bcurrent\b/g)).toHaveLength(1);
    expect(body).toMatch(
      /<path class="edge edge-next taken" d="[^"]+" marker-end="url\(#arrow-taken\)"><title>RecordSubmission → CenterReview/,
    );
    expect(body).toMatch(/<path class="edge edge-catch" /);
    expect(body).toContain('<strong>CenterReview</strong>에서 승인(콜백)을 기다리고 있습니다');
    expect(body).toContain('상태 머신 그래프 — 현재 상태 CenterReview (승인 대기 중)');
  });

  it('shows the nomination’s audit trail (reminders, escalations) with addresses masked', async () => {
    const { body } = await get(`/executions/${IDS.waiting}`);
    expect(body).toContain('처리 이력');
    expect(body).toContain('처리 기한 안내 메일 1차 발송');
    expect(body).toContain('서울부센터장에게 대결 요청');
    expect(body).not.toContain('award.seoul@example.test');
    expect(body).toContain('aw***@example.test');
  });

  it('lists the event history like the AWS console: id, type, state, time in KST, elapsed ms', async () => {
    const { body } = await get(`/executions/${IDS.waiting}`);
    const rows = [
      ...body.matchAll(
        /<tr>\s*<td class="num">(\d+)<\/td>\s*<td class="mono">(\w+)<\/td>\s*<td class="mono">(\w*)<\/td>\s*<td>([^<]*)<\/td>\s*<td class="num">([\d,]*)<\/td>/g,
      ),
    ].map((m) => m.slice(1));
    expect(rows).toHaveLength(10);
    expect(rows[0]).toEqual(['1', 'ExecutionStarted', '', '2026-11-12 14:05:00.000 KST', '0']);
    expect(rows[4]).toEqual(['5', 'TaskSucceeded', 'RecordSubmission', '2026-11-12 14:05:00.412 KST', '412']);
    expect(rows[9]).toEqual(['10', 'TaskSubmitted', 'CenterReview', '2026-11-12 14:05:01.060 KST', '1,060']);
    // Each state's input and output, masked (the approver's address, the task token).
    expect(body).toContain('&quot;approver&quot;: &quot;***&quot;');
    expect(body).toContain('&quot;taskToken&quot;: &quot;***&quot;');
    expect(body).toContain('id="visit-1"');
  });

  it('masks personal data in inputs, outputs, comments and causes, and escapes hostile values', async () => {
    for (const id of [IDS.atHq, IDS.hostile, IDS.failed]) {
      const { response, body } = await get(`/executions/${id}`);
      expect(response.status).toBe(200);
      expectPageBasics(response, body);
    }
    const hostile = (await get(`/executions/${IDS.hostile}`)).body;
    expect(hostile).toContain(
      '&lt;script&gt;alert(\\&quot;x\\&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;',
    );
    expect(hostile).not.toContain('<img');
    expect(hostile).toContain('ha***@example.test');
    const atHq = (await get(`/executions/${IDS.atHq}`)).body;
    expect(atHq).toContain('&quot;comment&quot;: &quot;***&quot;');
    expect(atHq).toContain('class="state type-task visited current waiting" data-state="HQReview"');
    const failed = (await get(`/executions/${IDS.failed}`)).body;
    expect(failed).toContain('class="state type-fail visited ended" data-state="NeedsAttention"');
    expect(failed).toContain('mi***@example.test');
    expect(failed).toContain(`href="/executions/${IDS.failed}/redrive"`);
    expect(failed).not.toContain(`/executions/${IDS.failed}/stop`);
  });

  it('answers an unknown or malformed execution name with a 404 page, without asking for malformed ones', async () => {
    const unknown = await get('/executions/2026-unknownunknownunknown');
    expect(unknown.response.status).toBe(404);
    expectPageBasics(unknown.response, unknown.body);
    const before = clients.sfnMock.commandCalls(DescribeExecutionCommand).length;
    const malformed = await get('/executions/a%3Cb%3E%20c');
    expect(malformed.response.status).toBe(404);
    expect(clients.sfnMock.commandCalls(DescribeExecutionCommand)).toHaveLength(before);
  });

  it('charts the cycle: nominations by stage and category, quota usage and waits past their deadline', async () => {
    const { response, body } = await get('/cycles/2026');
    expect(response.status).toBe(200);
    expectPageBasics(response, body);
    const query = clients.dbMock.commandCalls(QueryCommand);
    expect(query).toHaveLength(2); // two pages
    expect(query[0]?.args[0].input).toMatchObject({
      IndexName: 'gsi1',
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': 'gsi1pk' },
      ExpressionAttributeValues: { ':pk': 'CYCLE#2026' },
    });
    expect(body).toContain('data-total="11"');
    const stages = Object.fromEntries(
      [...body.matchAll(/data-stage="(\w+)">(\d+)</g)].map((m) => [m[1], m[2]]),
    );
    expect(stages).toEqual({
      submitted: '1',
      center_review: '2',
      hq_review: '1',
      minister_approval: '1',
      correction_requested: '0',
      awarded: '4',
      rejected: '1',
      returned: '1',
    });
    const categories = Object.fromEntries(
      [...body.matchAll(/data-category="([\w-]+)">(\d+)</g)].map((m) => [m[1], m[2]]),
    );
    expect(categories).toEqual({
      'job-matching': '4',
      'regional-cooperation': '2',
      'vocational-training': '3',
      'insurance-integrity': '2',
    });
    // Bars of the SVG charts carry their numbers; quota bars their quota (config/cycle-2026.json).
    expect(body).toContain('<g class="bar" data-label="수상 확정" data-value="4">');
    expect(body).toContain('data-label="개인 (individuals)" data-value="3" data-target="32"');
    expect(body).toContain('data-label="기관 (organisations)" data-value="1" data-target="4"');
    expect(body).toContain('3 / 32 (9%)');
    expect(body).toContain('data-label="본부 심사" data-value="1"');
    // Waits past their deadline: HQ review since 11-15, a center review since 11-09 (not the one due 11-26).
    const overdue = [...body.matchAll(/<tr><td class="mono"><a href="\/executions\/([\w-]+)">/g)].map(
      (m) => m[1],
    );
    expect(overdue).toEqual(['2026-c5v8b2n7m3k9j4h6g2fd', IDS.atHq]);
    expect(body).toContain('2026-11-15 10:00:00 KST');
    expect(body).toContain('<svg xmlns="http://www.w3.org/2000/svg" class="chart"');
    expect(body.match(/<svg /g)).toHaveLength(4);
    const gets = clients.dbMock.commandCalls(GetCommand).map((call) => call.args[0].input.Key?.sk);
    expect(gets.filter((sk) => String(sk).startsWith('OPEN_APPROVAL#'))).toHaveLength(4);
  });

  it('lists the cycles it knows and says 404 for a cycle with no data', async () => {
    const list = await get('/cycles');
    expect(list.body).toContain('href="/cycles/2026"');
    expect(list.body).toContain('href="/cycles/2023"');
    const none = await get('/cycles/1999');
    expect(none.response.status).toBe(404);
  });

  it('stops an execution after a confirmation step, and writes an audit event', async () => {
    const confirm = await get(`/executions/${IDS.waiting}/stop`);
    expect(confirm.response.status).toBe(200);
    expectPageBasics(confirm.response, confirm.body);
    expect(confirm.body).toContain(`<form method="post" action="/executions/${IDS.waiting}/stop">`);
    expect(clients.sfnMock.commandCalls(StopExecutionCommand)).toHaveLength(0);
    const csrf = /name="csrf" value="([^"]+)"/.exec(confirm.body)?.[1] ?? '';
    const nonce = /name="nonce" value="([^"]+)"/.exec(confirm.body)?.[1] ?? '';

    const done = await get(`/executions/${IDS.waiting}/stop`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, nonce, reason: '중복 추천 (minji.kim@example.test)' }).toString(),
    });
    expect(done.response.status).toBe(200);
    expectPageBasics(done.response, done.body);
    expect(done.body).toContain('실행을 중지했습니다.');
    const stops = clients.sfnMock.commandCalls(StopExecutionCommand);
    expect(stops.map((call) => call.args[0].input)).toEqual([
      {
        executionArn: executionArn(IDS.waiting),
        error: 'StoppedByOperator',
        cause: 'Stopped in the ops console: 중복 추천 (mi***@example.test)',
      },
    ]);
    const puts = clients.dbMock.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(puts).toHaveLength(1);
    expect(puts[0]).toMatchObject({
      TableName: TABLE_NAME,
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        pk: `NOM#${IDS.waiting}`,
        type: 'ops_action',
        at: NOW.toISOString(),
        actor: 'ops-console',
        action: 'stop_execution',
        executionArn: executionArn(IDS.waiting),
        outcome: 'succeeded',
        reason: '중복 추천 (mi***@example.test)',
        purgeAt: 1_900_000_000,
      },
    });
    expect(String(puts[0]?.Item?.sk)).toMatch(/^EVENT#2026-11-20T00:00:00\.000Z#\d{6}[0-9a-f]{6}$/);
  });

  it('writes no audit event for an execution whose nomination is not in the table, and says so', async () => {
    const confirm = await get(`/executions/${IDS.hostile}/stop`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(confirm.body)?.[1] ?? '';
    const nonce = /name="nonce" value="([^"]+)"/.exec(confirm.body)?.[1] ?? '';
    const done = await get(`/executions/${IDS.hostile}/stop`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, nonce }).toString(),
    });
    expect(done.response.status).toBe(200);
    expect(done.body).toContain('실행을 중지했습니다.');
    expect(done.body).toContain('테이블에 이 추천이 없어 감사 기록을 남기지 않았습니다.');
    expect(done.body).not.toContain('감사 기록(ops_action)에 남았습니다');
    expect(clients.sfnMock.commandCalls(StopExecutionCommand)).toHaveLength(1);
    expect(clients.dbMock.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('labels only real stages: a stage named like an Object property is shown as it is', async () => {
    clients.dbMock.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CYCLE#2023' } }).resolves({
      Items: [
        {
          id: '2023-constructorconstructor',
          cycle: '2023',
          stage: 'constructor',
          category: 'job-matching',
          nomineeType: 'individual',
          gsi1sk: 'STAGE#constructor#2023-05-01T00:00:00Z#2023-constructorconstructor',
        },
      ],
    });
    const { response, body } = await get('/cycles/2023');
    expect(response.status).toBe(200);
    expect(body).toContain('data-stage="constructor">1<');
    expect(body).not.toContain('native code');
    expect(body).not.toContain('function Object');
  });

  it('refuses a POST without the confirmation form, or from another site', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const bare = await get(`/executions/${IDS.waiting}/stop`, {
      method: 'POST',
      headers: form,
      body: 'csrf=nope',
    });
    expect(bare.response.status).toBe(403);
    const confirm = await get(`/executions/${IDS.waiting}/stop`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(confirm.body)?.[1] ?? '';
    const crossSite = await get(`/executions/${IDS.waiting}/stop`, {
      method: 'POST',
      headers: { ...form, origin: 'http://evil.example' },
      body: `csrf=${encodeURIComponent(csrf)}`,
    });
    expect(crossSite.response.status).toBe(403);
    // The token is bound to the action and the execution.
    const otherAction = await get(`/executions/${IDS.waiting}/redrive`, {
      method: 'POST',
      headers: form,
      body: `csrf=${encodeURIComponent(csrf)}`,
    });
    expect(otherAction.response.status).toBe(403);
    expect(clients.sfnMock.commandCalls(StopExecutionCommand)).toHaveLength(0);
    expect(clients.sfnMock.commandCalls(RedriveExecutionCommand)).toHaveLength(0);
    expect(clients.dbMock.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('offers no re-send without a resender (ConsoleOptions.resend)', async () => {
    const page = await get(`/executions/${IDS.waiting}`);
    expect(page.body).not.toContain('/resend');
    expect((await get(`/executions/${IDS.waiting}/resend`)).response.status).toBe(404);
  });

  it('offers no stop for a finished execution', async () => {
    const confirm = await get(`/executions/${IDS.failed}/stop`);
    expect(confirm.response.status).toBe(200);
    expect(confirm.body).toContain('실행 중인 실행만 중지할 수 있습니다.');
    expect(confirm.body).not.toContain('<form method="post"');
  });

  it('redrives a failed execution, showing the service error politely while it cannot, and audits the try', async () => {
    const confirm = await get(`/executions/${IDS.failed}/redrive`);
    expect(confirm.body).toContain(`<form method="post" action="/executions/${IDS.failed}/redrive">`);
    const csrf = /name="csrf" value="([^"]+)"/.exec(confirm.body)?.[1] ?? '';
    const nonce = /name="nonce" value="([^"]+)"/.exec(confirm.body)?.[1] ?? '';
    const result = await get(`/executions/${IDS.failed}/redrive`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, nonce }).toString(),
    });
    expect(result.response.status).toBe(409);
    expectPageBasics(result.response, result.body);
    expect(result.body).toContain('재실행하지 못했습니다.');
    expect(result.body).toContain(
      'Step Functions 응답: <span class="mono">UnknownOperationException</span> — Unknown operation: AWSStepFunctions.RedriveExecution',
    );
    expect(clients.sfnMock.commandCalls(RedriveExecutionCommand).map((call) => call.args[0].input)).toEqual([
      { executionArn: executionArn(IDS.failed), clientToken: nonce },
    ]);
    expect(clients.dbMock.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
      pk: `NOM#${IDS.failed}`,
      type: 'ops_action',
      action: 'redrive_execution',
      outcome: 'failed',
      error: 'UnknownOperationException',
    });
  });

  it('answers HEAD, wrong methods, unknown pages, foreign Host headers and malformed request lines without dying', async () => {
    const head = await fetch(`${opsConsole.url}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await get('/', { method: 'POST' });
    expect(post.response.status).toBe(405);
    expect(post.response.headers.get('allow')).toBe('GET, HEAD');
    const missing = await get('/nope');
    expect(missing.response.status).toBe(404);
    expectPageBasics(missing.response, missing.body);
    const port = new URL(opsConsole.url).port;
    for (const line of ['GET http://[/ HTTP/1.1', 'GET //a:99999/ HTTP/1.1', 'GET //[ HTTP/1.1']) {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () =>
          socket.write(`${line}\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`),
        );
        let text = '';
        socket.on('data', (chunk) => {
          text += chunk.toString();
        });
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
        socket.setTimeout(2000, () => socket.end());
      });
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    }
    const rebinding = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.write('GET / HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString();
      });
      socket.on('end', () => resolve(text));
    });
    expect(rebinding).toMatch(/^HTTP\/1\.1 421 /);
    expect((await get('/')).response.status).toBe(200);
  });

  it('shows a polite 502 page when Step Functions cannot be reached', async () => {
    const unreachable = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8083'), {
      name: 'TimeoutError',
      $metadata: {},
    });
    clients.sfnMock.on(DescribeExecutionCommand).rejectsOnce(unreachable);
    const { response, body } = await get(`/executions/${IDS.waiting}`);
    expect(response.status).toBe(502);
    expectPageBasics(response, body);
    expect(body).toContain('AWS 서비스에 연결하지 못했습니다');
    expect(body).toContain('connect ECONNREFUSED 127.0.0.1:8083');
  });
});

describe('the ops console re-sends the current approval mail (same link)', () => {
  let opsConsole: OpsConsole;
  let clients: ReturnType<typeof mockedClients>;
  let fake: ReturnType<typeof fakeResend>;
  /** What the console's resend option calls: the fake, unless a test puts a failure in its place. */
  let resend: ReturnType<typeof fakeResend>['resend'];
  const logs: string[] = [];
  const form = { 'content-type': 'application/x-www-form-urlencoded' };

  beforeAll(async () => {
    clients = mockedClients();
    opsConsole = await startConsole({
      port: 0,
      stateMachineArn: STATE_MACHINE_ARN,
      tableName: TABLE_NAME,
      sfn: clients.sfn,
      dynamodb: clients.db,
      definition: ASL,
      now: () => NOW,
      log: (line) => logs.push(line),
      resend: (input) => resend(input),
    });
  });

  afterAll(async () => {
    await opsConsole?.close();
  });

  beforeEach(() => {
    clients.sfnMock.resetHistory();
    clients.dbMock.resetHistory();
    fake = fakeResend();
    resend = fake.resend;
  });

  async function get(path: string, init: RequestInit = {}) {
    const response = await fetch(`${opsConsole.url}${path}`, { redirect: 'manual', ...init });
    const body = await response.text();
    expect(body).not.toMatch(/<script/i);
    for (const value of PERSONAL) expect(body).not.toContain(value);
    return { response, body };
  }

  /** The confirmation page's form fields. */
  async function confirmation(id: string) {
    const page = await get(`/executions/${id}/resend`);
    return {
      page,
      csrf: /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '',
      nonce: /name="nonce" value="([^"]+)"/.exec(page.body)?.[1] ?? '',
    };
  }

  function post(id: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    return get(`/executions/${id}/resend`, {
      method: 'POST',
      headers: { ...form, ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  }

  const audits = () => clients.dbMock.commandCalls(PutCommand).map((call) => call.args[0].input.Item);

  it('offers it only for a running execution waiting at a review stage', async () => {
    for (const id of [IDS.waiting, IDS.atHq]) {
      expect((await get(`/executions/${id}`)).body).toContain(`href="/executions/${id}/resend"`);
    }
    // Failed at submission, stopped, or running without its nomination in the table: nothing to re-send.
    for (const id of [IDS.failed, IDS.stopped, IDS.hostile]) {
      expect((await get(`/executions/${id}`)).body).not.toContain('/resend');
    }
  });

  it('shows where the mail goes (stage, masked approver, deadline in KST) before sending anything', async () => {
    const { page, csrf, nonce } = await confirmation(IDS.waiting);
    expect(page.response.status).toBe(200);
    expect(page.body).toContain('승인 메일 재발송 확인');
    expect(page.body).toContain('센터 심사 (center_review)');
    expect(page.body).toContain('he***@example.test');
    expect(page.body).toContain('2026-11-26 14:05:01 KST');
    expect(page.body).toContain(`<form method="post" action="/executions/${IDS.waiting}/resend">`);
    expect(csrf).not.toBe('');
    expect(nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(fake.mailed).toEqual([]);
    expect(audits()).toEqual([]);
    // A wait whose deadline passed is refused on the page already; a finished execution too.
    const expired = await get(`/executions/${IDS.atHq}/resend`);
    expect(expired.body).toContain(RESEND_REFUSALS.expired.ko);
    expect(expired.body).not.toContain('<form method="post"');
    const failed = await get(`/executions/${IDS.failed}/resend`);
    expect(failed.body).toContain('심사 단계에서 승인을 기다리는 실행 중인 추천만');
    expect(failed.body).not.toContain('<form method="post"');
  });

  it('sends once for one form even when it is posted twice, and records it once in the audit trail', async () => {
    const { csrf, nonce } = await confirmation(IDS.waiting);
    const fields = { csrf, nonce, reason: '승인자가 메일을 받지 못함 (head.seoul@example.test)' };
    const first = await post(IDS.waiting, fields);
    expect(first.response.status).toBe(200);
    expect(first.body).toContain('승인 메일을 다시 보냈습니다.');
    expect(first.body).toContain('he***@example.test');
    expect(first.body).toContain('감사 기록(ops_action)에 남았습니다.');
    const again = await post(IDS.waiting, fields);
    expect(again.response.status).toBe(200);
    expect(again.body).toContain('이 확인 화면에서 이미 보낸 메일입니다. 다시 보내지 않았습니다.');
    expect(fake.mailed).toEqual([nonce]);
    expect(audits()).toEqual([
      expect.objectContaining({
        pk: `NOM#${IDS.waiting}`,
        type: 'ops_action',
        at: NOW.toISOString(),
        actor: 'ops-console',
        action: 'resend_approval',
        executionArn: executionArn(IDS.waiting),
        outcome: 'succeeded',
        reason: '승인자가 메일을 받지 못함 (he***@example.test)',
        purgeAt: 1_900_000_000,
      }),
    ]);
    // A new confirmation page is a new request: it mails again.
    const next = await confirmation(IDS.waiting);
    expect((await post(IDS.waiting, { csrf: next.csrf, nonce: next.nonce })).response.status).toBe(200);
    expect(fake.mailed).toEqual([nonce, next.nonce]);
  });

  it('refuses with the reason in Korean (and English) when the nomination left review, and records the try', async () => {
    const { csrf, nonce } = await confirmation(IDS.waiting);
    // Decided between the confirmation page and the button.
    const item = fake.world.items.find((candidate) => candidate.id === IDS.waiting);
    if (!item) throw new Error('fixture');
    item.stage = 'hq_review';
    const refused = await post(IDS.waiting, { csrf, nonce });
    expect(refused.response.status).toBe(409);
    expect(refused.body).toContain('승인 메일을 다시 보내지 않았습니다.');
    expect(refused.body).toContain(RESEND_REFUSALS.no_open_request.ko);
    expect(refused.body).toContain(`(${RESEND_REFUSALS.no_open_request.en})`);
    item.stage = 'awarded';
    const notInReview = await post(IDS.waiting, { csrf, nonce });
    expect(notInReview.response.status).toBe(409);
    expect(notInReview.body).toContain(RESEND_REFUSALS.not_in_review.ko);
    expect(notInReview.body).toContain(`(${RESEND_REFUSALS.not_in_review.en})`);
    expect(fake.mailed).toEqual([]);
    expect(audits()).toEqual([
      expect.objectContaining({ action: 'resend_approval', outcome: 'failed', error: 'NothingToResend' }),
      expect.objectContaining({ action: 'resend_approval', outcome: 'failed', error: 'NothingToResend' }),
    ]);
  });

  it('refuses a POST without the confirmation form, from another site, or with another action’s token', async () => {
    const bare = await post(IDS.waiting, { csrf: 'nope' });
    expect(bare.response.status).toBe(403);
    const { csrf, nonce } = await confirmation(IDS.waiting);
    const crossSite = await post(IDS.waiting, { csrf, nonce }, { origin: 'http://evil.example' });
    expect(crossSite.response.status).toBe(403);
    const fetchMetadata = await post(IDS.waiting, { csrf, nonce }, { 'sec-fetch-site': 'cross-site' });
    expect(fetchMetadata.response.status).toBe(403);
    const stopPage = await get(`/executions/${IDS.waiting}/stop`);
    const stopToken = /name="csrf" value="([^"]+)"/.exec(stopPage.body)?.[1] ?? '';
    const otherAction = await post(IDS.waiting, { csrf: stopToken, nonce });
    expect(otherAction.response.status).toBe(403);
    expect(fake.mailed).toEqual([]);
    expect(audits()).toEqual([]);
  });

  it('sends nothing for an execution that stopped meanwhile or has no nomination, without a 500', async () => {
    const { csrf, nonce } = await confirmation(IDS.waiting);
    // Stopped by someone else after the confirmation page: its link could not decide any more.
    clients.statusNow.set(IDS.waiting, 'ABORTED');
    try {
      const stopped = await post(IDS.waiting, { csrf, nonce });
      expect(stopped.response.status).toBe(409);
      expect(stopped.body).toContain('승인 메일을 다시 보내지 않았습니다.');
      expect(stopped.body).toContain('지금 상태: 중단됨');
    } finally {
      clients.statusNow.clear();
    }

    const hostile = await confirmation(IDS.hostile);
    expect(hostile.page.body).toContain('테이블에 추천 없음');
    expect(hostile.page.body).not.toContain('<form method="post"');
    // Deleted (its retention ran out) after the confirmation page: a 404 page, not a 500.
    fake.world.items.splice(
      fake.world.items.findIndex((item) => item.id === IDS.waiting),
      1,
    );
    const gone = await post(IDS.waiting, { csrf, nonce });
    expect(gone.response.status).toBe(404);
    expect(gone.body).toContain('추천을 찾을 수 없습니다');
    expect(fake.mailed).toEqual([]);
    expect(audits()).toEqual([]);
  });

  it('shows a failure of the mail service politely and records it as failed', async () => {
    resend = async () => {
      throw new TransientError('Sending mail failed transiently: connect ECONNREFUSED 127.0.0.1:8005');
    };
    const { csrf, nonce } = await confirmation(IDS.waiting);
    const failed = await post(IDS.waiting, { csrf, nonce });
    expect(failed.response.status).toBe(502);
    expect(failed.body).toContain('승인 메일을 다시 보내지 못했습니다.');
    expect(failed.body).toContain('<span class="mono">TransientError</span>');
    expect(audits()).toEqual([
      expect.objectContaining({ action: 'resend_approval', outcome: 'failed', error: 'TransientError' }),
    ]);
  });
});

describe('the ops console reads cycles as the functions do (loadConfig)', () => {
  it('does not load the functions’ configuration when imported: local/stack.ts sets AWARD_CONFIG_DIR first', () => {
    const root = path.join(__dirname, '..', '..');
    const dir = openCycleConfig({ title: '설정 폴더의 회차' });
    // Import the tools first, then point at another config directory: the functions must still see it.
    const script = `for (const entry of ['local/console/index.ts', 'local/admin/main.ts']) require(${JSON.stringify(root)} + '/' + entry);
process.env.AWARD_CONFIG_DIR = ${JSON.stringify(dir)};
const { shippedConfig } = require(${JSON.stringify(root)} + '/functions/adapters/config.ts');
process.stdout.write(JSON.stringify(shippedConfig().cycles.map((cycle) => cycle.title)));`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toContain('설정 폴더의 회차');
  });

  it('lists every cycle file the functions accept, and refuses one they refuse', async () => {
    const config = path.join(__dirname, '..', '..', 'config');
    const dir = mkdtempSync(path.join(tmpdir(), 'console-config-'));
    copyFileSync(path.join(config, 'directory.json'), path.join(dir, 'directory.json'));
    const cycle = JSON.parse(readFileSync(path.join(config, 'cycle-2026.json'), 'utf8'));
    // Named freely (functions/adapters/config.ts reads cycle-*.json): the year is the file's own.
    writeFileSync(
      path.join(dir, 'cycle-next.json'),
      JSON.stringify({ ...cycle, year: '2027', title: '다음 해' }),
    );
    const clients = mockedClients();
    const logs: string[] = [];
    const opsConsole = await startConsole({
      port: 0,
      stateMachineArn: STATE_MACHINE_ARN,
      tableName: TABLE_NAME,
      sfn: clients.sfn,
      dynamodb: clients.db,
      definition: ASL,
      configDir: dir,
      now: () => NOW,
      log: (line) => logs.push(line),
    });
    try {
      const list = await (await fetch(`${opsConsole.url}/cycles`)).text();
      expect(list).toContain('href="/cycles/2027"');
      expect(list).not.toContain('href="/cycles/2026"');
      const page = await (await fetch(`${opsConsole.url}/cycles/2027`)).text();
      expect(page).toContain('다음 해 현황');

      writeFileSync(
        path.join(dir, 'cycle-next.json'),
        JSON.stringify({ ...cycle, year: '2027', quotas: {} }),
      );
      const broken = await fetch(`${opsConsole.url}/cycles`);
      expect(broken.status).toBe(500);
      expect(logs.join('\n')).toContain('config/cycle-next.json is invalid');
    } finally {
      await opsConsole.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
