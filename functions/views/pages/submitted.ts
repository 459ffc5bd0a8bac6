import type { Cycle } from '../../domain/cycle';
import type { Nomination } from '../../domain/nomination';
import { layout } from '../components/layout';
import { nominationRows, SUMMARY_ROWS } from '../components/nomination-rows';
import { summaryList } from '../components/summary-list';
import { html, renderDocument } from '../html';

/**
 * After a confirmed submission: the number, the nomination in short, and where the status link is:
 * in the receipt mail only (the page has no link: the web function cannot make one, and the id opens nothing).
 */
export function renderSubmitted(model: {
  nomination: Nomination;
  cycle: Cycle;
  /** Shown first, e.g. that this confirmation had been made before. */
  notice?: string;
}): string {
  const { nomination, cycle, notice } = model;
  const heading = '접수 완료';
  const body = html`<div class="panel panel-ok" role="status">
<h1>${heading} <span class="en" lang="en">Nomination received</span></h1>
${notice && html`<p>${notice}</p>`}
<p class="lead">${`${nomination.nominee.name} 후보자에 대한 추천서가 접수되었습니다.`}</p>
<p>추천번호: <strong>${nomination.id}</strong></p>
</div>
${summaryList(nominationRows(nomination, cycle, SUMMARY_ROWS))}
<h2>다음 단계</h2>
<p>추천 센터의 센터장에게 심사 요청 메일이 발송됩니다 (<strong>센터 심사</strong>). 이후 본부 심사(고용서비스정책과)와 장관 승인을 거쳐 결과를 이메일로 안내합니다.</p>
<h2>진행 상황 확인</h2>
<p>진행 상황 페이지의 링크는 센터의 등록된 추천 담당 메일로 보내 드리는 <strong>접수 확인 메일</strong>에 있습니다. 추천번호만으로는 진행 상황을 볼 수 없습니다.</p>
<p class="hint">이 링크를 아는 사람은 누구나 진행 상황을 볼 수 있으니 메일을 전달할 때 유의해 주세요.</p>`;
  return renderDocument(layout(heading, body));
}
