import type { BatchOutcome, BatchResult, BatchRowResult, ReviewPage } from '../../use-cases/batch-review';
import { categoryName, euro, formatKst, nomineeLabel, quotaReachedMessage } from '../common';
import { layout } from '../components/layout';
import { REVIEW_STYLE } from '../components/review-style';
import { html, join, renderDocument } from '../html';
import { CLOSED_MESSAGES } from '../messages';
import { DECISION_LABELS, nextStepText, OUTCOME_LABELS, STAGE_LABELS } from '../texts';

/** What happened to one row of a batch, in a sentence (the page and the JSON answer say it alike). */
export function outcomeNote(row: BatchRowResult, stage: ReviewPage['stage']): string {
  switch (row.outcome) {
    case 'done':
      return row.handoverUncertain
        ? '결정이 기록되었습니다. 처리 확인이 늦어지고 있어 담당자가 확인합니다.'
        : '결정이 접수되었습니다.';
    case 'already_decided': {
      if (!row.decision) return CLOSED_MESSAGES.decided;
      const label = DECISION_LABELS[row.decision];
      const when = row.decidedAt ? `${formatKst(row.decidedAt)}에 ` : '';
      return `이미 ${when}‘${label}’${euro(label)} 처리된 추천서입니다. 다시 처리하지 않았습니다.`;
    }
    case 'beyond_quota':
      return row.quota
        ? `${quotaReachedMessage(row.quota.counter, row.quota.awarded)} 이 추천서는 ${STAGE_LABELS[stage]}을 계속 기다리며, 반려 또는 보완 요청은 할 수 있습니다.`
        : '수상 한도에 도달했습니다.';
    case 'closed':
      return row.closedReason ? CLOSED_MESSAGES[row.closedReason] : CLOSED_MESSAGES.void;
    case 'not_found':
      return '이 링크로 결정할 수 있는 추천서가 아닙니다 (단계가 바뀌었거나 다른 담당자의 요청입니다).';
    case 'failed':
      return '일시적인 문제로 처리하지 못했습니다. 잠시 후 대기 목록에서 다시 선택해 주세요.';
    case 'not_attempted':
      return '처리 시간이 부족해 처리하지 않았습니다. 대기 목록에서 다시 선택해 주세요.';
  }
}

/** Counts of each outcome, in a fixed order. */
export function outcomeCounts(result: BatchResult): Record<BatchOutcome, number> {
  const counts: Record<BatchOutcome, number> = {
    done: 0,
    already_decided: 0,
    beyond_quota: 0,
    closed: 0,
    not_found: 0,
    failed: 0,
    not_attempted: 0,
  };
  for (const row of result.results) counts[row.outcome] += 1;
  return counts;
}

/** After a batch POST: each row's outcome (done, already decided, beyond quota, ...). */
export function renderBatchResult(model: { result: BatchResult; backUrl: string }): string {
  const { result, backUrl } = model;
  const decisionLabel = DECISION_LABELS[result.decision];
  const counts = outcomeCounts(result);
  const summary = (Object.keys(counts) as BatchOutcome[])
    .filter((outcome) => counts[outcome] > 0)
    .map((outcome) => `${OUTCOME_LABELS[outcome]} ${counts[outcome]}건`)
    .join(', ');
  const rows = result.results.map((row) => {
    const who = row.nomination ? nomineeLabel(row.nomination) : `추천번호 ${row.nominationId}`;
    const category = row.nomination ? categoryName(result.cycle, row.nomination.category) : '';
    return html`<tr class="outcome-row" data-outcome="${row.outcome}">
<td>${who}${row.nomination && html`<br><span class="hint">${row.nomination.nominee.affiliation}</span>`}</td>
<td>${category}</td>
<td><span class="outcome-${row.outcome}">${OUTCOME_LABELS[row.outcome]}</span></td>
<td>${outcomeNote(row, result.stage)}</td>
</tr>`;
  });
  const allDone = counts.done === result.results.length;
  const heading = `일괄 ${decisionLabel} 결과`;
  const body = html`${REVIEW_STYLE}
<div class="panel ${allDone ? 'panel-ok' : 'panel-info'}" role="status">
<h1>${heading} <span class="en" lang="en">Batch result</span></h1>
<p class="lead">선택한 ${result.results.length}건: ${summary}</p>
</div>
<div class="table-wrap">
<table class="batch-result">
<caption>추천서별 처리 결과 (${STAGE_LABELS[result.stage]}, ${decisionLabel})</caption>
<thead><tr><th scope="col">후보자</th><th scope="col">분야</th><th scope="col">결과</th><th scope="col">내용</th></tr></thead>
<tbody>
${join(rows, '\n')}
</tbody>
</table>
</div>
${counts.done > 0 && html`<h2>다음 단계</h2>\n<p>${nextStepText(result.stage, result.decision)}</p>`}
<p><a class="button" href="${backUrl}">대기 목록으로 돌아가기</a></p>
<p class="hint">같은 결정을 다시 보내도 이미 처리된 추천서는 다시 처리되지 않습니다.</p>`;
  return renderDocument(layout(heading, body));
}
