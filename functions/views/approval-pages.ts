import { type ApprovalRequest, MAX_COMMENT } from '../domain/approval';
import type { Cycle } from '../domain/cycle';
import type { FieldErrors } from '../domain/errors';
import type { AuditEvent, Nomination } from '../domain/nomination';
import type { QuotaUsage } from '../domain/quota';
import { DECISION_LABELS, type Decision, type ReviewStage, STAGE_LABELS } from '../domain/stages';
import type { ApprovalView, ClosedApprovalSummary } from '../use-cases/decide-approval';
import {
  esc,
  euro,
  FORM_TOKEN_FIELD,
  formatKst,
  historyAnswer,
  historyTable,
  inputRows,
  layout,
  nominationAnswer,
  nomineeLabel,
  quotaUsageLine,
  ROLE_LABELS,
  STAGE_ROLES,
  summaryList,
} from './common';
import { changesSection, revisionsAnswer } from './correction-parts';
import { delegationSection } from './delegation-pages';

/*
 * The approval link's pages (the `review` function): the file with the decision form, the notice of
 * a link that can no longer decide, and the answer to a decision; with their JSON answers.
 */

/** What the approval page's token is for: a batch page's token, made from its own link, says another. */
export const DECISION_TOKEN_PURPOSE = 'approval-decision';

/* ------------------------------------------------------------------ approval page */

function attachmentList(nomination: Nomination): string {
  const files = nomination.attachments ?? [];
  if (files.length === 0) return '';
  const items = files
    .map((file) => `<li>${esc(file.filename)} <span class="hint">(${esc(formatSize(file.size))})</span></li>`)
    .join('\n');
  return `<h3>첨부 파일 <span class="en" lang="en">Attachments</span></h3>\n<ul class="attachments">\n${items}\n</ul>`;
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function nominationDetails(nomination: Nomination, cycle: Cycle): string {
  return `${summaryList([
    ['추천번호', nomination.id],
    ...inputRows(nomination, cycle),
    ['추천 센터', nomination.centerName ?? nomination.centerId],
    ['접수 경로', nomination.source?.channel === 'email' ? '이메일' : '웹 양식'],
    ['접수일시', formatKst(nomination.createdAt)],
    ['현재 단계', STAGE_LABELS[nomination.stage]],
  ])}\n${attachmentList(nomination)}`;
}

/** The decision form; after a refused decision it shows why and keeps what the approver wrote. */
function decisionForm(
  actionUrl: string,
  formToken: string | undefined,
  refused?: { errors: FieldErrors; comment?: string },
): string {
  const messages = Object.values(refused?.errors ?? {}).filter((message) => message !== '');
  const alert = messages.length
    ? `<div class="error-summary" role="alert" tabindex="-1">
<h2>결정을 접수하지 못했습니다 <span class="en" lang="en">(Not recorded)</span></h2>
<ul>
${messages.map((message) => `<li><a href="#comment">${esc(message)}</a></li>`).join('\n')}
</ul>
</div>`
    : '';
  const invalid = refused?.errors.comment ? ' aria-invalid="true"' : '';
  return `${alert}<form method="post" action="${esc(actionUrl)}" accept-charset="utf-8">
${formToken === undefined ? '' : `<input type="hidden" name="${FORM_TOKEN_FIELD}" value="${esc(formToken)}">\n`}<div class="field">
<label for="comment">의견 <span class="en" lang="en">Comment</span></label>
<span class="hint" id="comment-hint">반려 또는 보완 요청 시에는 사유를 꼭 적어 주세요. 추천 센터에 그대로 전달됩니다 (${MAX_COMMENT.toLocaleString('en-US')}자 이내).</span>
<textarea id="comment" name="comment" rows="5" maxlength="${MAX_COMMENT}" aria-describedby="comment-hint"${invalid}>${esc(refused?.comment ?? '')}</textarea>
</div>
<div class="buttons">
<button type="submit" name="decision" value="approve" class="button">승인</button>
<button type="submit" name="decision" value="reject" class="button button-danger">반려</button>
<button type="submit" name="decision" value="return" class="button button-secondary">보완 요청</button>
</div>
</form>`;
}

/** The cycle's award quota usage, as guidance for HQ and the minister; this nomination's lines marked. */
function quotaSection(quota: readonly QuotaUsage[], nomination: Nomination): string {
  if (quota.length === 0) return '';
  const items = quota
    .map((usage) => {
      const applies =
        usage.nomineeType === nomination.nomineeType &&
        (usage.categoryId === undefined || usage.categoryId === nomination.category);
      const line = esc(quotaUsageLine(usage));
      return applies ? `<li><strong>${line}</strong> · 이 추천서 해당</li>` : `<li>${line}</li>`;
    })
    .join('\n');
  return `<h2>수상 한도 현황 <span class="en" lang="en">Award quota usage</span></h2>
<ul class="quota">
${items}
</ul>
<p class="hint">참고용입니다. 장관 승인으로 수상이 확정될 때 한도를 넘는 승인은 처리되지 않습니다.</p>`;
}

/** The approval page of a link that can decide: the file, its history and the decision form. */
export function renderApproval(model: {
  request: ApprovalRequest;
  nomination: Nomination;
  history: readonly AuditEvent[];
  cycle: Cycle;
  actionUrl: string;
  /**
   * The page's anti-forgery token, posted back with the decision. Without it the form is rendered
   * without the field, and its posts are refused (the review function always gives one).
   */
  formToken?: string;
  /** The cycle's award quota usage (HQ and the minister). */
  quota?: readonly QuotaUsage[];
  /** A decision that was refused (e.g. a rejection without a reason): shown above the form. */
  refused?: { errors: FieldErrors; comment?: string };
  /** The delegation form (after the decision form), where the holder may hand the decision on. */
  delegation?: Omit<Parameters<typeof delegationSection>[0], 'tokenField'>;
}): string {
  const { request, nomination, history, cycle, actionUrl, formToken, quota, refused, delegation } = model;
  const stageLabel = STAGE_LABELS[request.stage];
  const body = `<h1>${esc(stageLabel)} 요청 <span class="en" lang="en">Approval request</span></h1>
<p class="lead">${esc(request.approver.name)} 님께 ${esc(cycle.title)} 추천서의 <strong>${esc(stageLabel)}</strong> 결정을 요청드립니다.</p>
<div class="panel panel-info">
<p>후보자: <strong>${esc(nomineeLabel(nomination))}</strong> (${esc(nomination.nominee.affiliation)})</p>
<p>처리 기한: <strong>${esc(formatKst(request.dueAt ?? request.expiresAt))}</strong></p>
<p class="hint">이 페이지를 여는 것만으로는 아무것도 결정되지 않습니다. 이 링크는 ${esc(request.approver.name)} 님 전용이니 다른 사람에게 전달하지 마세요.</p>
</div>
${changesSection(nomination, cycle)}
<h2>추천 내용</h2>
${nominationDetails(nomination, cycle)}
<h2>처리 이력</h2>
${historyTable(history)}
${quota ? quotaSection(quota, nomination) : ''}
<h2>결정하기</h2>
<p>아래 버튼 중 하나를 눌러야 결정이 접수됩니다. 결정은 한 번만 할 수 있습니다.</p>
${decisionForm(actionUrl, formToken, refused)}
${delegation ? delegationSection({ ...delegation, tokenField: FORM_TOKEN_FIELD }) : ''}`;
  return layout(`${stageLabel} 요청: ${nomination.nominee.name}`, body);
}

/** The decision on record, in a sentence or two (only a decision that counted is on record). */
function recordedDecision(request: ClosedApprovalSummary): string {
  if (!request.decision) return '';
  const when = request.decidedAt ? ` (${esc(formatKst(request.decidedAt))})` : '';
  const comment = request.comment ? `\n<p>의견: ${esc(request.comment)}</p>` : '';
  return `<p>결정: <strong>${esc(DECISION_LABELS[request.decision])}</strong>${when}</p>${comment}`;
}

/**
 * A link that can no longer decide (used, expired, superseded, void): the notice and the decision on
 * record, nothing of the nomination file. Links stay in mailboxes and get forwarded long after use.
 */
export function renderApprovalClosed(model: {
  request: ClosedApprovalSummary;
  closedMessage: string;
}): string {
  const { request, closedMessage } = model;
  const stageLabel = STAGE_LABELS[request.stage];
  const body = `<h1>${esc(stageLabel)} 요청 <span class="en" lang="en">Approval request</span></h1>
<div class="panel panel-warn" role="status">
<p><strong>${esc(closedMessage)}</strong></p>
${request.delegatedToName ? `<p>위임받은 분: <strong>${esc(request.delegatedToName)}</strong></p>` : ''}
${recordedDecision(request)}
</div>
<p class="hint">사용이 끝난 링크에서는 추천서 내용을 보여 드리지 않습니다. 문의는 담당 부서(고용서비스정책과)로 해 주세요.</p>`;
  return layout(`${stageLabel} 요청: 사용할 수 없는 링크`, body);
}

/* ------------------------------------------------------------------ after a decision */

/** What the workflow does next after a decision at a stage (plain text). */
export function nextStepText(stage: ReviewStage, decision: Decision): string {
  switch (decision) {
    case 'approve':
      if (stage === 'center_review')
        return '본부 심사로 넘어갑니다. 고용서비스정책과에 심사 요청이 발송됩니다.';
      if (stage === 'hq_review') return '장관 승인 단계로 넘어갑니다. 장관실에 승인 요청이 발송됩니다.';
      return '수상이 확정되어 수상자에게 통보됩니다.';
    case 'reject':
      return '추천 센터에 사유와 함께 통보됩니다.';
    case 'return':
      if (stage === 'center_review') return '추천 센터에 보완 요청으로 돌려보냅니다. 의견이 함께 전달됩니다.';
      if (stage === 'hq_review') return '이전 단계(센터 심사)로 돌려보냅니다. 의견이 함께 전달됩니다.';
      return '이전 단계(본부 심사)로 돌려보냅니다. 의견이 함께 전달됩니다.';
  }
}

export function renderDecided(model: {
  nomination: Nomination;
  stage: ReviewStage;
  decision: Decision;
  comment?: string;
  decidedAt: string;
  alreadyDecided: boolean;
}): string {
  const { nomination, stage, decision, comment, decidedAt, alreadyDecided } = model;
  const decisionLabel = DECISION_LABELS[decision];
  const heading = alreadyDecided ? '이미 처리된 결정입니다' : `결정이 접수되었습니다: ${decisionLabel}`;
  const intro = alreadyDecided
    ? `이 링크의 결정은 이미 ${formatKst(decidedAt)}에 ‘${decisionLabel}’${euro(decisionLabel)} 처리되었습니다. 결정은 한 번만 할 수 있으며, 기록된 결정은 다음과 같습니다.`
    : `${STAGE_LABELS[stage]} 결정이 ‘${decisionLabel}’${euro(decisionLabel)} 접수되었습니다.`;
  const body = `<div class="panel ${alreadyDecided ? 'panel-info' : 'panel-ok'}" role="status">
<h1>${esc(heading)}</h1>
<p class="lead">${esc(intro)}</p>
</div>
${summaryList([
  // A used link shows the decision on record, not the file: only a fresh decision names the nominee.
  ...(alreadyDecided
    ? []
    : ([
        ['추천번호', nomination.id],
        ['후보자', nomineeLabel(nomination)],
        ['소속', nomination.nominee.affiliation],
      ] as const)),
  ['심사 단계', STAGE_LABELS[stage]],
  ['결정', decisionLabel],
  ['의견', comment],
  ['결정일시', formatKst(decidedAt)],
])}
<h2>다음 단계</h2>
<p>${esc(nextStepText(stage, decision))}</p>
<p class="hint">이 창은 닫으셔도 됩니다.</p>`;
  return layout(heading, body);
}

/* ------------------------------------------------------------------ JSON answers (allow-lists, see views/common.ts) */

function quotaAnswer(usage: QuotaUsage) {
  return {
    nomineeType: usage.nomineeType,
    ...(usage.categoryId !== undefined ? { categoryId: usage.categoryId } : {}),
    ...(usage.categoryName !== undefined ? { categoryName: usage.categoryName } : {}),
    limit: usage.limit,
    awarded: usage.awarded,
    remaining: usage.remaining,
  };
}

/**
 * GET /approvals/{approvalId} as JSON: the request (stage, status, deadline, the approver's role;
 * never the task token, link nonce, hash or the approver's address), and while the link can
 * decide, the file and its history; once it cannot, only the notice and the decision on record.
 */
export function approvalAnswer(view: ApprovalView) {
  if (!view.open) {
    const { request } = view;
    return {
      request: {
        stage: request.stage,
        status: request.status,
        expiresAt: request.expiresAt,
        approverRole: ROLE_LABELS[STAGE_ROLES[request.stage]],
        ...(request.decision ? { decision: request.decision } : {}),
        ...(request.decidedAt ? { decidedAt: request.decidedAt } : {}),
        ...(request.comment ? { comment: request.comment } : {}),
      },
      closed: view.closedMessage,
    };
  }
  const { request, nomination, history, quota } = view;
  return {
    request: {
      stage: request.stage,
      status: 'open' as const,
      expiresAt: request.expiresAt,
      ...(request.dueAt !== undefined ? { dueAt: request.dueAt } : {}),
      approverRole: ROLE_LABELS[STAGE_ROLES[request.stage]],
    },
    nomination: nominationAnswer(nomination),
    history: historyAnswer(history),
    ...(quota ? { quota: quota.map(quotaAnswer) } : {}),
    // What the center changed on each return, field by field, with the previous values.
    ...(nomination.revisions?.length ? { revisions: revisionsAnswer(nomination) } : {}),
  };
}

/**
 * POST /approvals/{approvalId} as JSON. The nomination id (the key of the nominator's status page)
 * only with a fresh decision: a used link, posted again, tells nothing of the file.
 */
export function decisionAnswer(result: {
  nomination: Pick<Nomination, 'id'>;
  stage: ReviewStage;
  decision: Decision;
  decidedAt: string;
  alreadyDecided: boolean;
}) {
  return {
    ...(result.alreadyDecided ? {} : { nominationId: result.nomination.id }),
    stage: result.stage,
    decision: result.decision,
    decidedAt: result.decidedAt,
    alreadyDecided: result.alreadyDecided,
  };
}
