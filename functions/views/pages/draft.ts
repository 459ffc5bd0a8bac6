import type { Cycle } from '../../domain/cycle';
import type { Draft } from '../../domain/draft';
import { formatKst } from '../common';
import { layout } from '../components/layout';
import { INPUT_ROWS, nominationRows } from '../components/nomination-rows';
import { summaryList } from '../components/summary-list';
import { html, renderDocument } from '../html';

/** GET of the confirmation link: the draft and the confirm button; reading changes nothing. */
export function renderDraft(model: {
  draft: Draft;
  cycle: Cycle;
  centerName: string;
  actionUrl: string;
  closedMessage?: string;
}): string {
  const { draft, cycle, centerName, actionUrl, closedMessage } = model;
  const heading = '추천서 확정';
  const action =
    closedMessage === undefined
      ? html`<form method="post" action="${actionUrl}" accept-charset="utf-8">
<div class="buttons"><button type="submit" class="button">추천 확정</button></div>
</form>
<p class="hint">확정하면 센터 심사부터 차례로 진행됩니다. 내용이 다르면 확정하지 말고 양식에서 다시 작성해 주세요(이 링크는 ${formatKst(draft.expiresAt)}에 만료됩니다).</p>`
      : html`<div class="panel panel-warn" role="status"><p><strong>${closedMessage}</strong></p></div>`;
  const body = html`<h1>${heading} <span class="en" lang="en">Confirm the nomination</span></h1>
<p class="lead">${centerName} 명의로 작성된 추천서입니다. 이 확인 링크는 센터가 등록한 추천 담당 메일 주소로만 발송되었습니다.</p>
<p class="hint">이 페이지를 여는 것만으로는 아무것도 접수되지 않습니다.</p>
${summaryList(nominationRows(draft.input, cycle, INPUT_ROWS))}
${action}`;
  return renderDocument(layout(`${heading}: ${draft.input.nominee.name}`, body));
}
