import cycle2026 from '../../config/cycle-2026.json';
import directory from '../../config/directory.json';
import { templateText } from '../../functions/adapters/mail-template';
import type { ApprovalRequest } from '../../functions/domain/approval';
import type { Cycle } from '../../functions/domain/cycle';
import type { Draft } from '../../functions/domain/draft';
import type { AuditEvent, Nomination, NominationInput } from '../../functions/domain/nomination';
import { renderApproval } from '../../functions/views/approval-pages';
import {
  draftConfirmationMail,
  intakeProblemsMail,
  type RenderedMail,
  unregisteredSenderMail,
} from '../../functions/views/mails';
import {
  renderDraft,
  renderDraftConfirmed,
  renderDraftSent,
  renderNominationForm,
} from '../../functions/views/pages';

const cycle = cycle2026 as Cycle;
const evil = '<script>alert(1)</script>';
const attr = '"><img src=x onerror=alert(2)>';
const quote = `'" onmouseover='alert(3)`;
const longName = `<b>${'가'.repeat(10_000 - 7)}</b>`;

const input: NominationInput = {
  cycle: '2026',
  category: 'job-matching',
  nomineeType: 'individual',
  nominee: {
    name: '김민지',
    affiliation: '서울고용복지플러스센터',
    position: '주무관',
    email: 'minji.kim@example.test',
    serviceYears: 6,
  },
  meritPeriod: { from: '2026-01', to: '2026-10' },
  meritSummary: '청년 구직자 맞춤형 취업지원으로 취업률 20%p 향상',
  meritDetails: '1. 추진 배경\n2. 주요 성과',
  priorAwards: '-',
  disciplinaryHistory: false,
  consent: true,
  centerId: 'seoul',
  submitter: { name: '홍길동', email: 'stranger@example.test' },
};

const draft: Draft = {
  idHash: 'e'.repeat(64),
  nominationId: '2026-abcdefghijkmnpqrstu',
  input,
  createdAt: '2026-11-01T00:00:00Z',
  expiresAt: '2026-11-04T00:00:00Z',
  status: 'pending',
};

const hostileInput: NominationInput = {
  ...input,
  nominee: { ...input.nominee, name: evil, affiliation: attr, position: quote, email: attr },
  meritSummary: `${evil}\n${attr}`,
  meritDetails: `</dd>${evil}`,
  priorAwards: attr,
  submitter: { name: evil, email: attr },
};
const hostileDraft: Draft = { ...draft, input: hostileInput };

const nomination: Nomination = {
  ...input,
  id: '2026-abcdefghijkmnpqrstu',
  centerName: '서울고용복지플러스센터',
  stage: 'center_review',
  version: 2,
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:05Z',
};

const history: AuditEvent[] = [
  { type: 'submitted', at: '2026-11-01T00:00:00Z', actor: 'award.seoul@example.test' },
];

const request: ApprovalRequest = {
  idHash: 'f'.repeat(64),
  nominationId: nomination.id,
  stage: 'center_review',
  approver: { name: '서울센터장', email: 'head.seoul@example.test' },
  taskToken: 'secret-task-token',
  createdAt: '2026-11-01T00:00:05Z',
  expiresAt: '2026-11-15T00:00:05Z',
  status: 'open',
};

const draftLink = 'https://award.example.test/drafts/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const actionPath = '/drafts/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const statusUrl = `https://award.example.test/nominations/${'T'.repeat(43)}`;

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

/** The page or mail shows no user value raw. */
function expectEscaped(html: string) {
  expect(html).not.toContain('<script');
  expect(html).not.toContain('<img');
  expect(html).not.toContain('"><img');
  expect(html).not.toContain(`' onmouseover`);
  expect(html).not.toContain('" onmouseover');
  expect(html).not.toContain('<b>');
}

function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1] ?? '');
}

/** Subjects are one header line: no control or line-separating characters. */
function expectOneLine(subject: string) {
  expect(subject).not.toMatch(/[\p{Cc}\p{Zl}\p{Zp}]/u);
  expect(subject).toBe(subject.trim());
  expect(subject).not.toMatch(/ {2}/);
}

/* ------------------------------------------------------------------ pages */

describe('renderDraftSent', () => {
  it('says where the confirmation mail went and until when', () => {
    const html = renderDraftSent({
      centerName: '서울고용복지플러스센터',
      expiresAt: draft.expiresAt,
      alreadyPending: false,
    });
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="ko">/);
    expect(html).toContain('서울고용복지플러스센터의 등록된 추천 담당 메일 주소로 확인 메일을 보냈습니다.');
    expect(html).toContain('2026년 11월 4일 09:00 (KST)');
    expect(html).toContain('role="status"');
    expect(count(html, '<form')).toBe(0);
  });

  it('tells a double click that a draft already waits', () => {
    const html = renderDraftSent({ centerName: '서울', expiresAt: draft.expiresAt, alreadyPending: true });
    expect(html).toContain('이미 센터 확인을 기다리고 있습니다');
    expect(html).not.toContain('확인 메일을 보냈습니다');
  });

  it('escapes the center name', () => {
    const html = renderDraftSent({
      centerName: `${evil}${attr}`,
      expiresAt: draft.expiresAt,
      alreadyPending: false,
    });
    expectEscaped(html);
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('renderDraft', () => {
  it('shows the draft and one POST form to its own link while it can be confirmed', () => {
    const html = renderDraft({ draft, cycle, centerName: '서울고용복지플러스센터', actionUrl: actionPath });
    expect(count(html, '<form')).toBe(1);
    expect(html).toContain(`<form method="post" action="${actionPath}"`);
    expect(count(html, '<button')).toBe(1);
    expect(html).toMatch(/<button type="submit" class="button">추천 확정<\/button>/);
    for (const text of [
      '김민지',
      '수요자 맞춤형 취업·채용지원 서비스',
      '2026년 1월 ~ 2026년 10월',
      '홍길동 &lt;stranger@example.test&gt;',
      '추진 배경<br>\n2. 주요 성과',
      '2026년 11월 4일 09:00 (KST)',
      '여는 것만으로는 아무것도 접수되지 않습니다',
    ]) {
      expect(html).toContain(text);
    }
    expect(html).not.toContain(draft.idHash);
  });

  it('shows the reason and no form once closed', () => {
    const html = renderDraft({
      draft,
      cycle,
      centerName: '서울고용복지플러스센터',
      actionUrl: actionPath,
      closedMessage: '확정 기한이 지난 추천서입니다.',
    });
    expect(count(html, '<form')).toBe(0);
    expect(html).not.toContain('<button');
    expect(html).not.toContain(actionPath);
    expect(html).toContain('<strong>확정 기한이 지난 추천서입니다.</strong>');
  });

  it.each([
    ['open', undefined],
    ['closed', `${evil}${attr}`],
  ])('escapes every value of a hostile draft (%s)', (_state, closedMessage) => {
    const html = renderDraft({
      draft: hostileDraft,
      cycle,
      centerName: `${evil}${quote}`,
      actionUrl: `${actionPath}${attr}`,
      ...(closedMessage ? { closedMessage } : {}),
    });
    expectEscaped(html);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x');
    expect(html).toContain('&lt;/dd&gt;&lt;script&gt;');
    expect(html.match(/action="[^"]*"/g) ?? []).toEqual(
      closedMessage ? [] : [`action="${actionPath}&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"`],
    );
  });

  it('escapes a 10,000-character name whole, in the title and the summary', () => {
    const html = renderDraft({
      draft: { ...draft, input: { ...input, nominee: { ...input.nominee, name: longName } } },
      cycle,
      centerName: '서울고용복지플러스센터',
      actionUrl: actionPath,
    });
    expectEscaped(html);
    const escaped = `&lt;b&gt;${'가'.repeat(10_000 - 7)}&lt;/b&gt;`;
    expect(count(html, escaped)).toBe(2);
    expect(html).toContain(`<title>추천서 확정: ${escaped} | 올해의 고용서비스상</title>`);
  });
});

describe('renderDraftConfirmed', () => {
  it('shows the new nomination and says its status link comes in the receipt mail (no link by id)', () => {
    const html = renderDraftConfirmed({
      outcome: 'created',
      nomination,
      cycle,
      alreadyConfirmed: false,
    });
    expect(html).toContain('접수 완료');
    expect(html).toContain(nomination.id);
    expect(html).toContain('접수 확인 메일');
    expect(html).not.toContain(statusUrl);
    expect(html).not.toContain('이미 확정된 추천서입니다');
    expect(count(html, '<form')).toBe(0);
  });

  it('says so when the draft had been confirmed before', () => {
    const html = renderDraftConfirmed({
      outcome: 'created',
      nomination,
      cycle,
      alreadyConfirmed: true,
    });
    expect(html).toContain('이미 확정된 추천서입니다. 다시 접수하지 않았습니다.');
    expect(html).not.toContain(statusUrl);
  });

  it('reveals nothing of an earlier nomination of the same nominee', () => {
    for (const alreadyConfirmed of [false, true]) {
      const html = renderDraftConfirmed({
        outcome: 'duplicate',
        nomination,
        cycle,
        alreadyConfirmed,
      });
      expect(html).toContain('이미 접수된 추천입니다');
      expect(html).not.toContain(nomination.id);
      expect(html).not.toContain(statusUrl);
      expect(html).not.toContain('김민지');
    }
  });

  it('escapes a hostile nomination', () => {
    const html = renderDraftConfirmed({
      outcome: 'created',
      nomination: { ...nomination, ...hostileInput, centerName: evil },
      cycle,
      alreadyConfirmed: true,
    });
    expectEscaped(html);
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('renderNominationForm, closed', () => {
  it('says no nominations are taken, with the last cycle’s dates, and shows no form', () => {
    const html = renderNominationForm({ cycle, directory, closed: true });
    expect(count(html, '<form')).toBe(0);
    expect(html).not.toContain('<input');
    expect(html).not.toContain('<button');
    expect(html).toContain('지금은 추천을 받고 있지 않습니다.');
    expect(html).toContain('2026년 올해의 고용서비스상');
    expect(html).toContain('2026년 9월 1일 00:00 (KST)');
    expect(html).toContain('2026년 12월 31일 23:59 (KST)');
    expect(html).toContain('<title>후보자 추천: 접수 기간이 아닙니다 | 올해의 고용서비스상</title>');
  });

  it('is the form itself when open', () => {
    expect(count(renderNominationForm({ cycle, directory, closed: false }), '<form')).toBe(1);
  });

  it('escapes a hostile cycle title', () => {
    const html = renderNominationForm({
      cycle: { ...cycle, title: `${evil}${attr}` },
      directory,
      closed: true,
    });
    expectEscaped(html);
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('renderApproval: attachments', () => {
  const attachments = [
    { filename: '공적조서.pdf', contentType: 'application/pdf', size: 3 * 1024 * 1024 + 200_000, key: 'k1' },
    { filename: '사진.jpg', contentType: 'image/jpeg', size: 2_600, key: 'k2' },
    { filename: 'tiny.png', contentType: 'image/png', size: 10, key: 'k3' },
  ];

  it('lists each file with its size', () => {
    const html = renderApproval({
      request,
      nomination: { ...nomination, attachments },
      history,
      cycle,
      actionUrl: '/approvals/x',
    });
    const list = /<ul class="attachments">\n([\s\S]*?)\n<\/ul>/.exec(html)?.[1] ?? '';
    expect(list.split('\n')).toEqual([
      '<li>공적조서.pdf <span class="hint">(3.2 MB)</span></li>',
      '<li>사진.jpg <span class="hint">(3 KB)</span></li>',
      '<li>tiny.png <span class="hint">(1 KB)</span></li>',
    ]);
    expect(html).toContain('첨부 파일');
    // Storage keys are internal.
    expect(html).not.toMatch(/\bk[123]\b/);
  });

  it('shows no attachment section without attachments', () => {
    for (const files of [undefined, []]) {
      const html = renderApproval({
        request,
        nomination: { ...nomination, ...(files ? { attachments: files } : {}) },
        history,
        cycle,
        actionUrl: '/approvals/x',
      });
      expect(html).not.toContain('class="attachments"');
      expect(html).not.toContain('첨부 파일');
    }
  });

  it('escapes hostile file names', () => {
    const html = renderApproval({
      request,
      nomination: {
        ...nomination,
        attachments: [
          { ...attachments[0], filename: `${evil}.pdf`, key: 'a' },
          { ...attachments[1], filename: `${attr}.jpg`, key: 'b' },
          { ...attachments[1], filename: `${quote}.jpg`, key: 'c' },
        ] as Nomination['attachments'],
      },
      history,
      cycle,
      actionUrl: '/approvals/x',
    });
    expectEscaped(html);
    expect(html).toContain('<li>&lt;script&gt;alert(1)&lt;/script&gt;.pdf <span');
  });
});

/* ------------------------------------------------------------------ mails */

describe('draftConfirmationMail', () => {
  const mail = draftConfirmationMail({ draft, cycle, centerName: '서울고용복지플러스센터', link: draftLink });

  it('asks the center to confirm, with the draft and the link in both parts', () => {
    expect(mail.subject).toBe('[고용서비스상] 추천서 확정 요청: 김민지');
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain('서울고용복지플러스센터 추천 담당자님께');
      expect(body).toContain('김민지');
      expect(body).toContain('수요자 맞춤형 취업·채용지원 서비스');
      expect(body).toContain('2026년 11월 4일 09:00 (KST)');
    }
    expect(mail.text).toContain('홍길동 <stranger@example.test>');
    expect(mail.html).toContain('홍길동 &lt;stranger@example.test&gt;');
    expect(mail.text).toContain(`\n${draftLink}\n`);
    expect(hrefs(mail.html)).toEqual([draftLink, draftLink]);
    expect(mail.text).not.toMatch(/<(p|a|br|table|div)\b/);
  });

  it('carries the same link in the text and HTML parts', () => {
    const inText = /https?:\/\/\S+\/drafts\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0];
    expect(inText).toBe(draftLink);
    expect(new Set(hrefs(mail.html))).toEqual(new Set([inText]));
  });

  it('escapes a hostile draft and link in HTML and keeps the subject one line', () => {
    const hostile = draftConfirmationMail({
      draft: {
        ...hostileDraft,
        input: {
          ...hostileInput,
          nominee: { ...hostileInput.nominee, name: `${evil}\r\nBcc: x@example.test\t\u0000` },
        },
      },
      cycle,
      centerName: `${evil}${quote}`,
      link: `${draftLink}${attr}`,
    });
    expectEscaped(hostile.html);
    expect(hostile.html).toContain('&lt;script&gt;');
    expect(hrefs(hostile.html)).toEqual(
      Array(2).fill(`${draftLink}&quot;&gt;&lt;img src=x onerror=alert(2)&gt;`),
    );
    expectOneLine(hostile.subject);
    expect(hostile.subject).toContain('Bcc: x@example.test');
    // The text part is plain text: the link is there as given.
    expect(hostile.text).toContain(`${draftLink}${attr}`);
  });

  it('keeps a 10,000-character name on one subject line and escapes it whole', () => {
    const long = draftConfirmationMail({
      draft: { ...draft, input: { ...input, nominee: { ...input.nominee, name: longName } } },
      cycle,
      centerName: '서울',
      link: draftLink,
    });
    expectOneLine(long.subject);
    expectEscaped(long.html);
    expect(long.html).toContain(`&lt;b&gt;${'가'.repeat(10_000 - 7)}&lt;/b&gt;`);
    expect(long.text).toContain(longName);
  });
});

describe('intakeProblemsMail', () => {
  const template = templateText();

  it('lists each problem and the blank template in both parts', () => {
    const mail = intakeProblemsMail({
      subject: '후보자 추천',
      problems: [
        { code: 'template', label: '포상연도', text: '마감되었습니다.' },
        { code: 'template', label: '첨부 파일', text: '받을 수 없는 파일 형식입니다.' },
      ],
      template,
    });
    expect(mail.subject).toBe('[고용서비스상] 추천 메일을 접수하지 못했습니다: 후보자 추천');
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain('- 포상연도: 마감되었습니다.');
      expect(body).toContain('- 첨부 파일: 받을 수 없는 파일 형식입니다.');
      expect(body).toContain('포상연도: (예: 2026)');
      expect(body).toContain('제출자: (');
    }
    for (const line of template.split('\n')) expect(mail.text).toContain(`  ${line}\n`);
    expect(hrefs(mail.html)).toEqual([]);
  });

  it('names a mail without a subject', () => {
    expect(
      intakeProblemsMail({ subject: '', problems: [{ code: 'sender_unverified' }], template }).subject,
    ).toBe('[고용서비스상] 추천 메일을 접수하지 못했습니다: (제목 없음)');
  });

  it.each([
    ['line breaks', '추천\r\nBcc: evil@example.test'],
    ['control characters', '추천\u0000\u0007\u001b[31m\u007f\u0085\u000b\u000c끝'],
    ['line and paragraph separators', '추천\u2028둘째 줄\u2029셋째'],
    ['tabs and runs of spaces', '  추천\t\t  메일  '],
  ])('keeps the subject one line despite %s', (_what, subject) => {
    expectOneLine(
      intakeProblemsMail({ subject, problems: [{ code: 'sender_unverified' }], template }).subject,
    );
  });

  it('escapes a hostile subject, problems and template in HTML', () => {
    const mail = intakeProblemsMail({
      subject: `${evil}${attr}`,
      problems: [
        { code: 'template', label: evil, text: attr },
        { code: 'template', label: quote, text: evil },
      ],
      template: `${template}\n${evil}`,
    });
    expectEscaped(mail.html);
    expect(mail.html).toContain('<title>[고용서비스상] 추천 메일을 접수하지 못했습니다: &lt;script&gt;');
    expect(mail.text).toContain(`- ${evil}`);
  });

  it('keeps a 10,000-character subject on one line and escapes it', () => {
    const mail = intakeProblemsMail({
      subject: longName,
      problems: [{ code: 'sender_unverified' }],
      template,
    });
    expectOneLine(mail.subject);
    expectEscaped(mail.html);
  });
});

describe('unregisteredSenderMail', () => {
  it('politely explains, naming the intake address in both parts, with no link', () => {
    const mail = unregisteredSenderMail({ intakeAddress: 'nominations@example.test' });
    expect(mail.subject).toBe('[고용서비스상] 등록되지 않은 주소에서 보낸 추천 메일입니다');
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain('nominations@example.test(으)로 보내 주신 메일은');
      expect(body).toContain('웹 양식으로 제출한 뒤');
    }
    expect(hrefs(mail.html)).toEqual([]);
    expectOneLine(mail.subject);
  });

  it('escapes the address in HTML', () => {
    const mail: RenderedMail = unregisteredSenderMail({ intakeAddress: `${evil}${attr}` });
    expectEscaped(mail.html);
    expect(mail.html).toContain('&lt;script&gt;');
  });
});
