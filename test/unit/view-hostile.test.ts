/**
 * Every page and mail template, rendered with hostile input: script tags, attribute breakers,
 * 10,000-character names, control characters, bidi overrides and lone surrogates. The HTML must stay
 * well formed with the input escaped; text parts and subjects must stay clean. The list of templates
 * is read from the modules under functions/views/pages and functions/views/mails: a template added
 * there without a case here fails this test.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { buildMime } from '../../functions/adapters/mime';
import type { ApprovalRequest } from '../../functions/domain/approval';
import type { CorrectionRequest } from '../../functions/domain/correction';
import type { Cycle, Directory, Person } from '../../functions/domain/cycle';
import type { Draft } from '../../functions/domain/draft';
import type { AuditEvent, Nomination } from '../../functions/domain/nomination';
import type { QuotaUsage } from '../../functions/domain/quota';
import type { ReviewLink } from '../../functions/domain/review-link';
import type { BatchResult, ReviewPage } from '../../functions/use-cases/batch-review';
import * as mails from '../../functions/views/mails';
import type { RenderedMail } from '../../functions/views/mails/render-mail';
import { fieldMessage, fieldMessages } from '../../functions/views/messages';

const CONTROLS = Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)).join('');
const SCRIPT = '<script>alert(1)</script>';
const BREAKOUT = `"'><img src=x onerror=alert(1)>`;
/** Everything at once: tags, quote breakers, a backtick, controls, bidi override, lone surrogates. */
const EVIL = `${SCRIPT}${BREAKOUT}\`${CONTROLS}\u202e\ud800x\udfffy&amp;`;
const LONG = `${EVIL}${'가'.repeat(10_000)}`;
const person = (name: string): Person => ({ name, email: `${EVIL}@example.test` });

const cycle: Cycle = {
  year: '2023',
  title: EVIL,
  categories: [
    { id: 'job-matching', name: EVIL, nameEn: EVIL },
    { id: EVIL, name: LONG, nameEn: EVIL },
  ],
  quotas: { organization: 4, individual: 32 },
  submissionOpens: '2023-08-31T15:00:00Z',
  submissionDeadline: '2023-10-31T14:59:59Z',
  reviewDays: { center_review: 14, hq_review: 14, minister_approval: 14 },
  minServiceYears: 1,
  draftConfirmationHours: 72,
  retentionDays: 1826,
};

const directory: Directory = {
  mailFrom: 'office@example.test',
  intakeAddress: 'nominations@example.test',
  centers: [
    { id: EVIL, name: LONG, nominatingAddresses: ['a@example.test'], head: person(EVIL) },
    { id: 'seoul', name: EVIL, nominatingAddresses: ['b@example.test'], head: person(EVIL) },
  ],
  hqReviewer: person(EVIL),
  ministerOffice: person(EVIL),
};

function nomination(overrides: Partial<Nomination> = {}): Nomination {
  return {
    id: EVIL,
    cycle: '2023',
    category: 'job-matching',
    nomineeType: 'individual',
    nominee: { name: LONG, affiliation: EVIL, position: EVIL, email: EVIL, serviceYears: 6 },
    meritPeriod: { from: EVIL, to: '2023-12' },
    meritSummary: LONG,
    meritDetails: EVIL,
    priorAwards: EVIL,
    disciplinaryHistory: false,
    consent: true,
    centerId: EVIL,
    centerName: EVIL,
    submitter: { name: EVIL, email: EVIL },
    stage: 'center_review',
    version: 2,
    createdAt: '2023-10-20T01:00:00Z',
    updatedAt: EVIL,
    attachments: [{ filename: EVIL, size: 12345, key: 'k', contentType: 'text/plain' }] as never,
    revisions: [
      {
        round: 1,
        at: '2023-10-21T01:00:00Z',
        returnedAt: 'center_review',
        note: EVIL,
        changes: [
          { field: 'meritSummary', before: EVIL },
          { field: 'nominee.name', before: LONG },
        ],
      },
    ],
    needsAttention: { at: EVIL } as never,
    ...overrides,
  };
}

const history: AuditEvent[] = [
  { type: 'submitted', at: EVIL, actor: EVIL },
  {
    type: 'decided',
    at: '2023-10-21T01:00:00Z',
    actor: EVIL,
    stage: 'center_review',
    decision: 'return',
    comment: EVIL,
  } as AuditEvent,
  {
    type: 'correction_requested',
    at: '2023-10-21T01:00:00Z',
    actor: EVIL,
    stage: 'center_review',
    round: 1,
    comment: EVIL,
  } as AuditEvent,
  {
    type: 'corrected',
    at: '2023-10-22T01:00:00Z',
    actor: EVIL,
    stage: 'center_review',
    round: 1,
    fields: [EVIL, 'meritSummary'],
  },
  { type: 'approval_delegated', at: EVIL, actor: EVIL, stage: 'center_review', toName: EVIL } as AuditEvent,
];

const approval: ApprovalRequest = {
  idHash: 'f'.repeat(64),
  nominationId: EVIL,
  stage: 'center_review',
  approver: person(LONG),
  taskToken: 'secret',
  createdAt: '2023-10-20T01:00:05Z',
  expiresAt: '2023-11-03T05:05:00Z',
  status: 'open',
};

const correction: CorrectionRequest = {
  idHash: 'e'.repeat(64),
  nominationId: EVIL,
  round: 1,
  returnedAt: 'hq_review',
  comment: LONG,
  taskToken: 'secret',
  createdAt: '2023-10-21T01:00:00Z',
  expiresAt: EVIL,
  status: 'open',
};

const quota: QuotaUsage[] = [
  { key: 'individual', limit: 32, nomineeType: 'individual', awarded: 3, remaining: 29 },
  {
    key: EVIL,
    limit: 2,
    nomineeType: 'organization',
    categoryId: 'job-matching',
    categoryName: EVIL,
    awarded: 2,
    remaining: 0,
  },
];

const link: ReviewLink = {
  idHash: 'd'.repeat(64),
  cycle: '2023',
  stage: 'hq_review',
  reviewer: person(LONG),
  linkNonce: 'n',
  createdAt: '2023-10-20T01:00:00Z',
  expiresAt: '2023-11-20T01:00:00Z',
};

const reviewPage: ReviewPage = {
  link,
  cycle,
  stage: 'hq_review',
  groups: [
    {
      categoryId: EVIL,
      rows: [
        { nomination: nomination(), state: 'open', dueAt: EVIL },
        { nomination: nomination({ id: `${EVIL}2` }), state: 'delegated', delegatedToName: EVIL },
      ],
    },
  ],
  total: 2,
  decidable: 1,
  page: 1,
  pageCount: 3,
  pageSize: 1,
  sort: { key: 'name', descending: true },
  quota,
  truncated: true,
};

const batchResult: BatchResult = {
  link,
  cycle,
  stage: 'minister_approval',
  decision: 'reject',
  results: [
    { nominationId: EVIL, outcome: 'done', nomination: nomination(), decision: 'reject' },
    { nominationId: EVIL, outcome: 'already_decided', decision: 'approve', decidedAt: EVIL },
    { nominationId: EVIL, outcome: 'beyond_quota', quota: { counter: quota[0] as QuotaUsage, awarded: 2 } },
    { nominationId: EVIL, outcome: 'closed', closedReason: 'delegated' },
    { nominationId: EVIL, outcome: 'not_found' },
  ],
};

const draft: Draft = {
  idHash: 'c'.repeat(64),
  nominationId: EVIL,
  input: nomination(),
  createdAt: '2023-10-20T01:00:00Z',
  expiresAt: EVIL,
  status: 'pending',
} as Draft;

/** Field problems worded as they came: hostile text through every page that shows field errors. */
const worded = (text: string) => ({ code: 'worded', text }) as const;
const errors = {
  [EVIL]: worded(EVIL),
  'nominee.name': worded(LONG),
  comment: worded(EVIL),
  delegate: worded(EVIL),
  note: worded(EVIL),
  _: worded(EVIL),
};
const values = Object.fromEntries(
  ['category', 'nomineeType', 'nominee.name', 'meritSummary', 'centerId', 'consent', EVIL].map((key) => [
    key,
    EVIL,
  ]),
);
const url = `https://example.test/${EVIL}`;

/** The pages: each template by its exported name, rendered with hostile input. */
const PAGES: Record<string, () => string> = {
  renderNominationForm: () =>
    `${views.pages.renderNominationForm({ cycle, directory, values, errors })}${views.pages.renderNominationForm({ cycle, directory, closed: true })}`,
  renderSubmitted: () => views.pages.renderSubmitted({ nomination: nomination(), cycle, notice: EVIL }),
  renderAlreadySubmitted: () => views.pages.renderAlreadySubmitted(),
  renderStatus: () =>
    ['correction_requested', 'rejected', 'awarded']
      .map((stage) =>
        views.pages.renderStatus({
          nomination: nomination({ stage: stage as Nomination['stage'] }),
          history,
          cycle,
        }),
      )
      .join(''),
  renderDraftSent: () =>
    views.pages.renderDraftSent({ centerName: LONG, expiresAt: EVIL, alreadyPending: false }),
  renderDraft: () =>
    `${views.pages.renderDraft({ draft, cycle, centerName: LONG, actionUrl: url })}${views.pages.renderDraft({ draft, cycle, centerName: EVIL, actionUrl: url, closedMessage: EVIL })}`,
  renderDraftConfirmed: () =>
    views.pages.renderDraftConfirmed({
      outcome: 'created',
      nomination: nomination(),
      cycle,
      alreadyConfirmed: true,
    }),
  renderError: () =>
    views.error.renderError({
      status: 422,
      title: EVIL,
      message: LONG,
      errors: fieldMessages(errors, fieldMessage),
    }),
  renderApproval: () =>
    views.approval.renderApproval({
      request: approval,
      nomination: nomination(),
      history,
      cycle,
      actionUrl: url,
      formToken: EVIL,
      quota,
      refused: { errors, comment: EVIL },
      delegation: { actionUrl: url, formToken: EVIL, delegates: [person(LONG), person(EVIL)], errors },
    }),
  renderApprovalClosed: () =>
    views.approval.renderApprovalClosed({
      request: {
        stage: 'hq_review',
        status: 'delegated',
        expiresAt: EVIL,
        delegatedToName: EVIL,
        decision: 'reject',
        decidedAt: EVIL,
        comment: LONG,
      },
      closedReason: 'delegated',
    }),
  renderDecided: () =>
    `${views.approval.renderDecided({ nomination: nomination(), stage: 'hq_review', decision: 'return', comment: LONG, decidedAt: EVIL, alreadyDecided: false })}${views.approval.renderDecided({ nomination: nomination(), stage: 'hq_review', decision: 'return', decidedAt: EVIL, alreadyDecided: true })}`,
  renderReviewPage: () =>
    `${views.review.renderReviewPage({ page: reviewPage, actionUrl: url, formToken: EVIL, select: EVIL })}${views.review.renderReviewPage(
      {
        page: reviewPage,
        actionUrl: url,
        formToken: EVIL,
        refused: {
          errors: { ...errors, [`comment.${EVIL}`]: worded(EVIL) },
          comment: EVIL,
          comments: { [EVIL]: LONG },
          selected: new Set([EVIL]),
        },
      },
    )}`,
  renderBatchResult: () => views.review.renderBatchResult({ result: batchResult, backUrl: url }),
  renderCorrectionForm: () =>
    views.correction.renderCorrectionForm({
      request: correction,
      nomination: nomination(),
      cycle,
      directory,
      actionUrl: url,
      formToken: EVIL,
      maxRounds: 2,
      values,
      errors,
      note: LONG,
    }),
  renderCorrectionPreview: () =>
    views.correction.renderCorrectionPreview({
      request: correction,
      nomination: nomination(),
      cycle,
      actionUrl: url,
      formToken: EVIL,
      values: { ...values, [EVIL]: LONG },
      changes: [
        { field: 'meritSummary', before: EVIL, after: LONG },
        { field: 'category', before: EVIL, after: EVIL },
      ],
      note: EVIL,
    }),
  renderCorrected: () =>
    views.correction.renderCorrected({
      nomination: nomination(),
      cycle,
      request: correction,
      changes: [{ field: 'nominee.name', before: EVIL, after: LONG }],
    }),
  renderCorrectionClosed: () =>
    views.correction.renderCorrectionClosed({
      reason: 'used',
      round: 2,
      returnedAt: 'minister_approval',
      usedAt: EVIL,
    }),
  renderDelegated: () =>
    views.delegation.renderDelegated({
      stage: 'minister_approval',
      delegate: person(LONG),
      dueAt: EVIL,
      alreadyDelegated: false,
    }),
};

/** The mails, likewise. */
const MAILS: Record<string, () => RenderedMail[]> = {
  approvalRequestMail: () =>
    (
      [
        { kind: 'request' },
        { kind: 'reminder', number: 2 },
        { kind: 'escalation', originalApprover: person(EVIL) },
        { kind: 'delegation', from: person(LONG) },
      ] as const
    ).map((why) =>
      mails.approvalRequestMail({
        nomination: nomination(),
        cycle,
        stage: 'hq_review',
        approver: person(LONG),
        link: url,
        dueAt: EVIL,
        expiresAt: '2023-11-03T05:05:00Z',
        why,
        reviewLink: url,
      }),
    ),
  reviewDigestMail: () => [
    mails.reviewDigestMail({
      cycle,
      stage: 'hq_review',
      reviewer: person(LONG),
      link: url,
      linkExpiresAt: EVIL,
      day: EVIL,
      waiting: [
        { category: EVIL, nomineeType: 'individual', dueAt: EVIL },
        { category: 'job-matching', nomineeType: 'organization' },
      ],
      quota,
    }),
  ],
  awardedMail: () => [
    mails.awardedMail({ nomination: nomination(), cycle, certificateAttached: true }),
    mails.awardedMail({
      nomination: nomination({ nomineeType: 'organization' }),
      cycle,
      certificateAttached: false,
    }),
  ],
  cycleResultsMail: () => [
    mails.cycleResultsMail({
      cycle,
      centerName: EVIL,
      rows: [
        {
          nominationId: EVIL,
          nomineeName: LONG,
          nomineeType: 'individual',
          category: EVIL,
          outcome: 'awarded',
          statusUrl: url,
        },
        {
          nominationId: 'n-2',
          nomineeName: EVIL,
          nomineeType: 'organization',
          category: 'job-matching',
          outcome: 'returned',
          statusUrl: url,
        },
      ],
    }),
  ],
  rejectedMail: () => [
    mails.rejectedMail({
      nomination: nomination(),
      cycle,
      stage: 'hq_review',
      comment: LONG,
      statusUrl: url,
    }),
  ],
  returnedMail: () => [
    mails.returnedMail({
      nomination: nomination(),
      cycle,
      comment: EVIL,
      statusUrl: `https://x.test/nominations/${EVIL}`,
      formUrl: `https://x.test/${EVIL}`,
    }),
  ],
  receiptMail: () => [mails.receiptMail({ nomination: nomination(), cycle, statusUrl: url })],
  draftConfirmationMail: () => [mails.draftConfirmationMail({ draft, cycle, centerName: LONG, link: url })],
  intakeProblemsMail: () => [
    mails.intakeProblemsMail({
      subject: LONG,
      problems: [{ code: 'template', label: EVIL, text: LONG }],
      template: EVIL,
    }),
  ],
  unregisteredSenderMail: () => [mails.unregisteredSenderMail({ intakeAddress: EVIL })],
  correctionRequestMail: () => [
    mails.correctionRequestMail({
      nomination: nomination(),
      cycle,
      centerName: LONG,
      stage: 'minister_approval',
      round: 2,
      maxRounds: 2,
      comment: EVIL,
      link: url,
      expiresAt: EVIL,
    }),
  ],
};

/* The modules, loaded after the fixtures so that the list above reads first. */
const views = {
  pages: require('../../functions/views/pages') as typeof import('../../functions/views/pages'),
  error: require('../../functions/views/pages/error') as typeof import('../../functions/views/pages/error'),
  approval:
    require('../../functions/views/approval-pages') as typeof import('../../functions/views/approval-pages'),
  review:
    require('../../functions/views/review-pages') as typeof import('../../functions/views/review-pages'),
  correction:
    require('../../functions/views/correction-pages') as typeof import('../../functions/views/correction-pages'),
  delegation:
    require('../../functions/views/delegation-pages') as typeof import('../../functions/views/delegation-pages'),
};

/** Every exported template of the views: `render*` of views/pages/*, `*Mail` of views/mails/*. */
function exportedTemplates(dir: string, pattern: RegExp): string[] {
  const root = path.resolve(__dirname, '../../functions/views', dir);
  return readdirSync(root)
    .filter((file) => file.endsWith('.ts') && file !== 'render-mail.ts')
    .flatMap((file) =>
      Object.entries(require(path.join(root, file)) as Record<string, unknown>)
        .filter(([name, value]) => typeof value === 'function' && pattern.test(name))
        .map(([name]) => name),
    )
    .sort();
}

const VOID = new Set(['meta', 'input', 'br', 'hr', 'link']);
const ALLOWED_TAGS = new Set(
  'html head meta title style body a header p main footer h1 h2 h3 div span strong dl dt dd ul ol li table caption thead tbody tr th td form input label textarea select option button fieldset legend section nav details summary blockquote br hr'.split(
    ' ',
  ),
);
const NOT_ALLOWED_IN_HTML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A small tokenizer: tags balanced and known, attributes double-quoted and not event handlers, no stray `<`. */
function assertWellFormed(document: string): void {
  expect(document.startsWith('<!DOCTYPE html>\n')).toBe(true);
  expect(document).not.toMatch(NOT_ALLOWED_IN_HTML);
  const body = document.slice('<!DOCTYPE html>'.length).replace(/<style>[^<]*<\/style>/g, '<style></style>');
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z][a-zA-Z-]*(?:="[^"<>`]*")?)*)\s*>/g;
  let last = 0;
  for (let match = tag.exec(body); match; match = tag.exec(body)) {
    const between = body.slice(last, match.index);
    // Text between tags: no markup characters, every & an entity.
    expect(between).not.toMatch(/[<>]/);
    expect(between).not.toMatch(/&(?!(?:amp|lt|gt|quot|#39|#96);)/);
    last = tag.lastIndex;
    const [, closing, rawName = '', attributes = ''] = match;
    const name = rawName.toLowerCase();
    expect(ALLOWED_TAGS).toContain(name);
    for (const attribute of attributes.matchAll(/([a-zA-Z-]+)(?:="([^"]*)")?/g)) {
      expect(attribute[1]?.toLowerCase()).not.toMatch(/^on/);
      expect(attribute[2] ?? '').not.toMatch(/&(?!(?:amp|lt|gt|quot|#39|#96);)/);
    }
    if (VOID.has(name)) continue;
    if (closing) expect(stack.pop()).toBe(name);
    else stack.push(name);
  }
  expect(body.slice(last)).not.toMatch(/[<>]/);
  expect(stack).toEqual([]);
  expect(document).not.toMatch(/<script|<img|onerror=alert\(1\)>/i);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const NOT_IN_SUBJECT = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const NOT_IN_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function assertCleanMail(mail: RenderedMail): void {
  assertWellFormed(mail.html);
  expect(mail.subject).not.toMatch(NOT_IN_SUBJECT);
  expect(mail.text).not.toMatch(NOT_IN_TEXT);
  expect(mail.text).not.toMatch(NOT_ALLOWED_IN_HTML);
}

describe('every template has a hostile-input case', () => {
  it('pages: the render* exports of views/pages/*', () => {
    expect(exportedTemplates('pages', /^render[A-Z]/)).toEqual(Object.keys(PAGES).sort());
  });
  it('mails: the *Mail exports of views/mails/*', () => {
    expect(exportedTemplates('mails', /Mail$/)).toEqual(Object.keys(MAILS).sort());
  });
});

describe.each(Object.entries(PAGES))('page %s with hostile input', (name, render) => {
  it('stays well formed, with the input escaped', () => {
    const document = render();
    for (const part of document.split(/(?=<!DOCTYPE html>)/)) assertWellFormed(part);
    if (name !== 'renderAlreadySubmitted')
      expect(document).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe.each(Object.entries(MAILS))('mail %s with hostile input', (_name, render) => {
  it('has a clean subject and text part and a well-formed HTML part', () => {
    for (const mail of render()) {
      assertCleanMail(mail);
      expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(mail.text).toContain(SCRIPT);
    }
  });

  it('goes out as raw MIME that mailparser reads back to the same subject, text and HTML', async () => {
    for (const mail of render()) {
      const raw = buildMime(
        { to: ['center@example.test'], ...mail, senderName: `${EVIL}고용서비스상 사무국` },
        { address: 'award-office@example.test' },
      );
      for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
      const parsed = await simpleParser(raw);
      expect(parsed.subject).toBe(mail.subject);
      expect(parsed.text).toBe(mail.text);
      expect(parsed.html).toBe(mail.html);
      expect(parsed.from?.value[0]?.address).toBe('award-office@example.test');
      expect(parsed.headers.has('bcc')).toBe(false);
    }
  });
});

describe('the receipt mail', () => {
  it('names the nomination number once', () => {
    const mail = mails.receiptMail({
      nomination: nomination({ id: '2023-abcdefghijkmnpqrstuv' }),
      cycle,
      statusUrl: 'https://example.test/nominations/x',
    });
    expect(mail.text.split('추천번호').length - 1).toBe(1);
    expect(mail.html.split('추천번호').length - 1).toBe(1);
  });
});

describe('the well-formedness check itself', () => {
  const page = (body: string) => `<!DOCTYPE html>\n<html><body>${body}</body></html>`;
  it.each([
    ['an unclosed element', '<p><strong>x</p>'],
    ['a script element', '<script>alert(1)</script>'],
    ['an event handler', '<p onclick="x">y</p>'],
    ['an unquoted attribute', '<p class=x>y</p>'],
    ['an attribute broken out of', '<p title=""><img src=x onerror=alert(1)>">y</p>'],
    ['a stray markup character', '<p>a > b</p>'],
    ['a bare ampersand', '<p>a & b</p>'],
    ['a control character', '<p>a\u0001b</p>'],
    ['a lone surrogate', '<p>a\ud800b</p>'],
  ])('rejects %s', (_what, body) => {
    expect(() => assertWellFormed(page(body))).toThrow();
  });
  it('accepts well-formed markup', () => {
    expect(() => assertWellFormed(page('<p class="a">x &amp; y<br></p>'))).not.toThrow();
  });
});
