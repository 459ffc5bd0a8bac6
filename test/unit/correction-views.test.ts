import cycle2026 from '../../config/cycle-2026.json';
import directoryData from '../../config/directory.json';
import type { ApprovalRequest } from '../../functions/domain/approval';
import type { CorrectionRequest } from '../../functions/domain/correction';
import type { Cycle, Directory } from '../../functions/domain/cycle';
import type { AuditEvent, Nomination } from '../../functions/domain/nomination';
import { approvalAnswer, renderApproval } from '../../functions/views/approval-pages';
import { describeEvent, eventAnswer, eventRole } from '../../functions/views/common';
import {
  CORRECTION_TOKEN_PURPOSE,
  correctionResultAnswer,
  correctionViewAnswer,
  renderCorrected,
  renderCorrectionClosed,
  renderCorrectionForm,
  renderCorrectionPreview,
} from '../../functions/views/correction-pages';
import { changesSection, formValuesOf, roundsSection } from '../../functions/views/correction-parts';
import { correctionRequestMail } from '../../functions/views/mails';
import { renderStatus, statusAnswer } from '../../functions/views/pages';

const cycle = cycle2026 as Cycle;
const directory = directoryData as Directory;
const XSS = '<img src=x onerror=alert(1)>';

const nomination: Nomination = {
  id: '2026-abcdefghijkmnpqrstu',
  cycle: '2026',
  category: 'job-matching',
  nomineeType: 'individual',
  nominee: {
    name: '김민지',
    affiliation: '서울고용복지플러스센터',
    position: '주무관',
    email: 'minji@example.test',
    serviceYears: 7,
  },
  meritPeriod: { from: '2026-01', to: '2026-10' },
  meritSummary: `취업률 25%p 향상 ${XSS}`,
  meritDetails: '세부',
  disciplinaryHistory: false,
  consent: true,
  centerId: 'seoul',
  centerName: '서울고용복지플러스센터',
  submitter: { name: '박서준', email: 'award.seoul@example.test' },
  stage: 'hq_review',
  version: 7,
  createdAt: '2026-10-01T00:00:00Z',
  updatedAt: '2026-10-06T00:00:00Z',
  correctionRound: 1,
  revisions: [
    {
      round: 1,
      at: '2026-10-05T01:00:00Z',
      returnedAt: 'hq_review',
      note: `근거를 붙였습니다 ${XSS}`,
      changes: [
        { field: 'meritSummary', before: `취업률 20%p 향상 <b>old</b>` },
        { field: 'nominee.serviceYears', before: 6 },
        { field: 'priorAwards', before: '-' },
      ],
    },
  ],
};

const request: CorrectionRequest = {
  idHash: 'a'.repeat(64),
  nominationId: nomination.id,
  round: 1,
  returnedAt: 'hq_review',
  comment: `실적 근거를 보완해 주세요 ${XSS}`,
  taskToken: 'secret-task-token',
  createdAt: '2026-10-04T00:00:00Z',
  expiresAt: '2026-10-18T00:00:00Z',
  status: 'open',
};

const history: AuditEvent[] = [
  { type: 'submitted', at: '2026-10-01T00:00:00Z', actor: '서울고용복지플러스센터 (등록 주소 확인)' },
  {
    type: 'decided',
    at: '2026-10-04T00:00:00Z',
    actor: 'hq.reviewer@example.test',
    stage: 'hq_review',
    decision: 'return',
    comment: '실적 근거를 보완해 주세요',
  },
  {
    type: 'correction_requested',
    at: '2026-10-04T00:00:01Z',
    actor: 'workflow',
    stage: 'hq_review',
    round: 1,
    comment: '실적 근거를 보완해 주세요',
  },
  {
    type: 'corrected',
    at: '2026-10-05T01:00:00Z',
    actor: '서울고용복지플러스센터 (보완 요청 수정 링크)',
    stage: 'hq_review',
    round: 1,
    fields: ['meritSummary', 'nominee.serviceYears', 'priorAwards'],
  },
];

describe('the edit form', () => {
  const page = renderCorrectionForm({
    request,
    nomination: { ...nomination, stage: 'correction_requested' },
    cycle,
    directory,
    actionUrl: '/corrections/LINK',
    formToken: 'TOKEN',
    maxRounds: 2,
  });

  it('is the nomination form, prefilled, posting to the edit link with its token and step', () => {
    expect(page).toContain('<form method="post" action="/corrections/LINK"');
    expect(page).toContain('<input type="hidden" name="formToken" value="TOKEN">');
    expect(page).toContain('<input type="hidden" name="step" value="preview">');
    expect(page).toContain('name="nominee.name" value="김민지"');
    expect(page).toContain('name="nominee.serviceYears" value="7"');
    expect(page).toMatch(/name="nomineeType" value="individual" checked/);
    expect(page).toContain('변경 사항 확인</button>');
    expect(page).toContain('name="note"');
    // The nominating center cannot change: no select, no field.
    expect(page).not.toContain('<select id="centerId"');
    expect(page).toContain('서울고용복지플러스센터');
  });

  it("shows the reviewer's reason, round and deadline, escaped", () => {
    expect(page).toContain('보완 요청 <strong>1회차</strong> (최대 2회)');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toContain(XSS);
    expect(page).toContain('2026년 10월 18일 09:00 (KST)');
  });

  it('prefills from the form fields of a nomination', () => {
    expect(formValuesOf(nomination)).toMatchObject({
      cycle: '2026',
      'nominee.email': 'minji@example.test',
      'meritPeriod.from': '2026-01',
      disciplinaryHistory: 'false',
      consent: 'true',
      centerId: 'seoul',
    });
    expect(formValuesOf(nomination)).not.toHaveProperty('priorAwards');
  });
});

describe('the confirmation step and the result', () => {
  it('shows the changes, escaped, and carries the posted values to the final post', () => {
    const page = renderCorrectionPreview({
      request,
      nomination,
      cycle,
      actionUrl: '/corrections/LINK',
      formToken: 'TOKEN',
      values: { meritSummary: `새 요지 ${XSS}`, formToken: 'old', step: 'preview', note: 'x' },
      changes: [{ field: 'meritSummary', before: '옛 요지', after: `새 요지 ${XSS}` }],
      note: '메모',
    });
    expect(page).toContain('<th scope="row">공적요지</th>');
    expect(page).toContain('옛 요지');
    expect(page).not.toContain(XSS);
    expect(page).toContain(
      `<input type="hidden" name="meritSummary" value="새 요지 &lt;img src=x onerror=alert(1)&gt;">`,
    );
    expect(page.match(/name="formToken"/g)).toHaveLength(1);
    expect(page).toContain('<input type="hidden" name="note" value="메모">');
    expect(page).toContain('name="step" value="confirm"');
    expect(page).toContain('name="step" value="edit"');
  });

  it('confirms the correction and where it went', () => {
    const page = renderCorrected({
      nomination,
      cycle,
      request,
      changes: [{ field: 'nominee.serviceYears', before: 6, after: 7 }],
    });
    expect(page).toContain('보완 제출 완료');
    expect(page).toContain('본부 심사 단계로 돌아가');
    expect(page).toContain('6년');
    expect(page).toContain('7년');
  });

  it('shows a closed link only the notice, nothing of the file', () => {
    const page = renderCorrectionClosed({
      reason: 'used',
      round: 1,
      returnedAt: 'hq_review',
      usedAt: '2026-10-05T01:00:00Z',
    });
    expect(page).toContain('이미 보완 제출이 접수된 링크입니다.');
    for (const secret of ['김민지', '취업률', nomination.id]) expect(page).not.toContain(secret);
  });
});

describe("the reviewer's approval page", () => {
  const approval: ApprovalRequest = {
    idHash: 'b'.repeat(64),
    nominationId: nomination.id,
    stage: 'hq_review',
    approver: { name: '고용서비스정책과', email: 'hq.reviewer@example.test' },
    taskToken: 'another-token',
    createdAt: '2026-10-05T01:00:01Z',
    expiresAt: '2026-10-26T00:00:00Z',
    status: 'open',
  };

  it('shows what changed, field by field, with the previous values (escaped)', () => {
    const page = renderApproval({ request: approval, nomination, history, cycle, actionUrl: '/approvals/x' });
    expect(page).toContain('변경 사항');
    expect(page).toContain('보완 제출 1회차');
    expect(page).toMatch(
      /<th scope="row">공적요지<\/th>\s*<td class="before">취업률 20%p 향상 &lt;b&gt;old&lt;\/b&gt;<\/td>/,
    );
    expect(page).toMatch(
      /<th scope="row">근무연수<\/th>\s*<td class="before">6년<\/td>\s*<td class="after">7년<\/td>/,
    );
    expect(page).toMatch(
      /<th scope="row">포상경력<\/th>\s*<td class="before">-<\/td>\s*<td class="after">\(없음\)<\/td>/,
    );
    expect(page).toContain('추천 센터의 보완 의견: 근거를 붙였습니다 &lt;img');
    expect(page).not.toContain(XSS);
  });

  it('has no such section for a nomination never corrected', () => {
    const { revisions: _revisions, ...plain } = nomination;
    expect(changesSection(plain, cycle)).toBeUndefined();
    expect(
      renderApproval({ request: approval, nomination: plain, history, cycle, actionUrl: '/x' }),
    ).not.toContain('변경 사항');
  });

  it('gives the changes in the JSON answer too, without the task token', () => {
    const answer = approvalAnswer({ open: true, request: approval, nomination, history });
    expect(answer).toMatchObject({
      revisions: [
        {
          round: 1,
          returnedAt: 'hq_review',
          changes: [
            { field: 'meritSummary', label: '공적요지', before: '취업률 20%p 향상 <b>old</b>' },
            { field: 'nominee.serviceYears', label: '근무연수', before: 6, after: 7 },
            { field: 'priorAwards', label: '포상경력', before: '-' },
          ],
        },
      ],
    });
    expect(JSON.stringify(answer)).not.toContain('another-token');
  });
});

describe('the status page and the history', () => {
  it('shows the rounds and the current stage of a nomination waiting for its correction', () => {
    const waiting = { ...nomination, stage: 'correction_requested' as const };
    const page = renderStatus({ nomination: waiting, history: history.slice(0, 3), cycle });
    expect(page).toContain('보완 요청 이력');
    expect(page).toContain('보완 요청 1회차');
    expect(page).toContain('보완 대기 중');
    expect(page).toContain('보완 요청(센터 보완 중)');
    expect(page).toContain('보완 요청을 받았습니다');
    expect(page).toContain('최대 2회');
  });

  it('shows a corrected round with the fields that changed', () => {
    const section = String(roundsSection(history, 2));
    expect(section).toContain('공적요지, 근무연수, 포상경력');
    expect(roundsSection(history.slice(0, 2))).toBeUndefined();
  });

  it('describes the new events in Korean, by role, and answers them by allow-list', () => {
    const [, , requested, corrected] = history as [AuditEvent, AuditEvent, AuditEvent, AuditEvent];
    expect(describeEvent(requested)).toBe(
      '본부 심사: 보완 요청 1회차, 추천 센터에 수정 링크 발송 (실적 근거를 보완해 주세요)',
    );
    expect(describeEvent(corrected)).toBe(
      '보완 제출 1회차: 공적요지, 근무연수, 포상경력 (본부 심사로 돌아감)',
    );
    expect(eventRole(requested)).toBe('system');
    expect(eventRole(corrected)).toBe('center');
    expect(eventAnswer(corrected)).toEqual({
      type: 'corrected',
      at: '2026-10-05T01:00:00Z',
      stage: 'hq_review',
      round: 1,
      fields: ['meritSummary', 'nominee.serviceYears', 'priorAwards'],
      role: 'center',
      actor: '추천 센터',
    });
    const status = statusAnswer(nomination, history);
    expect(status.corrections).toEqual([
      {
        round: 1,
        stage: 'hq_review',
        requestedAt: '2026-10-04T00:00:01Z',
        comment: '실적 근거를 보완해 주세요',
        correctedAt: '2026-10-05T01:00:00Z',
        fields: ['meritSummary', 'nominee.serviceYears', 'priorAwards'],
      },
    ]);
    expect(JSON.stringify(status)).not.toContain('hq.reviewer@example.test');
  });
});

describe('JSON of the edit link', () => {
  it('answers the request and the nomination while open, never the token or hash', () => {
    const answer = correctionViewAnswer({ open: true, request, nomination, maxRounds: 2 });
    expect(answer).toMatchObject({
      correction: { round: 1, returnedAt: 'hq_review', status: 'open', maxRounds: 2 },
      nomination: { id: nomination.id },
    });
    const text = JSON.stringify(answer);
    expect(text).not.toContain('secret-task-token');
    expect(text).not.toContain(request.idHash);
  });

  it('answers a closed link with the notice only, and a result with the changes', () => {
    const closed = correctionViewAnswer({
      open: false,
      closed: { reason: 'expired', round: 1, returnedAt: 'hq_review' },
    });
    expect(closed).toEqual({
      correction: { round: 1, returnedAt: 'hq_review', status: 'expired' },
      closed:
        '보완 기한이 지난 링크입니다. 추천서는 보완 요청으로 반송 처리됩니다. 문의는 고용서비스정책과로 해 주세요.',
    });
    expect(
      correctionResultAnswer({
        kind: 'corrected',
        nomination,
        request,
        changes: [{ field: 'meritSummary', before: 'a', after: 'b' }],
      }),
    ).toEqual({
      status: 'corrected',
      nominationId: nomination.id,
      returnTo: 'hq_review',
      round: 1,
      changes: [{ field: 'meritSummary', label: '공적요지', before: 'a', after: 'b' }],
    });
  });

  it('binds the page token to its own purpose', () => {
    expect(CORRECTION_TOKEN_PURPOSE).not.toBe('approval-decision');
  });
});

describe('the edit-link mail', () => {
  it('gives the center the reason, the round, the deadline and the link', () => {
    const mail = correctionRequestMail({
      nomination,
      cycle,
      centerName: '서울고용복지플러스센터',
      stage: 'minister_approval',
      round: 2,
      maxRounds: 2,
      comment: `수치 근거 ${XSS}`,
      link: 'http://localhost:3000/corrections/LINK',
      expiresAt: '2026-10-18T00:00:00Z',
    });
    expect(mail.subject).toBe('[고용서비스상] 추천서 보완 요청 (2회차): 김민지');
    expect(mail.text).toContain('장관 승인 단계에서 보완을 요청했습니다 (보완 요청 2회차, 최대 2회)');
    expect(mail.text).toContain(`수치 근거 ${XSS}`);
    expect(mail.html).not.toContain(XSS);
    expect(mail.text).toContain('http://localhost:3000/corrections/LINK');
    expect(mail.text).toContain('2026년 10월 18일 09:00 (KST)');
    expect(mail.text).toContain('마지막 보완 기회');
  });
});
