import {
  checkPageToken,
  Forbidden,
  type HttpEvent,
  type HttpResult,
  pageToken,
  refuseCrossSite,
} from '../../functions/adapters/http';
import { httpErrors } from '../../functions/adapters/http-errors';
import type { ApprovalRequest } from '../../functions/domain/approval';
import type { Draft } from '../../functions/domain/draft';
import type { AuditEvent, Nomination } from '../../functions/domain/nomination';
import type { ApprovalView } from '../../functions/use-cases/decide-approval';
import { approvalAnswer, decisionAnswer } from '../../functions/views/approval-pages';
import { eventAnswer, historyAnswer, ROLE_LABELS } from '../../functions/views/common';
import { draftAnswer, statusAnswer } from '../../functions/views/pages';
import { sampleNomination } from '../support/sample';

/* ------------------------------------------------------------------ fixtures: stored records full of internals */

const APPROVERS = ['head.seoul@example.test', 'hq.reviewer@example.test', 'minister.office@example.test'];
const TASK_TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAZ-secret-task-token';
const EXECUTION_ARN = 'arn:aws:states:ap-northeast-2:000000000000:execution:nomination:2026-abc';

const nomination = {
  ...(sampleNomination() as unknown as Nomination),
  id: '2026-abcdefghijkmnpqrstuv',
  stage: 'hq_review',
  version: 4,
  createdAt: '2026-10-20T01:00:00Z',
  updatedAt: '2026-10-21T01:00:00Z',
  executionArn: EXECUTION_ARN,
  purgeAt: 1_900_000_000,
  source: { channel: 'email', messageKey: 'message-key-hash' },
  attachments: [
    { filename: '공적조서.pdf', contentType: 'application/pdf', size: 1234, key: 'intake/raw/key-1' },
  ],
  needsAttention: { error: 'StageConflict', cause: 'cannot move from awarded', at: '2026-10-21T02:00:00Z' },
  // A field added to the record later: internal until an allow-list names it.
  internalNote: 'not for browsers',
} as Nomination;

/** Every event type, with the internals they carry for operators. */
const history: AuditEvent[] = [
  { type: 'submitted', at: '2026-10-20T01:00:00Z', actor: 'award.seoul@example.test' },
  {
    type: 'stage_changed',
    at: '2026-10-20T01:00:01Z',
    actor: 'workflow',
    from: 'submitted',
    to: 'center_review',
  },
  {
    type: 'decided',
    at: '2026-10-20T02:00:00Z',
    actor: APPROVERS[0] ?? '',
    stage: 'center_review',
    decision: 'approve',
    comment: '추천합니다',
  },
  {
    type: 'decision_voided',
    at: '2026-10-20T02:00:01Z',
    actor: APPROVERS[0] ?? '',
    stage: 'center_review',
    decision: 'approve',
    reason: 'handover_failed',
  },
  { type: 'needs_attention', at: '2026-10-20T03:00:00Z', actor: 'workflow', error: 'States.TaskFailed' },
  { type: 'approval_reminded', at: '2026-10-22T00:00:00Z', actor: 'workflow', stage: 'hq_review', number: 1 },
  {
    type: 'approval_escalated',
    at: '2026-10-23T00:00:00Z',
    actor: 'workflow',
    stage: 'hq_review',
    toName: '고용정책실장',
  },
  {
    type: 'decided',
    at: '2026-10-24T00:00:00Z',
    actor: APPROVERS[1] ?? '',
    stage: 'hq_review',
    decision: 'approve',
  },
  {
    type: 'decided',
    at: '2026-10-25T00:00:00Z',
    actor: APPROVERS[2] ?? '',
    stage: 'minister_approval',
    decision: 'approve',
  },
  {
    type: 'ops_action',
    at: '2026-10-21T00:00:00Z',
    actor: 'operator@example.test',
    action: 'redrive_execution',
    executionArn: EXECUTION_ARN,
    outcome: 'failed',
    error: 'ExecutionNotRedrivable',
    reason: 'operator typed reason',
  },
];

const request: ApprovalRequest = {
  idHash: 'c'.repeat(64),
  nominationId: nomination.id,
  stage: 'hq_review',
  approver: { name: '고용서비스정책과', email: APPROVERS[1] ?? '' },
  taskToken: TASK_TOKEN,
  linkNonce: 'nonce-secret-value',
  createdAt: '2026-10-21T00:00:00Z',
  dueAt: '2026-11-04T00:00:00Z',
  expiresAt: '2026-11-07T00:00:00Z',
  status: 'open',
  purgeAt: 1_900_000_000,
};

/** What no JSON answer may ever contain. */
const FORBIDDEN = [
  ...APPROVERS,
  'operator@example.test',
  'arn:',
  TASK_TOKEN,
  'nonce-secret-value',
  'c'.repeat(64),
  'handover_failed',
  'not_taken',
  'StageConflict',
  'cannot move from',
  'States.TaskFailed',
  'ExecutionNotRedrivable',
  'operator typed reason',
  'intake/raw/key-1',
  'message-key-hash',
  'internalNote',
  'not for browsers',
  'purgeAt',
  '1900000000',
  'version',
];

function expectClean(answer: unknown): void {
  const text = JSON.stringify(answer);
  for (const secret of FORBIDDEN) expect(text).not.toContain(secret);
}

/* ------------------------------------------------------------------ JSON allow-lists */

describe('JSON answers are allow-lists', () => {
  it('status: the nomination and its history, without ARN, error causes, addresses of approvers or void reasons', () => {
    const answer = statusAnswer(nomination, history);
    expectClean(answer);
    expect(answer).toMatchObject({ id: nomination.id, status: 'hq_review' });
    expect(answer.nomination.needsAttention).toEqual({ at: '2026-10-21T02:00:00Z' });
    expect(answer.nomination.attachments).toEqual([{ filename: '공적조서.pdf', size: 1234 }]);
    expect(answer.nomination.channel).toBe('email');
  });

  it('shows each actor as a role: 추천 센터, 센터장, 본부 심사, 장관, 시스템', () => {
    const answers = historyAnswer(history);
    expect(answers.map((event) => [event.type, event.actor])).toEqual([
      ['submitted', '추천 센터'],
      ['stage_changed', '시스템'],
      ['decided', '센터장'],
      ['decision_voided', '센터장'],
      ['needs_attention', '시스템'],
      ['approval_reminded', '시스템'],
      ['approval_escalated', '시스템'],
      ['decided', '본부 심사'],
      ['decided', '장관'],
    ]);
    // Operators' actions are not for participants at all.
    expect(answers.some((event) => event.type === ('ops_action' as string))).toBe(false);
    expect(new Set(answers.map((event) => event.actor))).toEqual(
      new Set([
        ROLE_LABELS.center,
        ROLE_LABELS.center_head,
        ROLE_LABELS.hq,
        ROLE_LABELS.minister,
        ROLE_LABELS.system,
      ]),
    );
  });

  it('shows a voided decision only as one that did not count, and a failure without its error', () => {
    expect(eventAnswer(history[3] as AuditEvent)).toEqual({
      type: 'decision_voided',
      at: '2026-10-20T02:00:01Z',
      stage: 'center_review',
      decision: 'approve',
      counted: false,
      role: 'center_head',
      actor: '센터장',
    });
    expect(eventAnswer(history[4] as AuditEvent)).toEqual({
      type: 'needs_attention',
      at: '2026-10-20T03:00:00Z',
      role: 'system',
      actor: '시스템',
    });
    expect(eventAnswer(history[2] as AuditEvent)).toMatchObject({ comment: '추천합니다' });
  });

  it('approval, open: the request without token, nonce, hash or address; the file; the quota usage', () => {
    const view: ApprovalView = {
      open: true,
      request,
      nomination,
      history,
      quota: [{ key: 'individual', nomineeType: 'individual', limit: 32, awarded: 12, remaining: 20 }],
    };
    const answer = approvalAnswer(view);
    expectClean(answer);
    expect(answer.request).toEqual({
      stage: 'hq_review',
      status: 'open',
      expiresAt: request.expiresAt,
      dueAt: request.dueAt,
      approverRole: '본부 심사',
    });
    expect(answer).toMatchObject({
      nomination: { id: nomination.id },
      quota: [{ nomineeType: 'individual', limit: 32, awarded: 12, remaining: 20 }],
    });
  });

  it('approval, closed: only the notice and the decision on record, nothing of the file', () => {
    const view: ApprovalView = {
      open: false,
      request: {
        stage: 'minister_approval',
        status: 'decided',
        expiresAt: request.expiresAt,
        decision: 'reject',
        decidedAt: '2026-10-25T00:00:00Z',
        comment: '한도 초과',
      },
      closedReason: 'decided',
    };
    const answer = approvalAnswer(view);
    expect(answer).toEqual({
      request: {
        stage: 'minister_approval',
        status: 'decided',
        expiresAt: request.expiresAt,
        approverRole: '장관',
        decision: 'reject',
        decidedAt: '2026-10-25T00:00:00Z',
        comment: '한도 초과',
      },
      closed: '이미 결정이 처리된 링크입니다. 결정은 한 번만 할 수 있습니다.',
    });
  });

  it('decision: the nomination id only with a fresh decision, never for a used link', () => {
    const base = { nomination, stage: 'hq_review' as const, decision: 'approve' as const, decidedAt: 'x' };
    expect(decisionAnswer({ ...base, alreadyDecided: false })).toEqual({
      nominationId: nomination.id,
      stage: 'hq_review',
      decision: 'approve',
      decidedAt: 'x',
      alreadyDecided: false,
    });
    expect(JSON.stringify(decisionAnswer({ ...base, alreadyDecided: true }))).not.toContain(nomination.id);
  });

  it('draft: what the center wrote, its deadline and status, not the link hash or the nomination id', () => {
    const draft = {
      idHash: 'c'.repeat(64),
      nominationId: '2026-chosenbeforehand234',
      input: { ...(sampleNomination() as object), internalNote: 'not for browsers' },
      createdAt: '2026-10-20T00:00:00Z',
      expiresAt: '2026-10-23T00:00:00Z',
      status: 'pending',
    } as unknown as Draft;
    const answer = draftAnswer(draft, undefined);
    expectClean(answer);
    expect(JSON.stringify(answer)).not.toContain('2026-chosenbeforehand234');
    expect(answer.draft).toMatchObject({
      expiresAt: '2026-10-23T00:00:00Z',
      status: 'pending',
      cycle: '2026',
    });
    expect(draftAnswer(draft, '만료')).toMatchObject({ closed: '만료' });
  });
});

/* ------------------------------------------------------------------ cross-site refusal and the page token */

function event(headers: Record<string, string>, domainName = 'award.example.test'): HttpEvent {
  return { headers, requestContext: { domainName } } as unknown as HttpEvent;
}

describe('refuseCrossSite', () => {
  const host = 'award.example.test';
  it.each<[string, Record<string, string>]>([
    ['no browser headers (curl, a JSON client)', { host }],
    ['a same-origin form', { host, 'sec-fetch-site': 'same-origin', origin: `https://${host}` }],
    // Our pages send Referrer-Policy: no-referrer; with it browsers post our own forms with Origin: null.
    ['Origin: null vouched for by Sec-Fetch-Site', { host, 'sec-fetch-site': 'same-origin', origin: 'null' }],
    ['an old browser sending only Origin, our own', { host, origin: `https://${host}` }],
    ['header names in any case', { Host: host, 'Sec-Fetch-Site': 'same-origin', Origin: `https://${host}` }],
  ])('lets through %s', (_name, headers) => {
    expect(() => refuseCrossSite(event(headers))).not.toThrow();
  });

  it.each<[string, Record<string, string>]>([
    ['Sec-Fetch-Site: cross-site', { host, 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { host, 'sec-fetch-site': 'same-site' }],
    ['Sec-Fetch-Site: none', { host, 'sec-fetch-site': 'none' }],
    ['another Origin', { host, origin: 'https://evil.example' }],
    ['another port', { host, origin: `https://${host}:8443` }],
    ['a look-alike host', { host, origin: `https://${host}.evil.example` }],
    ['Origin: null without fetch metadata', { host, origin: 'null' }],
    ['a garbage Origin', { host, origin: 'not a url' }],
    ['a non-web Origin', { host, origin: `file://${host}` }],
    [
      'a cross-site Origin even with a same-origin claim',
      { host, 'sec-fetch-site': 'same-origin', origin: 'https://evil.example' },
    ],
  ])('refuses %s', (_name, headers) => {
    expect(() => refuseCrossSite(event(headers))).toThrow(Forbidden);
  });

  it('accepts the public address (a custom domain or CDN in front of the API)', () => {
    const behindCdn = event({
      host: 'abc123.execute-api.ap-northeast-2.amazonaws.com',
      origin: 'https://award.go.kr',
    });
    expect(() => refuseCrossSite(behindCdn)).toThrow(Forbidden);
    expect(() => refuseCrossSite(behindCdn, ['award.go.kr'])).not.toThrow();
  });
});

describe('the page token', () => {
  const link = 'A'.repeat(22) + 'b'.repeat(21);
  const token = pageToken(link, 'approval-decision');

  it('is bound to the page: another link or purpose gives another token', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pageToken(link, 'approval-decision')).toBe(token);
    expect(pageToken(`${link.slice(0, -1)}c`, 'approval-decision')).not.toBe(token);
    expect(pageToken(link, 'batch-decision')).not.toBe(token);
    // It reveals nothing of the link it is made from.
    expect(token).not.toContain(link.slice(0, 8));
  });

  it('is checked in constant time, refusing missing, wrong and non-string tokens', () => {
    expect(() => checkPageToken(link, 'approval-decision', token)).not.toThrow();
    for (const given of [
      undefined,
      '',
      'x',
      `${token}x`,
      token.slice(1),
      pageToken(link, 'other'),
      ['a'],
      42,
    ]) {
      expect(() => checkPageToken(link, 'approval-decision', given)).toThrow(Forbidden);
    }
  });
});

describe('a refused request is answered 403 in Korean, page or JSON', () => {
  function answer(error: Error, accept: string): HttpResult {
    const request = {
      event: { headers: { accept } } as unknown as HttpEvent,
      error,
      response: undefined as HttpResult | undefined,
    };
    (httpErrors.onError as (request: unknown) => void)(request);
    if (!request.response) throw new Error('no response');
    return request.response;
  }

  it.each(['cross-site', 'page-token'] as const)('%s', (reason) => {
    const json = answer(new Forbidden(reason), 'application/json');
    expect(json.statusCode).toBe(403);
    expect(JSON.parse(String(json.body)).message).toContain('아무것도 결정되지 않았습니다');
    const page = answer(new Forbidden(reason), 'text/html');
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('처리하지 않은 요청입니다');
    expect(page.body).toContain('받으신 메일의 링크로');
  });
});
