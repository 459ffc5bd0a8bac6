import cycle2026 from '../../config/cycle-2026.json';
import type { HttpEvent } from '../../functions/adapters/http';
import { randomIds } from '../../functions/adapters/random-ids';
import { postedBatch } from '../../functions/adapters/review-form';
import { type ApprovalRequest, approvalLinkId } from '../../functions/domain/approval';
import type { Cycle } from '../../functions/domain/cycle';
import { ValidationError } from '../../functions/domain/errors';
import type { WaitingNomination } from '../../functions/domain/ports';
import { quotaUsage } from '../../functions/domain/quota';
import {
  compareRows,
  DEFAULT_REVIEW_SORT,
  groupByCategory,
  isBatchStage,
  isDigestTime,
  isReviewLinkExpired,
  kstDay,
  MAX_BATCH_ROWS,
  parseReviewSort,
  type ReviewLink,
  reviewLinkExpiry,
  reviewLinkId,
  reviewRowState,
  validateBatchDecision,
} from '../../functions/domain/review-link';
import {
  type BatchResult,
  decodeCursor,
  encodeCursor,
  type ReviewPage,
  type ReviewRow,
} from '../../functions/use-cases/batch-review';
import { approvalRequestMail, reviewDigestMail } from '../../functions/views/mails';
import { fieldMessage, fieldMessages } from '../../functions/views/messages';
import {
  batchAnswer,
  renderBatchResult,
  renderReviewPage,
  reviewPageAnswer,
} from '../../functions/views/review-pages';

const DAY = 24 * 60 * 60 * 1000;
const cycle = cycle2026 as Cycle;
const now = new Date('2026-11-10T03:00:00Z');
const id = (n: number) => `2026-${'abcdefghijkmnpqrstu'}${'vwxyz23456789'[n % 13]}`;

function nomination(n: number, overrides: Partial<WaitingNomination> = {}): WaitingNomination {
  return {
    id: id(n),
    cycle: '2026',
    category: cycle.categories[n % 4]?.id ?? 'job-matching',
    nomineeType: n % 3 === 0 ? 'organization' : 'individual',
    nominee: { name: `후보${n}`, affiliation: '서울고용복지플러스센터', position: '주무관' },
    centerId: 'seoul',
    centerName: '서울고용복지플러스센터',
    meritSummary: `공적 ${n}`,
    meritPeriod: { from: '2026-01', to: '2026-10' },
    createdAt: new Date(now.getTime() - (20 - n) * 60_000).toISOString(),
    stage: 'hq_review',
    ...overrides,
  };
}

function request(overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    idHash: 'h',
    nominationId: id(1),
    stage: 'hq_review',
    approver: { name: '고용서비스정책과', email: 'hq.reviewer@example.test' },
    taskToken: 't',
    createdAt: now.toISOString(),
    dueAt: new Date(now.getTime() + 14 * DAY).toISOString(),
    expiresAt: new Date(now.getTime() + 21 * DAY).toISOString(),
    status: 'open',
    ...overrides,
  };
}

const link: ReviewLink = {
  idHash: 'x'.repeat(64),
  cycle: '2026',
  stage: 'hq_review',
  reviewer: { name: '고용서비스정책과', email: 'hq.reviewer@example.test' },
  linkNonce: 'n'.repeat(22),
  createdAt: now.toISOString(),
  expiresAt: new Date(now.getTime() + 21 * DAY).toISOString(),
};

describe('review links', () => {
  it('are derived under the link key with a purpose of their own (never an approval link)', () => {
    const key = new Uint8Array(32).fill(7);
    const nonce = 'a'.repeat(22);
    expect(reviewLinkId(key, nonce)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(reviewLinkId(key, nonce)).toBe(reviewLinkId(key, nonce));
    expect(reviewLinkId(key, nonce)).not.toBe(approvalLinkId(key, nonce));
  });

  it('exist for HQ and the minister only', () => {
    expect(isBatchStage('hq_review')).toBe(true);
    expect(isBatchStage('minister_approval')).toBe(true);
    expect(isBatchStage('center_review')).toBe(false);
    expect(isBatchStage('awarded')).toBe(false);
  });

  it('expire as long after a mail as a request opened then (review days plus escalation)', () => {
    expect(reviewLinkExpiry(now, cycle, 'hq_review').getTime() - now.getTime()).toBe(21 * DAY);
    expect(
      reviewLinkExpiry(now, { ...cycle, escalationDays: undefined }, 'minister_approval').getTime() -
        now.getTime(),
    ).toBe(14 * DAY);
    expect(isReviewLinkExpired(link, now)).toBe(false);
    expect(isReviewLinkExpired(link, new Date(Date.parse(link.expiresAt)))).toBe(true);
  });
});

describe('where a waiting row stands for the reviewer', () => {
  const reviewer = 'HQ.Reviewer@example.test';
  it.each([
    ['open', request()],
    [
      'delegated',
      request({ delegatedTo: { idHash: 'd', approver: { name: '사무관', email: 'o@example.test' } } }),
    ],
    ['expired', request({ expiresAt: now.toISOString() })],
    ['decided', request({ status: 'decided', decision: 'approve' })],
    ['closed', request({ status: 'void' })],
    ['closed', request({ status: 'superseded' })],
  ] as const)('%s', (state, given) => {
    expect(reviewRowState(given, reviewer, now)).toBe(state);
  });

  it('pending before any request, and not shown at all when addressed to someone else', () => {
    expect(reviewRowState(undefined, reviewer, now)).toBe('pending');
    expect(
      reviewRowState(request({ approver: { name: '다른', email: 'other@example.test' } }), reviewer, now),
    ).toBeUndefined();
  });
});

describe('sorting, grouping and paging', () => {
  const rows = [3, 1, 2, 7, 4, 5].map((n) => ({
    nomination: nomination(n),
    dueAt: new Date(now.getTime() + (10 - n) * DAY).toISOString(),
  }));

  it('reads the sort from the query, unknown values as the default', () => {
    expect(parseReviewSort('name', 'desc')).toEqual({ key: 'name', descending: true });
    expect(parseReviewSort('due', undefined)).toEqual({ key: 'due', descending: false });
    expect(parseReviewSort('<script>', 'sideways')).toEqual(DEFAULT_REVIEW_SORT);
    expect(parseReviewSort(['name'], 'desc')).toEqual({ key: 'received', descending: true });
  });

  it('groups by category in the cycle order and sorts within each group', () => {
    const groups = groupByCategory(cycle, rows, { key: 'received', descending: false });
    expect(groups.map((group) => group.categoryId)).toEqual(cycle.categories.map((c) => c.id));
    expect(groups.flatMap((group) => group.rows.map((row) => row.nomination.id))).toEqual(
      [4, 1, 5, 2, 3, 7].map(id),
    );
    const byDue = groupByCategory(cycle, rows, { key: 'due', descending: false });
    expect(byDue[0]?.rows.map((row) => row.nomination.id)).toEqual([id(4)]);
    expect(byDue[1]?.rows.map((row) => row.nomination.id)).toEqual([id(5), id(1)]);
  });

  it('sorts names by the Korean collation, descending on request, stable by receipt time', () => {
    const named = ['하늘', '가람', '나래', '가람'].map((name, n) => ({
      nomination: nomination(n, { category: 'job-matching', nominee: { name, affiliation: 'a' } }),
    }));
    const ascending = [...named].sort(compareRows({ key: 'name', descending: false }));
    expect(ascending.map((row) => row.nomination.nominee.name)).toEqual(['가람', '가람', '나래', '하늘']);
    expect((ascending[0]?.nomination.createdAt ?? '') < (ascending[1]?.nomination.createdAt ?? '')).toBe(
      true,
    );
    const descending = [...named].sort(compareRows({ key: 'name', descending: true }));
    expect(descending.map((row) => row.nomination.nominee.name)).toEqual(['하늘', '나래', '가람', '가람']);
  });

  it('keeps categories the cycle no longer names, last', () => {
    const groups = groupByCategory(
      cycle,
      [{ nomination: nomination(1, { category: 'retired' }) }, { nomination: nomination(2) }],
      DEFAULT_REVIEW_SORT,
    );
    expect(groups.map((group) => group.categoryId)).toEqual(['vocational-training', 'retired']);
  });

  it('reads the page cursor back as written, and anything else as the first page', () => {
    const cursor = {
      from: { createdAt: nomination(3).createdAt, id: id(3) },
      direction: 'after',
      page: 2,
    } as const;
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(cursor);
    expect(decodeCursor(encodeCursor({ ...cursor, direction: 'before', page: 7 }))).toMatchObject({
      direction: 'before',
      page: 7,
    });
    const forged = (raw: string) => Buffer.from(raw).toString('base64url');
    for (const hostile of [
      undefined,
      '',
      ['x'],
      '2',
      `${text}=`,
      'A'.repeat(201),
      forged(`a~0~${cursor.from.createdAt}~${id(3)}`),
      forged(`a~1e9~${cursor.from.createdAt}~${id(3)}`),
      forged(`c~2~${cursor.from.createdAt}~${id(3)}`),
      forged(`a~2~yesterday~${id(3)}`),
      forged(`a~2~${cursor.from.createdAt}~NOM#x`),
      forged(`a~2~${cursor.from.createdAt}~${id(3)}~extra`),
      forged(`a~2~${cursor.from.createdAt}~${id(3)}\u0000`),
    ])
      expect(decodeCursor(hostile)).toBeUndefined();
  });
});

describe('validateBatchDecision', () => {
  const ids = [id(1), id(2), id(3)];
  const fields = (input: Parameters<typeof validateBatchDecision>[0]) => {
    try {
      validateBatchDecision(input);
    } catch (error) {
      if (error instanceof ValidationError) return fieldMessages(error.fields, fieldMessage);
      throw error;
    }
    throw new Error('accepted');
  };

  it('accepts an approval of many, duplicates once, a single id as a string, no comment needed', () => {
    expect(validateBatchDecision({ ids: [...ids, id(1)], decision: 'approve', comment: '' })).toEqual({
      decision: 'approve',
      rows: ids.map((nominationId) => ({ nominationId })),
    });
    expect(validateBatchDecision({ ids: id(1), decision: 'approve', comment: undefined }).rows).toHaveLength(
      1,
    );
  });

  it('gives each row its own comment where there is one, the common one elsewhere', () => {
    const valid = validateBatchDecision({
      ids,
      decision: 'return',
      comment: ' 공통 사유 ',
      comments: { [id(2)]: '개별 사유', [id(3)]: ' \u200b ', 'not-selected': 'x' },
    });
    expect(valid.rows).toEqual([
      { nominationId: id(1), comment: '공통 사유' },
      { nominationId: id(2), comment: '개별 사유' },
      { nominationId: id(3), comment: '공통 사유' },
    ]);
  });

  it('refuses a rejection where a row has no reason (whitespace and zero-width count as none)', () => {
    expect(
      fields({ ids, decision: 'reject', comment: '\u200b\u3164 ', comments: { [id(1)]: '사유' } }),
    ).toEqual({
      comment: expect.stringContaining('사유 없는 선택 2건'),
    });
  });

  it('refuses no selection, malformed ids, too many rows and an unknown decision, in Korean', () => {
    expect(fields({ ids: [], decision: 'approve', comment: '' }).ids).toContain('하나 이상 선택');
    expect(fields({ ids: undefined, decision: 'approve', comment: '' }).ids).toContain('하나 이상 선택');
    expect(fields({ ids: ['../x'], decision: 'approve', comment: '' }).ids).toContain('올바르지 않습니다');
    expect(fields({ ids: [1, 2], decision: 'approve', comment: '' }).ids).toContain('올바르지 않습니다');
    const many = Array.from({ length: MAX_BATCH_ROWS + 1 }, () => randomIds.nominationId('2026'));
    expect(new Set(many).size).toBe(MAX_BATCH_ROWS + 1);
    expect(fields({ ids: many, decision: 'approve', comment: '' }).ids).toContain(`${MAX_BATCH_ROWS}건까지`);
    expect(fields({ ids, decision: 'maybe', comment: '' }).decision).toContain('승인, 반려, 보완 요청');
  });

  it('refuses a resident registration number in the common comment or in a row comment, under its field', () => {
    expect(fields({ ids, decision: 'approve', comment: '850101-2345678' }).comment).toContain('주민등록번호');
    expect(
      fields({ ids, decision: 'approve', comment: '', comments: { [id(2)]: '850101-2345678' } })[
        `comment.${id(2)}`
      ],
    ).toContain('주민등록번호');
  });
});

describe('daily digest timing', () => {
  it('counts days in KST and sends from 08:00 KST', () => {
    expect(kstDay(new Date('2026-11-09T14:59:59Z'))).toBe('2026-11-09');
    expect(kstDay(new Date('2026-11-09T15:00:00Z'))).toBe('2026-11-10');
    expect(isDigestTime(new Date('2026-11-09T22:59:59Z'))).toBe(false);
    expect(isDigestTime(new Date('2026-11-09T23:00:00Z'))).toBe(true);
    expect(isDigestTime(new Date('2026-11-09T15:00:00Z'), 0)).toBe(true);
  });
});

describe('postedBatch (the request body)', () => {
  const event = (body: string, type = 'application/x-www-form-urlencoded', base64 = false): HttpEvent =>
    ({
      headers: { 'content-type': type },
      body: base64 ? Buffer.from(body).toString('base64') : body,
      isBase64Encoded: base64,
    }) as unknown as HttpEvent;

  it('reads repeated checkboxes, the decision, the common and per-row comments and the token of a form', () => {
    const body = `formToken=tok&ids=${id(1)}&ids=${id(2)}&decision=reject&comment=%EA%B3%B5%ED%86%B5&comment.${id(2)}=%EA%B0%9C%EB%B3%84&__proto__=x&comment.__proto__=y`;
    const posted = postedBatch(event(body, 'application/x-www-form-urlencoded', true), {
      kind: 'form',
      value: {},
      fields: {},
    });
    expect(posted.ids).toEqual([id(1), id(2)]);
    expect(posted.decision).toBe('reject');
    expect(posted.comment).toBe('공통');
    expect(posted.formToken).toBe('tok');
    expect(posted.comments).toMatchObject({ [id(2)]: '개별' });
    expect(Object.getPrototypeOf(posted.comments)).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect([...posted.echo.selected]).toEqual([id(1), id(2)]);
  });

  it('reads JSON as posted', () => {
    const value = { ids: [id(1)], decision: 'approve', comment: 'ok', comments: { [id(1)]: 'a', bad: 3 } };
    const posted = postedBatch(event('', 'application/json'), { kind: 'json', value, fields: {} });
    expect(posted).toMatchObject({ ids: [id(1)], decision: 'approve', comment: 'ok', formToken: undefined });
    expect(posted.comments).toEqual({ [id(1)]: 'a' });
  });
});

/* ------------------------------------------------------------------ views */

function pageModel(rows: ReviewRow[], overrides: Partial<ReviewPage> = {}): ReviewPage {
  return {
    link,
    cycle,
    stage: 'hq_review',
    groups: groupByCategory(cycle, rows, DEFAULT_REVIEW_SORT),
    total: rows.length,
    decidable: rows.filter((row) => row.state === 'open').length,
    page: 1,
    pageCount: 1,
    pageSize: 100,
    sort: DEFAULT_REVIEW_SORT,
    quota: quotaUsage(cycle, { individual: 12 }),
    truncated: false,
    ...overrides,
  };
}

describe('the batch page', () => {
  const rows: ReviewRow[] = [
    {
      nomination: nomination(1, { nominee: { name: '<b>김</b>', affiliation: '"센터"' } }),
      state: 'open',
      dueAt: link.expiresAt,
    },
    { nomination: nomination(2), state: 'delegated', delegatedToName: '사무관' },
    { nomination: nomination(3), state: 'pending' },
  ];

  it('escapes what people wrote, ticks nothing by default, and decidable rows only can be ticked', () => {
    const html = renderReviewPage({ page: pageModel(rows), actionUrl: '/reviews/x', formToken: 'tok' });
    expect(html).toContain('&lt;b&gt;김&lt;/b&gt;');
    expect(html).not.toContain('<b>김</b>');
    expect(html).toContain('&quot;센터&quot;');
    expect(html).not.toContain('<script');
    expect(html).toContain('name="formToken" value="tok"');
    expect(html).toContain(`name="ids" value="${id(1)}" id="pick-${id(1)}">`);
    expect(html).toContain(`name="ids" value="${id(2)}" id="pick-${id(2)}" disabled>`);
    expect(html).toContain('위임됨 (사무관)');
    expect(html).toContain('요청 준비 중');
    expect(html).toContain('개인 12/32명 (남은 20명)');
    expect(html).toContain('<details><summary>공적요지</summary>');
    expect(html).not.toContain('hq.reviewer@example.test');
  });

  it('ticks the decidable rows of all or of one category on request, and keeps what was posted after an error', () => {
    const all = renderReviewPage({ page: pageModel(rows), actionUrl: '/r', formToken: 't', select: 'all' });
    expect(all).toContain(`id="pick-${id(1)}" checked`);
    expect(all).not.toContain(`id="pick-${id(2)}" checked`);
    const unknown = renderReviewPage({
      page: pageModel(rows),
      actionUrl: '/r',
      formToken: 't',
      select: '"><x',
    });
    expect(unknown).not.toContain('checked');
    expect(unknown).not.toContain('"><x');
    const refused = renderReviewPage({
      page: pageModel(rows),
      actionUrl: '/r',
      formToken: 't',
      refused: {
        errors: {
          comment: { code: 'worded', text: '사유를 입력해 주세요' },
          [`comment.${id(1)}`]: { code: 'worded', text: '주민등록번호' },
        },
        comment: '<공통>',
        comments: { [id(1)]: '<개별>' },
        selected: new Set([id(1)]),
      },
    });
    expect(refused).toContain('role="alert"');
    expect(refused).toContain(`id="pick-${id(1)}" checked`);
    expect(refused).toContain('&lt;공통&gt;</textarea>');
    expect(refused).toContain('&lt;개별&gt;</textarea>');
    expect(refused).toContain('<details class="own-comment" open>');
  });

  it('says so when nothing waits, and offers no decision buttons', () => {
    const html = renderReviewPage({ page: pageModel([]), actionUrl: '/r', formToken: 't' });
    expect(html).toContain('결정을 기다리는 추천서가 없습니다');
    expect(html).not.toContain('value="approve"');
    // Nor does it tell the reviewer to press buttons that are not there.
    expect(html).not.toContain('버튼을 눌러야');
  });

  it('pages by cursors: first, previous and next links that keep the sort, selections of this page only', () => {
    const next = encodeCursor({
      from: { createdAt: nomination(3).createdAt, id: id(3) },
      direction: 'after',
      page: 4,
    });
    const previous = encodeCursor({
      from: { createdAt: nomination(1).createdAt, id: id(1) },
      direction: 'before',
      page: 2,
    });
    const page = pageModel(rows, {
      total: 230,
      page: 3,
      pageCount: 5,
      next,
      previous,
      sort: { key: 'name', descending: true },
    });
    const html = renderReviewPage({ page, actionUrl: '/r', formToken: 't', cursor: 'here_1', select: 'all' });
    expect(html).toContain('쪽 <strong aria-current="page">3</strong> / 5');
    expect(html).toContain('href="?sort=name&amp;order=desc&amp;select=all">처음');
    expect(html).toContain(
      `href="?sort=name&amp;order=desc&amp;cursor=${previous}&amp;select=all" rel="prev">이전 쪽`,
    );
    expect(html).toContain(
      `href="?sort=name&amp;order=desc&amp;cursor=${next}&amp;select=all" rel="next">다음 쪽`,
    );
    expect(html).toContain('정렬은 쪽 안에서 적용됩니다');
    // The selections tick what this page shows, and keep its place; another sort starts again.
    expect(html).toContain(
      'href="?sort=name&amp;order=desc&amp;cursor=here_1&amp;select=all">이 쪽의 결정 가능한 추천서 모두 선택',
    );
    expect(html).toContain(
      `cursor=here_1&amp;select=${cycle.categories[1]?.id}">이 분야의 결정 가능한 추천서 모두 선택 (이 쪽)`,
    );
    expect(html).toContain('href="?sort=due&amp;order=asc&amp;select=all"');
    expect(html).toContain('이 쪽에서 지금 결정할 수 있는 추천서 1건');
    // A cursor that is not one is not echoed.
    const odd = renderReviewPage({ page, actionUrl: '/r', formToken: 't', cursor: '"><x' });
    expect(odd).not.toContain('cursor=%22');
    expect(odd).not.toContain('"><x');
    // Page 2 goes back to the first page without a cursor; a page emptied meanwhile says so.
    const second = renderReviewPage({
      page: pageModel(rows, { total: 230, page: 2, pageCount: 5, previous: '' }),
      actionUrl: '/r',
      formToken: 't',
    });
    expect(second).toContain('href="?sort=received&amp;order=asc" rel="prev">이전 쪽');
    const emptied = renderReviewPage({
      page: pageModel([], { total: 3, page: 2, pageCount: 2, previous: '' }),
      actionUrl: '/r',
      formToken: 't',
    });
    expect(emptied).toContain('이 쪽에는 표시할 추천서가 없습니다');
    expect(emptied).not.toContain('결정을 기다리는 추천서가 없습니다');
    // The JSON answer carries the cursors as they are.
    expect(reviewPageAnswer(page)).toMatchObject({ page: 3, pageCount: 5, next, previous });
  });

  it('answers JSON through an allow-list: no addresses, nonce, hash or request internals', () => {
    const answer = reviewPageAnswer(pageModel(rows));
    const text = JSON.stringify(answer);
    for (const secret of ['example.test', link.linkNonce, link.idHash, 'taskToken', 'delegatedToName'])
      expect(text).not.toContain(secret);
    expect(answer.review).toEqual({
      cycle: '2026',
      stage: 'hq_review',
      reviewerRole: '본부 심사',
      expiresAt: link.expiresAt,
    });
    expect(answer.categories[0]?.nominations[0]).toMatchObject({ id: id(1), state: 'open' });
  });
});

describe('the batch result', () => {
  const counter = { key: 'individual', limit: 32, nomineeType: 'individual' as const };
  const result: BatchResult = {
    link,
    cycle,
    stage: 'minister_approval',
    decision: 'approve',
    results: [
      { nominationId: id(1), outcome: 'done', decision: 'approve', decidedAt: now.toISOString() },
      {
        nominationId: id(2),
        outcome: 'already_decided',
        decision: 'reject',
        decidedAt: now.toISOString(),
      },
      { nominationId: id(3), outcome: 'beyond_quota', quota: { counter, awarded: 32 } },
      { nominationId: id(4), outcome: 'closed', closedReason: 'delegated' },
      { nominationId: id(5), outcome: 'not_found' },
      { nominationId: id(6), outcome: 'failed', error: 'TransientError' },
      { nominationId: id(7), outcome: 'not_attempted' },
    ],
  };

  it('shows every row with its outcome and the numbers of a full quota', () => {
    const html = renderBatchResult({ result, backUrl: '/reviews/x' });
    for (const label of [
      '처리 완료',
      '이미 처리됨',
      '수상 한도 초과',
      '결정할 수 없음',
      '찾을 수 없음',
      '일시 오류',
      '처리하지 않음',
    ])
      expect(html).toContain(label);
    expect(html).toContain('개인 부문 수상 한도 32명이 모두 찼습니다 (32/32)');
    expect(html).toContain('‘반려’로 처리된');
    expect(html).toContain('href="/reviews/x"');
    expect(html).not.toContain('TransientError');
  });

  it('answers JSON with counts and outcomes only', () => {
    const answer = batchAnswer(result);
    expect(answer.counts).toEqual({
      done: 1,
      already_decided: 1,
      beyond_quota: 1,
      closed: 1,
      not_found: 1,
      failed: 1,
      not_attempted: 1,
    });
    expect(answer.results[2]).toEqual({
      nominationId: id(3),
      outcome: 'beyond_quota',
      message: expect.stringContaining('(32/32)'),
    });
    expect(JSON.stringify(answer)).not.toContain('TransientError');
  });
});

describe('mails', () => {
  const base = {
    nomination: {
      ...nomination(1),
      meritDetails: '',
      priorAwards: '-',
      disciplinaryHistory: false,
      consent: true,
      submitter: { name: '박', email: 'a@example.test' },
      version: 1,
      updatedAt: now.toISOString(),
    },
    cycle,
    stage: 'hq_review' as const,
    approver: link.reviewer,
    link: 'http://localhost:3000/approvals/abc',
    dueAt: now.toISOString(),
    expiresAt: now.toISOString(),
  };

  it('an HQ or minister approval mail carries the batch review link after the approval link', () => {
    const mail = approvalRequestMail({ ...base, reviewLink: 'http://localhost:3000/reviews/xyz' });
    expect(mail.text.indexOf('/approvals/abc')).toBeLessThan(mail.text.indexOf('/reviews/xyz'));
    expect(mail.text).toContain('일괄 심사 페이지 열기');
    expect(mail.html).toContain('href="http://localhost:3000/reviews/xyz"');
    expect(approvalRequestMail(base).text).not.toContain('/reviews/');
  });

  it('the digest counts by category and type, gives the earliest due date, quotas and the link', () => {
    const mail = reviewDigestMail({
      cycle,
      stage: 'minister_approval',
      reviewer: { name: '장관실', email: 'm@example.test' },
      link: 'http://localhost:3000/reviews/xyz',
      linkExpiresAt: link.expiresAt,
      day: '2026-11-10',
      waiting: [
        { category: 'job-matching', nomineeType: 'individual', dueAt: '2026-11-20T00:00:00Z' },
        { category: 'job-matching', nomineeType: 'organization', dueAt: '2026-11-15T00:00:00Z' },
        { category: 'insurance-integrity', nomineeType: 'individual' },
      ],
      quota: quotaUsage(cycle, { individual: 30 }),
    });
    expect(mail.subject).toBe('[고용서비스상] 장관 승인 대기 현황 (11월 10일): 3건');
    expect(mail.text).toContain('- 수요자 맞춤형 취업·채용지원 서비스: 개인 1명, 기관 1곳');
    expect(mail.text).toContain('- 건전한 고용보험사업 운영: 개인 1명, 기관 0곳');
    expect(mail.text).not.toContain('지역·산업 맞춤형 고용서비스:');
    expect(mail.text).toContain('가장 이른 처리 기한: 2026년 11월 15일 09:00 (KST)');
    expect(mail.text).toContain('개인 30/32명 (남은 2명)');
    expect(mail.text).toContain('http://localhost:3000/reviews/xyz');
  });
});
