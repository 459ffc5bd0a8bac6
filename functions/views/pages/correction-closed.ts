import type { ClosedCorrectionSummary } from '../../use-cases/correct-nomination';
import { formatKst } from '../common';
import { layout } from '../components/layout';
import { html, renderDocument } from '../html';
import { CORRECTION_CLOSED_MESSAGES } from '../messages';
import { STAGE_LABELS } from '../texts';

/** A link that can no longer correct: the notice, nothing of the file (links live on in mailboxes). */
export function renderCorrectionClosed(closed: ClosedCorrectionSummary): string {
  const heading = '추천서 보완 링크';
  const body = html`<h1>${heading} <span class="en" lang="en">Correction link</span></h1>
<div class="panel panel-warn" role="status">
<p><strong>${CORRECTION_CLOSED_MESSAGES[closed.reason]}</strong></p>
<p>${STAGE_LABELS[closed.returnedAt]} 보완 요청 ${closed.round}회차</p>
${closed.usedAt && html`<p>보완 제출: ${formatKst(closed.usedAt)}</p>`}
</div>
<p class="hint">사용할 수 없는 링크에서는 추천서 내용을 보여 드리지 않습니다.</p>`;
  return renderDocument(layout(`${heading}: 사용할 수 없는 링크`, body));
}
