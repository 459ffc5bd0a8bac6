import type { Person } from '../../domain/cycle';
import type { ReviewStage } from '../../domain/stages';
import { formatKst } from '../common';
import { layout } from '../components/layout';
import { html, renderDocument } from '../html';
import { STAGE_LABELS } from '../texts';

/** After the delegation form: who decides now. */
export function renderDelegated(model: {
  stage: ReviewStage;
  delegate: Person;
  dueAt: string;
  alreadyDelegated: boolean;
}): string {
  const heading = model.alreadyDelegated ? '이미 위임된 결정입니다' : '결정을 위임했습니다';
  const body = html`<div class="panel panel-ok" role="status">
<h1>${heading}</h1>
<p class="lead">${STAGE_LABELS[model.stage]} 결정을 ${model.delegate.name} 님께 위임했습니다. 그분께 새 승인 링크가 발송되었으며, 이 링크로는 더 이상 결정할 수 없습니다.</p>
<p>처리 기한: <strong>${formatKst(model.dueAt)}</strong></p>
</div>`;
  return renderDocument(layout(heading, body));
}
