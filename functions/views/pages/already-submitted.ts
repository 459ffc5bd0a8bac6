import { layout } from '../components/layout';
import { html, renderDocument } from '../html';

/**
 * A repeated submission. It reveals nothing of the stored nomination: who knows a nominee's name
 * and e-mail must not get its status link. The nominator has it in the receipt mail.
 */
export function renderAlreadySubmitted(): string {
  const heading = '이미 접수된 추천입니다';
  const body = html`<div class="panel panel-info" role="status">
<h1>${heading} <span class="en" lang="en">Already submitted</span></h1>
<p class="lead">같은 센터가 같은 분야에 같은 후보자를 추천한 내용이 이미 접수되어 있어, 새로 접수하지 않았습니다.</p>
<p>진행 상황은 처음 접수할 때 센터의 등록된 추천 담당 메일로 보내 드린 <strong>접수 확인</strong> 메일의 링크에서 확인해 주세요. 내용을 고쳐야 하면 추천 센터를 통해 고용서비스정책과에 문의해 주세요.</p>
</div>`;
  return renderDocument(layout(heading, body));
}
