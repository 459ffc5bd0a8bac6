import { formatKst } from '../common';
import { layout } from '../components/layout';
import { html, renderDocument } from '../html';
import { SUBMISSION_MESSAGES } from '../texts';

/** After POST /nominations: the draft waits for the center's registered address. */
export function renderDraftSent(model: {
  centerName: string;
  expiresAt: string;
  alreadyPending: boolean;
}): string {
  const heading = '센터 확인 대기';
  const lead = model.alreadyPending
    ? SUBMISSION_MESSAGES.draftPending
    : `${model.centerName}의 등록된 추천 담당 메일 주소로 확인 메일을 보냈습니다.`;
  const body = html`<div class="panel panel-info" role="status">
<h1>${heading} <span class="en" lang="en">Waiting for the center's confirmation</span></h1>
<p class="lead">${lead}</p>
<p>메일의 링크를 열어 내용을 확인하고 <strong>추천 확정</strong>을 눌러야 접수됩니다. 확정 기한: <strong>${formatKst(model.expiresAt)}</strong></p>
</div>
<p class="hint">추천은 센터가 등록한 메일 주소에서 확정한 경우에만 접수됩니다(제출자 이메일로 입력한 주소와 관계없음). 메일이 오지 않으면 센터의 추천 담당자에게 문의해 주세요.</p>`;
  return renderDocument(layout(heading, body));
}
