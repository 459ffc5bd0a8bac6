import type { Nomination } from '../../domain/nomination';
import type { Decision, ReviewStage } from '../../domain/stages';
import { euro, formatKst, nomineeLabel } from '../common';
import { layout } from '../components/layout';
import { summaryList } from '../components/summary-list';
import { html, renderDocument } from '../html';
import { DECISION_LABELS, nextStepText, ROW_LABELS, STAGE_LABELS } from '../texts';

/** After a decision on an approval link (or the same post again). */
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
  const body = html`<div class="panel ${alreadyDecided ? 'panel-info' : 'panel-ok'}" role="status">
<h1>${heading}</h1>
<p class="lead">${intro}</p>
</div>
${summaryList([
  // A used link shows the decision on record, not the file: only a fresh decision names the nominee.
  ...(alreadyDecided
    ? []
    : ([
        [ROW_LABELS.id, nomination.id],
        [ROW_LABELS.nominee, nomineeLabel(nomination)],
        [ROW_LABELS.affiliation, nomination.nominee.affiliation],
      ] as const)),
  ['심사 단계', STAGE_LABELS[stage]],
  ['결정', decisionLabel],
  ['의견', comment],
  ['결정일시', formatKst(decidedAt)],
])}
<h2>다음 단계</h2>
<p>${nextStepText(stage, decision)}</p>
<p class="hint">이 창은 닫으셔도 됩니다.</p>`;
  return renderDocument(layout(heading, body));
}
