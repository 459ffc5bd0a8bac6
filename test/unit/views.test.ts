import type { ApprovalRequest } from '../../functions/domain/approval';
import type { Cycle, Directory, Person } from '../../functions/domain/cycle';
import type { FieldErrors, FieldProblem } from '../../functions/domain/errors';
import type { AuditEvent, Nomination } from '../../functions/domain/nomination';
import { DECISIONS, REVIEW_STAGES } from '../../functions/domain/stages';
import { FIELD_LIMITS } from '../../functions/domain/validation';
import { renderApproval, renderApprovalClosed, renderDecided } from '../../functions/views/approval-pages';
import { describeEvent, euro, formatKst, formatYearMonth } from '../../functions/views/common';
import { html } from '../../functions/views/html';
import {
  approvalRequestMail,
  awardedMail,
  type RenderedMail,
  rejectedMail,
  returnedMail,
} from '../../functions/views/mails';
import { fieldMessage, fieldMessages } from '../../functions/views/messages';
import {
  renderAlreadySubmitted,
  renderNominationForm,
  renderStatus,
  renderSubmitted,
} from '../../functions/views/pages';
import { renderError } from '../../functions/views/pages/error';
import { STAGE_LABELS } from '../../functions/views/texts';

/** A field problem whose text is given as it is (the views word every code through it alike). */
const worded = (text: string): FieldProblem => ({ code: 'worded', text });

const cycle: Cycle = {
  year: '2023',
  title: '2023년 올해의 고용서비스상',
  categories: [
    {
      id: 'job-matching',
      name: '수요자 맞춤형 취업·채용지원 서비스',
      nameEn: 'Tailored job-seeking and recruitment support',
    },
    { id: 'regional-cooperation', name: '지역·산업 맞춤형 고용서비스', nameEn: 'Regional cooperation' },
    {
      id: 'vocational-training',
      name: '직업훈련 품질 제고 및 훈련 상담 내실화',
      nameEn: 'Vocational training',
    },
    {
      id: 'insurance-integrity',
      name: '건전한 고용보험사업 운영',
      nameEn: 'Sound employment-insurance operation',
    },
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
  mailFrom: '고용서비스상 사무국 <award-office@example.test>',
  intakeAddress: 'nominations@example.test',
  centers: [
    {
      id: 'seoul',
      name: '서울고용복지플러스센터',
      nominatingAddresses: ['award.seoul@example.test'],
      head: { name: '서울센터장', email: 'head.seoul@example.test' },
    },
    {
      id: 'busan',
      name: '부산고용복지플러스센터',
      nominatingAddresses: ['award.busan@example.test'],
      head: { name: '부산센터장', email: 'head.busan@example.test' },
    },
  ],
  hqReviewer: { name: '고용서비스정책과', email: 'hq.reviewer@example.test' },
  ministerOffice: { name: '장관실', email: 'minister.office@example.test' },
};

const centerHead: Person = { name: '서울센터장', email: 'head.seoul@example.test' };

const nomination: Nomination = {
  id: '2023-abcdefghijkmnpqrstuv',
  cycle: '2023',
  category: 'job-matching',
  nomineeType: 'individual',
  nominee: {
    name: '김민지',
    affiliation: '서울고용복지플러스센터',
    position: '주무관',
    email: 'minji.kim@example.test',
    serviceYears: 6,
  },
  meritPeriod: { from: '2023-01', to: '2023-12' },
  meritSummary: '청년 구직자 맞춤형 상담으로 취업률을 높임',
  meritDetails: '1. 추진 배경\n2. 주요 성과',
  priorAwards: '-',
  disciplinaryHistory: false,
  consent: true,
  centerId: 'seoul',
  submitter: { name: '박서준', email: 'award.seoul@example.test' },
  stage: 'center_review',
  version: 2,
  createdAt: '2023-10-20T01:00:00Z',
  updatedAt: '2023-10-20T01:00:05Z',
};

const history: AuditEvent[] = [
  { type: 'submitted', at: '2023-10-20T01:00:00Z', actor: 'award.seoul@example.test' },
  {
    type: 'stage_changed',
    at: '2023-10-20T01:00:05Z',
    actor: 'workflow',
    from: 'submitted',
    to: 'center_review',
  },
];

const request: ApprovalRequest = {
  idHash: 'f'.repeat(64),
  nominationId: nomination.id,
  stage: 'center_review',
  approver: centerHead,
  taskToken: 'secret-task-token',
  createdAt: '2023-10-20T01:00:05Z',
  expiresAt: '2023-11-03T05:05:00Z',
  status: 'open',
};

const actionUrl = 'http://localhost:3000/approvals/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const statusUrl = `http://localhost:3000/nominations/${'T'.repeat(43)}`;

function count(haystack: string, needle: string | RegExp): number {
  if (typeof needle === 'string') return haystack.split(needle).length - 1;
  return (haystack.match(new RegExp(needle.source, `${needle.flags.replace('g', '')}g`)) ?? []).length;
}

/** The opening tag of the element with this id. */
function tagWithId(html: string, id: string): string {
  const match = new RegExp(`<[a-z]+[^>]*\\sid="${id}"[^>]*>`).exec(html);
  if (!match) throw new Error(`no element with id ${id}`);
  return match[0];
}

/** What a value becomes in a template: the tag's escaping (the views have no other). */
function esc(value: string | number | undefined): string {
  return String(html`${value}`);
}

describe('common helpers', () => {
  it('escapes the HTML-significant characters (and the backtick) of every interpolated value', () => {
    expect(esc(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    expect(esc('`')).toBe('&#96;');
    expect(esc(undefined)).toBe('');
    expect(esc(32)).toBe('32');
  });

  it('shows a UTC instant in KST', () => {
    expect(formatKst('2023-11-03T05:05:00Z')).toBe('2023년 11월 3일 14:05 (KST)');
    expect(formatKst('2023-11-02T15:00:00.000Z')).toBe('2023년 11월 3일 00:00 (KST)');
    expect(formatKst('2023-12-31T15:30:00Z')).toBe('2024년 1월 1일 00:30 (KST)');
    expect(formatKst('not a date')).toBe('not a date');
  });

  it('formats year-months and picks the particle 으로/로', () => {
    expect(formatYearMonth('2023-01')).toBe('2023년 1월');
    expect(euro('승인')).toBe('으로');
    expect(euro('반려')).toBe('로');
    expect(euro('보완 요청')).toBe('으로');
  });
});

describe('escaping everywhere', () => {
  const evil = '<script>alert(1)</script>';
  const attr = '"><img src=x onerror=alert(2)>';
  const hostile: Nomination = {
    ...nomination,
    nominee: { ...nomination.nominee, name: evil, affiliation: attr, position: evil },
    meritSummary: `${evil}\n${attr}`,
    meritDetails: evil,
    priorAwards: attr,
    centerId: evil,
    submitter: { name: evil, email: attr },
    needsAttention: { error: evil, cause: evil, at: '2023-10-21T00:00:00Z' },
  };
  const hostileHistory: AuditEvent[] = [
    ...history,
    {
      type: 'decided',
      at: '2023-10-22T00:00:00Z',
      actor: evil,
      stage: 'center_review',
      decision: 'return',
      comment: evil,
    },
    { type: 'needs_attention', at: '2023-10-23T00:00:00Z', actor: 'workflow', error: evil },
  ];
  const hostileRequest: ApprovalRequest = {
    ...request,
    approver: { name: evil, email: attr },
    comment: evil,
  };
  const hostileErrors: FieldErrors = { 'nominee.name': worded(evil), _: worded(attr), [evil]: worded(evil) };

  const pages: Record<string, string> = {
    form: renderNominationForm({
      cycle,
      directory,
      values: { 'nominee.name': attr, meritSummary: `</textarea>${evil}`, category: attr, centerId: attr },
      errors: hostileErrors,
    }),
    submitted: renderSubmitted({ nomination: hostile, cycle }),
    status: renderStatus({ nomination: hostile, history: hostileHistory, cycle }),
    approvalOpen: renderApproval({
      request: hostileRequest,
      nomination: hostile,
      history: hostileHistory,
      cycle,
      actionUrl: `${actionUrl}${attr}`,
      formToken: attr,
      quota: [
        {
          key: 'individual@x',
          nomineeType: 'individual',
          categoryId: 'job-matching',
          categoryName: evil,
          limit: 3,
          awarded: 1,
          remaining: 2,
        },
      ],
    }),
    approvalClosed: renderApprovalClosed({
      request: {
        stage: 'center_review',
        status: 'decided',
        expiresAt: request.expiresAt,
        decision: 'reject',
        decidedAt: '2023-10-25T00:00:00Z',
        comment: evil,
        // The notice is worded from its reason now; the attribute-breaking value rides on the delegate's name.
        delegatedToName: attr,
      },
      closedReason: 'decided',
    }),
    decided: renderDecided({
      nomination: hostile,
      stage: 'center_review',
      decision: 'reject',
      comment: evil,
      decidedAt: '2023-10-25T00:00:00Z',
      alreadyDecided: false,
    }),
    error: renderError({
      status: 400,
      title: evil,
      message: attr,
      errors: fieldMessages(hostileErrors, fieldMessage),
    }),
  };

  const mails: Record<string, RenderedMail> = {
    approval: approvalRequestMail({
      nomination: hostile,
      cycle,
      stage: 'hq_review',
      approver: { name: evil, email: attr },
      link: `${actionUrl}${attr}`,
      dueAt: request.expiresAt,
      expiresAt: request.expiresAt,
    }),
    awarded: awardedMail({ nomination: hostile, cycle, certificateAttached: true }),
    awardedOrganization: awardedMail({
      nomination: { ...hostile, nomineeType: 'organization' },
      cycle,
      certificateAttached: false,
    }),
    rejected: rejectedMail({
      nomination: hostile,
      cycle,
      stage: 'hq_review',
      comment: evil,
      statusUrl: `${statusUrl}${attr}`,
    }),
    returned: returnedMail({
      nomination: hostile,
      cycle,
      comment: evil,
      statusUrl: `${statusUrl}${attr}`,
      formUrl: `http://localhost:3000/${attr}`,
    }),
  };

  it.each(Object.keys(pages))('page %s never contains a user value raw', (name) => {
    const html = pages[name] ?? '';
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('</textarea><');
    expect(html).not.toContain('"><img');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x');
  });

  it.each(Object.keys(mails))(
    'mail %s escapes its HTML version and keeps the subject on one line',
    (name) => {
      const mail = mails[name] as RenderedMail;
      expect(mail.html).not.toContain('<script');
      expect(mail.html).not.toContain('<img');
      expect(mail.html).toContain('&lt;script&gt;');
      expect(mail.subject).not.toMatch(/[\r\n]/);
      expect(mail.text.length).toBeGreaterThan(50);
    },
  );

  it('pages need no JavaScript and load nothing external', () => {
    for (const html of Object.values(pages)) {
      expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="ko">/);
      expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    }
  });
});

describe('renderNominationForm', () => {
  it('limits each field in the browser to the length the validation allows (one number, two places)', () => {
    const html = renderNominationForm({ cycle, directory });
    for (const [path, limit] of Object.entries(FIELD_LIMITS)) {
      if (path === 'cycle') continue; // hidden: the form sets it
      expect(html).toMatch(new RegExp(`name="${path.replace('.', '\\.')}"[^>]*maxlength="${limit}"`));
    }
  });

  it('posts to /nominations with the contract field names, the cycle, categories and quotas', () => {
    const html = renderNominationForm({ cycle, directory });
    expect(count(html, '<form ')).toBe(1);
    expect(html).toContain('<form method="post" action="/nominations"');
    expect(html).toContain('<input type="hidden" name="cycle" value="2023">');
    for (const name of [
      'category',
      'nomineeType',
      'nominee.name',
      'nominee.affiliation',
      'nominee.position',
      'nominee.email',
      'nominee.serviceYears',
      'meritPeriod.from',
      'meritPeriod.to',
      'meritSummary',
      'meritDetails',
      'priorAwards',
      'disciplinaryHistory',
      'consent',
      'centerId',
      'submitter.name',
      'submitter.email',
    ]) {
      expect(html).toContain(`name="${name}"`);
    }
    expect(html).toContain('2023년 올해의 고용서비스상');
    for (const category of cycle.categories) {
      expect(html).toContain(`value="${category.id}"`);
      expect(html).toContain(category.name);
    }
    expect(html).toMatch(/기관 4곳, 개인 32명/);
    expect(html).toContain('<option value="seoul">서울고용복지플러스센터</option>');
    expect(html).toMatch(/<input type="radio"[^>]*name="nomineeType" value="individual"/);
    expect(html).toMatch(/<input type="radio"[^>]*name="disciplinaryHistory" value="false"/);
    expect(html).toMatch(/<input type="checkbox" id="consent" name="consent" value="true"/);
    expect(html).toMatch(/<input type="month" id="meritPeriod-from" name="meritPeriod.from"/);
    expect(html).toMatch(/<input type="number" id="nominee-serviceYears" name="nominee.serviceYears"/);
    expect(html).toMatch(/<textarea id="meritSummary" name="meritSummary" rows="\d+" maxlength="1000"/);
    expect(html).toContain('개인정보 수집·이용');
    expect(html).not.toContain('role="alert"');
    expect(html).not.toContain('checked');
  });

  it('labels every control', () => {
    const html = renderNominationForm({ cycle, directory });
    const ids = [...html.matchAll(/<(?:input|select|textarea) [^>]*id="([^"]+)"/g)].map((match) => match[1]);
    expect(ids.length).toBeGreaterThan(15);
    for (const id of ids) expect(html).toContain(`<label for="${id}">`);
  });

  it('re-fills the values that were posted', () => {
    const html = renderNominationForm({
      cycle,
      directory,
      values: {
        category: 'vocational-training',
        nomineeType: 'organization',
        'nominee.name': '김민지 "팀장"',
        'nominee.serviceYears': '6',
        'meritPeriod.from': '2023-01',
        meritSummary: '줄 1\n줄 2',
        disciplinaryHistory: 'false',
        consent: 'true',
        centerId: 'busan',
        'submitter.email': 'award.busan@example.test',
      },
    });
    expect(html).toMatch(/<input type="radio"[^>]*value="vocational-training" checked/);
    expect(html).not.toMatch(/value="job-matching" checked/);
    expect(html).toMatch(/value="organization" checked/);
    expect(html).toContain('value="김민지 &quot;팀장&quot;"');
    expect(html).toMatch(/name="nominee.serviceYears" value="6"/);
    expect(html).toMatch(/name="meritPeriod.from" value="2023-01"/);
    expect(html).toMatch(/name="meritSummary"[^>]*>\n줄 1\n줄 2<\/textarea>/);
    expect(html).toMatch(/name="disciplinaryHistory" value="false" checked/);
    expect(html).toMatch(/name="consent" value="true" checked/);
    expect(html).toContain('<option value="busan" selected>부산고용복지플러스센터</option>');
    expect(html).toMatch(/name="submitter.email" value="award.busan@example.test"/);
  });

  it('shows each field error next to its field and links it from the summary', () => {
    const messages: Record<string, string> = {
      category: '분야를 목록에서 선택해 주세요.',
      'nominee.name': '성명(기관명)을 입력해 주세요.',
      'nominee.email': '수상 안내를 받을 후보자 이메일을 입력해 주세요.',
      'meritPeriod.to': '공적기간 종료는 시작보다 같거나 늦어야 합니다.',
      meritSummary: '공적요지를 입력해 주세요.',
      disciplinaryHistory: '징계 여부를 선택해 주세요.',
      centerId: '등록된 추천센터가 아닙니다.',
      'submitter.email': '제출자 이메일 형식이 올바르지 않습니다.',
      consent: '개인정보 수집·이용에 동의해야 추천할 수 있습니다.',
      _: '요청 형식이 올바르지 않습니다.',
    };
    const errors: FieldErrors = Object.fromEntries(
      Object.entries(messages).map(([path, text]) => [path, worded(text)]),
    );
    const html = renderNominationForm({ cycle, directory, errors, values: { 'nominee.name': '' } });
    expect(html).toContain('<title>오류:');
    expect(count(html, 'role="alert"')).toBe(1);
    const summaryStart = html.indexOf('role="alert"');
    const summaryEnd = html.indexOf('</div>', summaryStart);
    const summary = html.slice(summaryStart, summaryEnd);
    expect(summaryStart).toBeLessThan(html.indexOf('<form '));
    expect(summary).toContain('<li>요청 형식이 올바르지 않습니다.</li>');

    const ids: Record<string, string> = {
      category: 'category',
      'nominee.name': 'nominee-name',
      'nominee.email': 'nominee-email',
      'meritPeriod.to': 'meritPeriod-to',
      meritSummary: 'meritSummary',
      disciplinaryHistory: 'disciplinaryHistory',
      centerId: 'centerId',
      'submitter.email': 'submitter-email',
      consent: 'consent',
    };
    for (const [path, id] of Object.entries(ids)) {
      const message = messages[path] as string;
      // In the summary, linked to the field.
      expect(summary).toContain(`<a href="#${id}">${esc(message)}</a>`);
      // Next to the field, described by it.
      const errorIndex = html.indexOf(`id="${id}-error"`);
      expect(errorIndex).toBeGreaterThan(summaryEnd);
      expect(html.slice(errorIndex, errorIndex + 300)).toContain(esc(message));
      const field = tagWithId(html, id);
      const describedElement =
        /^<(input|select|textarea)/.test(field) && !field.includes('type="radio"') ? field : '';
      if (describedElement) {
        expect(describedElement).toMatch(new RegExp(`aria-describedby="[^"]*${id}-error`));
        expect(describedElement).toContain('aria-invalid="true"');
        // The message sits between the field's label and the control, with no other field in between.
        const between = html.slice(errorIndex, html.indexOf(field));
        expect(between).not.toMatch(/<(input|select|textarea) /);
        expect(between.length).toBeLessThan(400);
      }
    }
    // Radio groups: the fieldset is described by the error.
    expect(html).toMatch(/<fieldset class="field field-error" aria-describedby="category-error">/);
    expect(html).toMatch(
      /<fieldset class="field field-error" aria-describedby="disciplinaryHistory-hint disciplinaryHistory-error">/,
    );
    // Summary order follows the page.
    expect(summary.indexOf('#category')).toBeLessThan(summary.indexOf('#nominee-name'));
    expect(summary.indexOf('#nominee-name')).toBeLessThan(summary.indexOf('#consent'));
  });

  it('links group errors to their group', () => {
    const html = renderNominationForm({
      cycle,
      directory,
      errors: { nominee: { code: 'section_missing', section: 'nominee' } },
    });
    expect(html).toContain('<a href="#nominee">후보자 정보를 입력해 주세요.</a>');
    expect(html).toMatch(/<fieldset class="group" id="nominee" aria-describedby="nominee-error">/);
  });
});

describe('renderSubmitted', () => {
  it('confirms the nomination with its id, category, nominee, next step, and that the status link comes by mail', () => {
    const html = renderSubmitted({ nomination, cycle });
    expect(html).toContain('접수 완료');
    expect(html).not.toContain('이미 접수된 추천입니다');
    expect(html).toContain(nomination.id);
    expect(html).toContain('수요자 맞춤형 취업·채용지원 서비스');
    expect(html).toContain('김민지');
    expect(html).toContain('센터 심사');
    expect(html).toContain('접수 확인 메일');
    expect(html).not.toContain(statusUrl);
  });

  it('says so when the nomination was already there, revealing nothing of it', () => {
    const html = renderAlreadySubmitted();
    expect(html).toContain('이미 접수된 추천입니다');
    expect(html).toContain('접수 확인');
    expect(html).not.toContain('/nominations/');
  });
});

describe('renderStatus', () => {
  it('shows the stage, the stepper and the history in KST', () => {
    const html = renderStatus({
      nomination: { ...nomination, stage: 'hq_review' },
      history: [
        ...history,
        {
          type: 'decided',
          at: '2023-11-03T05:05:00Z',
          actor: 'head.seoul@example.test',
          stage: 'center_review',
          decision: 'approve',
          comment: '우수 사례',
        },
        {
          type: 'stage_changed',
          at: '2023-11-03T05:05:01Z',
          actor: 'workflow',
          from: 'center_review',
          to: 'hq_review',
        },
      ],
      cycle,
    });
    expect(html).toContain('현재 단계: <strong>본부 심사</strong>');
    const stepper = html.slice(html.indexOf('<ol class="stepper"'), html.indexOf('</ol>'));
    for (const label of ['접수', '센터 심사', '본부 심사', '장관 승인', '수상 확정'])
      expect(stepper).toContain(label);
    expect(stepper).toMatch(/<li class="current" aria-current="step">.*본부 심사<\/li>/);
    expect(count(stepper, 'class="done"')).toBe(2);
    expect(html).toContain('2023년 11월 3일 14:05 (KST)');
    expect(html).toContain('센터 심사: 승인 (우수 사례)');
    expect(html).toContain('센터 심사 → 본부 심사');
    expect(html).toContain('<td>접수</td>');
    expect(html).not.toContain('처리가 지연되고 있습니다');
    // Who acted, as a role: never an approver's (or anyone's) address.
    const table = html.slice(html.indexOf('<table>'), html.indexOf('</table>'));
    expect(table).not.toContain('@');
    expect(table).toContain('<td>센터장</td>');
    expect(table).toContain('<td>추천 센터</td>');
    expect(table).toContain('<td>시스템</td>');
  });

  it('names every actor by role: 센터장, 본부 심사, 장관, 추천 센터, 시스템', () => {
    const decided = (
      stage: 'center_review' | 'hq_review' | 'minister_approval',
      actor: string,
    ): AuditEvent => ({
      type: 'decided',
      at: '2023-11-03T05:05:00Z',
      actor,
      stage,
      decision: 'approve',
    });
    const html = renderStatus({
      nomination: { ...nomination, stage: 'awarded' },
      history: [
        ...history,
        decided('center_review', 'head.seoul@example.test'),
        decided('hq_review', 'hq.reviewer@example.test'),
        {
          type: 'decision_voided',
          at: '2023-11-04T00:00:00Z',
          actor: 'minister.office@example.test',
          stage: 'minister_approval',
          decision: 'approve',
          reason: 'handover_failed',
        },
        decided('minister_approval', 'minister.office@example.test'),
        { type: 'needs_attention', at: '2023-11-05T00:00:00Z', actor: 'workflow', error: 'StageConflict' },
      ],
      cycle,
    });
    const roles = [...html.matchAll(/<tr>\n<td>[^<]*<\/td>\n<td>[^<]*<\/td>\n<td>([^<]*)<\/td>/g)].map(
      (m) => m[1],
    );
    expect(roles).toEqual(['추천 센터', '시스템', '센터장', '본부 심사', '장관', '장관', '시스템']);
    for (const address of ['head.seoul', 'hq.reviewer', 'minister.office', 'award.seoul@'])
      expect(html).not.toContain(address);
    expect(html).not.toContain('handover_failed');
    expect(html).not.toContain('StageConflict');
  });

  it('shows a needs-attention notice without internal error details', () => {
    const html = renderStatus({
      nomination: {
        ...nomination,
        needsAttention: { error: 'States.TaskFailed', cause: 'stack trace', at: '2023-10-21T00:00:00Z' },
      },
      history: [
        ...history,
        { type: 'needs_attention', at: '2023-10-21T00:00:00Z', actor: 'workflow', error: 'X' },
      ],
      cycle,
    });
    expect(html).toContain('처리가 지연되고 있습니다');
    expect(html).toContain('처리 지연: 담당자 확인 중');
    expect(html).not.toContain('stack trace');
    expect(html).not.toContain('States.TaskFailed');
  });

  it('ends the stepper at 반려 where the nomination was rejected', () => {
    const html = renderStatus({
      nomination: { ...nomination, stage: 'rejected' },
      history: [
        ...history,
        {
          type: 'decided',
          at: '2023-10-22T00:00:00Z',
          actor: 'x',
          stage: 'center_review',
          decision: 'reject',
        },
        {
          type: 'stage_changed',
          at: '2023-10-22T00:00:01Z',
          actor: 'workflow',
          from: 'center_review',
          to: 'rejected',
        },
      ],
      cycle,
    });
    const stepper = html.slice(html.indexOf('<ol class="stepper"'), html.indexOf('</ol>'));
    expect(stepper).toContain(STAGE_LABELS.rejected);
    expect(stepper).not.toContain('본부 심사');
    expect(stepper).not.toContain('수상 확정');
  });
});

describe('renderApproval', () => {
  it('shows the request, the nomination and one POST form with the three decisions while open', () => {
    const html = renderApproval({ request, nomination, history, cycle, actionUrl, formToken: 'tok-123' });
    expect(count(html, '<form')).toBe(1);
    expect(html).toContain(`<form method="post" action="${actionUrl}"`);
    expect(html).toMatch(/<textarea id="comment" name="comment"/);
    for (const decision of DECISIONS) {
      expect(count(html, `<button type="submit" name="decision" value="${decision}"`)).toBe(1);
    }
    expect(html).toMatch(/value="approve"[^>]*>승인</);
    expect(html).toMatch(/value="reject"[^>]*>반려</);
    expect(html).toMatch(/value="return"[^>]*>보완 요청</);
    expect(html).toContain('센터 심사 요청');
    expect(html).toContain('서울센터장 님께');
    expect(html).toContain('2023년 11월 3일 14:05 (KST)');
    for (const text of [
      '수요자 맞춤형 취업·채용지원 서비스',
      '주무관',
      '2023년 1월 ~ 2023년 12월',
      nomination.meritSummary,
      '추진 배경',
      '징계 여부',
      'seoul',
    ]) {
      expect(html).toContain(text);
    }
    expect(html).not.toContain(request.taskToken);
    expect(html).toContain('<meta name="referrer" content="no-referrer">');
    // The anti-forgery token rides inside the form.
    const form = html.slice(html.indexOf('<form'), html.indexOf('</form>'));
    expect(form).toContain('<input type="hidden" name="formToken" value="tok-123">');
    // No quota lines at the center stage.
    expect(html).not.toContain('수상 한도 현황');
  });

  it('shows the cycle quota usage as guidance when given, marking the lines this nomination counts on', () => {
    const html = renderApproval({
      request: { ...request, stage: 'minister_approval' },
      nomination,
      history,
      cycle,
      actionUrl,
      formToken: 't',
      quota: [
        { key: 'organization', nomineeType: 'organization', limit: 4, awarded: 4, remaining: 0 },
        { key: 'individual', nomineeType: 'individual', limit: 32, awarded: 12, remaining: 20 },
        {
          key: 'individual@job-matching',
          nomineeType: 'individual',
          categoryId: 'job-matching',
          categoryName: '수요자 맞춤형 취업·채용지원 서비스',
          limit: 8,
          awarded: 3,
          remaining: 5,
        },
      ],
    });
    expect(html).toContain('수상 한도 현황');
    expect(html).toContain('<li>기관 4/4곳 (남은 0곳)</li>');
    expect(html).toContain('<li><strong>개인 12/32명 (남은 20명)</strong> · 이 추천서 해당</li>');
    expect(html).toContain(
      '<li><strong>수요자 맞춤형 취업·채용지원 서비스 · 개인 3/8명 (남은 5명)</strong> · 이 추천서 해당</li>',
    );
    // Guidance sits above the buttons.
    expect(html.indexOf('수상 한도 현황')).toBeLessThan(html.indexOf('<form'));
  });
});

describe('renderApprovalClosed', () => {
  it('shows only the notice and the recorded decision: nothing of the nomination file', () => {
    const html = renderApprovalClosed({
      request: {
        stage: 'hq_review',
        status: 'decided',
        expiresAt: request.expiresAt,
        decision: 'return',
        decidedAt: '2023-11-03T05:05:00Z',
        comment: '실적 수치 근거 보완',
      },
      closedReason: 'decided',
    });
    expect(count(html, '<form')).toBe(0);
    expect(html).not.toContain('<button');
    expect(html).toContain('본부 심사 요청');
    expect(html).toContain('이미 결정이 처리된 링크입니다.');
    expect(html).toContain('결정: <strong>보완 요청</strong> (2023년 11월 3일 14:05 (KST))');
    expect(html).toContain('의견: 실적 수치 근거 보완');
    for (const secret of [
      nomination.nominee.name,
      nomination.nominee.affiliation,
      nomination.meritSummary,
      '추진 배경',
      '징계 여부',
      '추천 내용',
      '처리 이력',
      nomination.id,
    ]) {
      expect(html).not.toContain(secret);
    }
    expect(html.slice(html.indexOf('<main'))).not.toContain('@');
  });

  it('shows no decision for a link that never decided', () => {
    const html = renderApprovalClosed({
      request: { stage: 'center_review', status: 'superseded', expiresAt: request.expiresAt },
      closedReason: 'superseded',
    });
    expect(html).toContain('새 승인 링크가 발송되어');
    expect(html).not.toContain('결정:');
  });
});

describe('renderDecided', () => {
  const next: Record<string, string> = {
    'center_review/approve': '본부 심사로 넘어갑니다',
    'hq_review/approve': '장관 승인',
    'minister_approval/approve': '수상자에게 통보됩니다',
    'center_review/reject': '추천 센터에 사유와 함께 통보됩니다',
    'minister_approval/return': '이전 단계',
  };
  it.each(Object.entries(next))('%s tells what happens next', (key, expected) => {
    const [stage, decision] = key.split('/') as [(typeof REVIEW_STAGES)[number], (typeof DECISIONS)[number]];
    const html = renderDecided({
      nomination,
      stage,
      decision,
      decidedAt: '2023-11-03T05:05:00Z',
      alreadyDecided: false,
    });
    expect(html).toContain(expected);
  });

  it('confirms a new decision and reports an earlier one', () => {
    const fresh = renderDecided({
      nomination,
      stage: 'center_review',
      decision: 'approve',
      comment: '추천합니다',
      decidedAt: '2023-11-03T05:05:00Z',
      alreadyDecided: false,
    });
    expect(fresh).toContain('결정이 접수되었습니다: 승인');
    expect(fresh).toContain('추천합니다');
    const again = renderDecided({
      nomination,
      stage: 'center_review',
      decision: 'reject',
      decidedAt: '2023-11-03T05:05:00Z',
      alreadyDecided: true,
    });
    expect(again).toContain('이미 처리된 결정입니다');
    expect(again).toContain('‘반려’로');
    expect(again).toContain('2023년 11월 3일 14:05 (KST)');
    expect(again).not.toContain('결정이 접수되었습니다');
    // A used link posted again shows the decision on record, not the file.
    expect(fresh).toContain(nomination.nominee.name);
    expect(again).not.toContain(nomination.nominee.name);
    expect(again).not.toContain(nomination.id);
  });
});

describe('renderError', () => {
  it('renders the status page with field errors', () => {
    const html = renderError({
      status: 400,
      title: '입력값을 확인해 주세요',
      message: '결정을 처리하지 못했습니다.',
      errors: { comment: '반려 또는 보완 요청 시 사유를 입력해 주세요.' },
    });
    expect(html).toContain('<h1>입력값을 확인해 주세요</h1>');
    expect(html).toContain('role="alert"');
    expect(html).toContain('반려 또는 보완 요청 시 사유를 입력해 주세요.');
  });

  it('gives a Korean hint for 404 and 503', () => {
    expect(renderError({ status: 404, title: '링크를 찾을 수 없음', message: '없음' })).toContain(
      '링크를 찾을 수 없음',
    );
    expect(renderError({ status: 503, title: '서비스 지연', message: '지연' })).toContain(
      '잠시 후 다시 시도해 주세요',
    );
  });
});

describe('mails', () => {
  const link = 'http://localhost:3000/approvals/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';

  it('asks the approver with the link, the stage label and the deadline in KST', () => {
    const mail = approvalRequestMail({
      nomination,
      cycle,
      stage: 'center_review',
      approver: centerHead,
      link,
      dueAt: '2023-11-03T05:05:00Z',
      expiresAt: '2023-11-03T05:05:00Z',
    });
    expect(mail.subject).toBe('[고용서비스상] 센터 심사 요청: 김민지 (서울고용복지플러스센터)');
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain(link);
      expect(body).toContain('센터 심사');
      expect(body).toContain('2023년 11월 3일 14:05 (KST)');
      expect(body).toContain(nomination.meritSummary);
      expect(body).toContain('수요자 맞춤형 취업·채용지원 서비스');
      expect(body).toContain('버튼을 눌러야 결정이 접수됩니다');
      expect(body).toContain('다른 사람에게 전달하지 마세요');
    }
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.text).not.toContain('<');
  });

  it.each(REVIEW_STAGES)('uses the Korean label of %s', (stage) => {
    const mail = approvalRequestMail({
      nomination,
      cycle,
      stage,
      approver: centerHead,
      link,
      dueAt: request.expiresAt,
      expiresAt: request.expiresAt,
    });
    expect(mail.subject).toContain(`${STAGE_LABELS[stage]} 요청`);
    expect(mail.text).toContain(STAGE_LABELS[stage]);
  });

  it('congratulates the awardee', () => {
    const mail = awardedMail({ nomination, cycle, certificateAttached: true });
    expect(mail.subject).toBe('[고용서비스상] 2023년 올해의 고용서비스상 수상을 축하드립니다');
    expect(mail.text).toContain('표창장을 PDF 파일로 첨부해 드립니다');
    expect(awardedMail({ nomination, cycle, certificateAttached: false }).text).not.toContain('첨부');
    expect(mail.text).toContain('김민지 님께');
    expect(mail.text).toContain('수요자 맞춤형 취업·채용지원 서비스');
    const organization = awardedMail({
      nomination: {
        ...nomination,
        nomineeType: 'organization',
        nominee: { name: '서울고용복지플러스센터', affiliation: '서울청' },
      },
      cycle,
      certificateAttached: true,
    });
    expect(organization.text).toContain('- 기관명: 서울고용복지플러스센터');
    expect(organization.text).toContain('귀 기관');
  });

  it('tells the nominator about a rejection, with the stage and the reason', () => {
    const mail = rejectedMail({
      nomination,
      cycle,
      stage: 'hq_review',
      comment: '실적 근거 부족',
      statusUrl,
    });
    expect(mail.text).toContain('본부 심사');
    expect(mail.text).toContain('실적 근거 부족');
    expect(mail.text).toContain(statusUrl);
    expect(mail.html).toContain(`href="${statusUrl}"`);
    expect(mail.text).toContain('박서준 님께');
    const noReason = rejectedMail({ nomination, cycle, stage: 'center_review', statusUrl });
    expect(noReason.text).toContain('사유 미기재');
    expect(noReason.html).toContain('사유 미기재');
  });

  it('asks the nominator to correct and resubmit', () => {
    const formUrl = 'http://localhost:3000/';
    const mail = returnedMail({
      nomination,
      cycle,
      comment: '세부공적에 수치를 보완해 주세요.',
      statusUrl,
      formUrl,
    });
    expect(mail.subject).toBe('[고용서비스상] 추천서 보완 요청: 김민지');
    expect(mail.text).toContain('보완 요청');
    expect(mail.text).toContain('세부공적에 수치를 보완해 주세요.');
    expect(mail.text).toContain('다시 제출');
    expect(mail.text).toContain('http://localhost:3000/\n');
    expect(mail.text).toContain(statusUrl);
    expect(returnedMail({ nomination, cycle, statusUrl, formUrl }).text).toContain('사유 미기재');
  });
});

describe('mail events in the audit trail', () => {
  const at = '2026-11-10T02:00:00.000Z';
  it('name the mail by its kind, never by its tag or hash', () => {
    const bounced = describeEvent({
      type: 'mail_bounced',
      at,
      actor: 'ses',
      mail: 'reminder_1e862ee5c0ffee_2',
      stage: 'hq_review',
      recipients: ['x@example.test'],
      bounceType: 'Permanent',
      bounceSubType: 'General',
      attention: true,
    });
    expect(bounced).toBe('처리 기한 안내 메일 반송 (영구 반송) · 본부 심사 · 담당자 확인 필요');
    expect(
      describeEvent({
        type: 'mail_complained',
        at,
        actor: 'ses',
        mail: 'delegation_1e862ee5',
        recipients: [],
      } as never),
    ).toBe('위임 알림 메일 수신자 스팸 신고: 운영자가 해제할 때까지 이 주소로 메일을 보내지 않음');
    expect(
      describeEvent({
        type: 'mail_delivered',
        at,
        actor: 'ses',
        mail: 'unknown_kind',
        recipients: [],
      } as never),
    ).toBe('안내 메일 전달됨');
  });
});
