import type { ClosedReason } from '../../domain/approval';
import type { ClosedApprovalSummary } from '../../use-cases/decide-approval';
import { formatKst } from '../common';
import { layout } from '../components/layout';
import { html, renderDocument, type SafeHtml } from '../html';
import { CLOSED_MESSAGES } from '../messages';
import { DECISION_LABELS, STAGE_LABELS } from '../texts';

/** The decision on record, in a sentence or two (only a decision that counted is on record). */
function recordedDecision(request: ClosedApprovalSummary): SafeHtml | undefined {
  if (!request.decision) return undefined;
  return html`<p>결정: <strong>${DECISION_LABELS[request.decision]}</strong>${request.decidedAt && html` (${formatKst(request.decidedAt)})`}</p>${request.comment && html`\n<p>의견: ${request.comment}</p>`}`;
}

/**
 * A link that can no longer decide (used, expired, superseded, void): the notice and the decision on
 * record, nothing of the nomination file. Links stay in mailboxes and get forwarded long after use.
 */
export function renderApprovalClosed(model: {
  request: ClosedApprovalSummary;
  closedReason: ClosedReason;
}): string {
  const { request, closedReason } = model;
  const stageLabel = STAGE_LABELS[request.stage];
  const body = html`<h1>${stageLabel} 요청 <span class="en" lang="en">Approval request</span></h1>
<div class="panel panel-warn" role="status">
<p><strong>${CLOSED_MESSAGES[closedReason]}</strong></p>
${request.delegatedToName && html`<p>위임받은 분: <strong>${request.delegatedToName}</strong></p>`}
${recordedDecision(request)}
</div>
<p class="hint">사용이 끝난 링크에서는 추천서 내용을 보여 드리지 않습니다. 문의는 담당 부서(고용서비스정책과)로 해 주세요.</p>`;
  return renderDocument(layout(`${stageLabel} 요청: 사용할 수 없는 링크`, body));
}
