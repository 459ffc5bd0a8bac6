import type { CorrectionRequest, FieldChange } from '../../domain/correction';
import type { Cycle } from '../../domain/cycle';
import type { Nomination } from '../../domain/nomination';
import { nomineeLabel } from '../common';
import { layout } from '../components/layout';
import { summaryList } from '../components/summary-list';
import { changesTable } from '../correction-parts';
import { html, renderDocument } from '../html';
import { ROW_LABELS, STAGE_LABELS } from '../texts';

/** After the final post: the correction is in, and the nomination is back with its reviewer. */
export function renderCorrected(model: {
  nomination: Nomination;
  cycle: Cycle;
  request: CorrectionRequest;
  changes: readonly FieldChange[];
}): string {
  const { nomination, cycle, request, changes } = model;
  const stage = STAGE_LABELS[request.returnedAt];
  const heading = '보완 제출 완료';
  const body = html`<div class="panel panel-ok" role="status">
<h1>${heading} <span class="en" lang="en">Correction submitted</span></h1>
<p class="lead">${`보완 요청 ${request.round}회차의 보완 내용이 접수되었습니다. 추천서는 ${stage} 단계로 돌아가 심사가 이어집니다.`}</p>
</div>
${summaryList([
  [ROW_LABELS.id, nomination.id],
  [ROW_LABELS.nominee, nomineeLabel(nomination)],
  ['돌아간 단계', stage],
])}
${changesTable(changes, cycle, '바뀐 항목 (이전 값 → 바뀐 값)')}
<p>진행 상황은 접수 확인 메일의 진행 상황 링크에서 확인해 주세요.</p>
<p class="hint">이 창은 닫으셔도 됩니다.</p>`;
  return renderDocument(layout(heading, body));
}
