import { MAX_COMMENT } from '../../domain/approval';
import type { FieldErrors } from '../../domain/errors';
import type { QuotaUsage } from '../../domain/quota';
import { MAX_BATCH_ROWS, REVIEW_SORT_KEYS, rowCommentField } from '../../domain/review-link';
import type { ReviewPage, ReviewRow } from '../../use-cases/batch-review';
import {
  categoryName,
  FORM_TOKEN_FIELD,
  formatKst,
  formatMeritPeriod,
  NOMINEE_TYPE_LABELS,
  nomineeLabel,
  quotaUsageLine,
} from '../common';
import { layout } from '../components/layout';
import { REVIEW_STYLE } from '../components/review-style';
import { html, join, multiline, renderDocument, type SafeHtml } from '../html';
import { decisionMessage, fieldMessages } from '../messages';
import { SORT_LABELS, STAGE_LABELS, STATE_LABELS } from '../texts';
import { formatKstTimestamp } from '../time';

function shortKst(iso: string | undefined): string {
  return iso ? formatKstTimestamp(iso).slice(0, 16) : '';
}

/** A link to this page with other query parameters (relative: the link id stays in the path). */
function pageHref(params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) query.set(name, String(value));
  const text = query.toString();
  return text ? `?${text}` : '?';
}

function quotaList(quota: readonly QuotaUsage[]): SafeHtml {
  const items = quota.map((usage) => html`<li>${quotaUsageLine(usage)}</li>`);
  return html`<ul class="quota">\n${join(items, '\n')}\n</ul>`;
}

/** The query of this page as it is (sort, order and where it starts), for links that keep the view. */
function here(page: ReviewPage, cursor: string | undefined) {
  return { sort: page.sort.key, order: page.sort.descending ? 'desc' : 'asc', cursor: cursor || undefined };
}

/** Several pages: a selection ticks what this page shows (one page is at most one batch POST). */
const selectAllLabel = (page: ReviewPage) =>
  page.pageCount > 1 ? '이 쪽의 결정 가능한 추천서 모두 선택' : '결정 가능한 추천서 모두 선택';

function sortTools(page: ReviewPage, select: string | undefined, cursor: string | undefined): SafeHtml {
  // Another sort starts again at the first page.
  const links = REVIEW_SORT_KEYS.map((key) => {
    const current = key === page.sort.key;
    const href = pageHref({ sort: key, order: current && !page.sort.descending ? 'desc' : 'asc', select });
    const arrow = current ? (page.sort.descending ? ' ▼' : ' ▲') : '';
    return html`<a href="${href}"${current && html` aria-current="true"`}>${SORT_LABELS[key]}${arrow}</a>`;
  });
  const view = here(page, cursor);
  return html`<nav class="review-tools" aria-label="정렬과 선택">
<span>정렬:</span>
${join(links, '\n')}
<span aria-hidden="true">|</span>
<a href="${pageHref({ ...view, select: 'all' })}">${selectAllLabel(page)}</a>
<a href="${pageHref(view)}">선택 해제</a>
</nav>`;
}

/**
 * The way through the pages: first, previous and next (cursors read at the index, so a page costs
 * the same wherever it is), with where the reviewer is. Pages follow receipt order; another sort
 * orders the rows within the page.
 */
function pager(page: ReviewPage, select: string | undefined): SafeHtml | undefined {
  if (page.pageCount <= 1 && page.next === undefined && page.previous === undefined) return undefined;
  const order = page.sort.descending ? 'desc' : 'asc';
  const to = (cursor: string) =>
    pageHref({ sort: page.sort.key, order, cursor: cursor || undefined, select });
  const byReceipt = page.sort.key === 'received';
  return html`<nav class="review-tools" aria-label="쪽 이동">
<span>쪽 <strong aria-current="page">${page.page}</strong> / ${page.pageCount} (한 쪽에 ${page.pageSize}건${byReceipt ? '' : ', 쪽은 접수 순서로 나뉘고 정렬은 쪽 안에서 적용됩니다'}):</span>
${page.page > 1 && html`<a href="${to('')}">처음</a>`}
${page.previous !== undefined && html`<a href="${to(page.previous)}" rel="prev">이전 쪽</a>`}
${page.next !== undefined && html`<a href="${to(page.next)}" rel="next">다음 쪽</a>`}
</nav>`;
}

/** A batch that was refused (bad input), with what the reviewer entered. */
export interface Refused {
  readonly errors: FieldErrors;
  readonly comment: string;
  readonly comments: Readonly<Record<string, string>>;
  readonly selected: ReadonlySet<string>;
}

function rowHtml(row: ReviewRow, checked: boolean, refused: Refused | undefined): SafeHtml {
  const { nomination } = row;
  const id = nomination.id;
  const open = row.state === 'open';
  const field = rowCommentField(id);
  const ownComment = refused?.comments[id] ?? '';
  const ownProblem = refused?.errors[field];
  const ownError = ownProblem && decisionMessage(ownProblem);
  const who = [
    NOMINEE_TYPE_LABELS[nomination.nomineeType],
    nomination.nomineeType === 'individual' ? nomination.nominee.position : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  const state =
    row.state === 'delegated' && row.delegatedToName
      ? `${STATE_LABELS.delegated} (${row.delegatedToName})`
      : STATE_LABELS[row.state];
  const commentBox =
    open &&
    html`<details class="own-comment"${(ownComment || ownError) && html` open`}>
<summary>개별 의견</summary>
${ownError && html`<span class="error-message" id="comment-${id}-error">${ownError}</span>`}<label class="visually-hidden" for="comment-${id}">${nomination.nominee.name} 개별 의견</label>
<textarea id="comment-${id}" name="${field}" rows="2" maxlength="${MAX_COMMENT}"${ownError && html` aria-invalid="true" aria-describedby="comment-${id}-error"`}>${ownComment}</textarea>
</details>`;
  return html`<tr id="row-${id}" class="state-${row.state}">
<td class="pick"><input type="checkbox" name="ids" value="${id}" id="pick-${id}"${checked && open && html` checked`}${!open && html` disabled`}></td>
<td><label for="pick-${id}"><strong>${nomineeLabel(nomination)}</strong></label><span class="hint">${who}</span>
<details><summary>공적요지</summary>
<p>${multiline(nomination.meritSummary)}</p>
<p class="hint">공적기간 ${formatMeritPeriod(nomination.meritPeriod)} · 추천번호 ${id}</p>
</details>
${commentBox}</td>
<td>${nomination.nominee.affiliation}<br><span class="hint">${nomination.centerName ?? nomination.centerId}</span></td>
<td>${shortKst(nomination.createdAt)}</td>
<td>${shortKst(row.dueAt)}</td>
<td><span class="state">${state}</span></td>
</tr>`;
}

function categoryQuota(page: ReviewPage, categoryId: string): SafeHtml | undefined {
  const own = page.quota.filter((usage) => usage.categoryId === categoryId);
  return own.length > 0
    ? html`<p class="hint">이 분야 수상 한도: ${own.map((usage) => quotaUsageLine(usage)).join(', ')}</p>`
    : undefined;
}

function groupHtml(
  page: ReviewPage,
  group: ReviewPage['groups'][number],
  isChecked: (row: ReviewRow) => boolean,
  select: string | undefined,
  refused: Refused | undefined,
  cursor: string | undefined,
): SafeHtml {
  const name = categoryName(page.cycle, group.categoryId);
  const people = group.rows.filter((row) => row.nomination.nomineeType === 'individual').length;
  const organisations = group.rows.length - people;
  const selectHref = pageHref({ ...here(page, cursor), select: group.categoryId });
  const rows = group.rows.map((row) => rowHtml(row, isChecked(row), refused));
  const headingId = `category-${group.categoryId}`;
  return html`<section aria-labelledby="${headingId}">
<h2 id="${headingId}">${name} <span class="en">${group.rows.length}건 (개인 ${people}명, 기관 ${organisations}곳)</span></h2>
${categoryQuota(page, group.categoryId)}<p><a href="${selectHref}">이 분야의 결정 가능한 추천서 모두 선택${page.pageCount > 1 && ' (이 쪽)'}</a>${select === group.categoryId && ' (선택됨)'}</p>
<div class="table-wrap">
<table class="batch">
<caption class="visually-hidden">${name} 분야 대기 추천서</caption>
<thead><tr><th scope="col">선택</th><th scope="col">후보자 · 공적요지</th><th scope="col">소속 · 추천 센터</th><th scope="col">접수일시 (KST)</th><th scope="col">처리 기한 (KST)</th><th scope="col">상태</th></tr></thead>
<tbody>
${join(rows, '\n')}
</tbody>
</table>
</div>
</section>`;
}

function errorSummary(refused: Refused | undefined): SafeHtml | undefined {
  if (!refused) return undefined;
  const entries = Object.entries(fieldMessages(refused.errors, decisionMessage)).filter(
    ([, message]) => message !== '',
  );
  if (entries.length === 0) return undefined;
  const target = (field: string) =>
    field === 'comment' ? '#comment' : field.startsWith('comment.') ? `#comment-${field.slice(8)}` : '#rows';
  return html`<div class="error-summary" role="alert" tabindex="-1">
<h2>결정을 접수하지 못했습니다 <span class="en" lang="en">(Nothing was recorded)</span></h2>
<p>아무것도 결정되지 않았습니다. 아래 내용을 고친 뒤 다시 눌러 주세요.</p>
<ul>
${join(
  entries.map(([field, message]) => html`<li><a href="${target(field)}">${message}</a></li>`),
  '\n',
)}
</ul>
</div>`;
}

/**
 * The batch page of a review link: every nomination waiting for the reviewer at the stage, grouped
 * by category, sortable (links), each summary expandable (<details>), quota usage, and one form
 * deciding the ticked rows. No script: selection of all rows is a link that renders them ticked.
 */
export function renderReviewPage(model: {
  page: ReviewPage;
  actionUrl: string;
  formToken: string;
  /** `all`, or a category id: the decidable rows of this page to render ticked. */
  select?: string;
  /** Where this page starts (the query's cursor), kept by the selection links. */
  cursor?: string;
  /** A batch that was refused (bad input): shown above the form, with what the reviewer entered. */
  refused?: Refused;
  /** The cycle's export (GET, `?format=xlsx|csv`), for the stages that may export it. */
  exportUrl?: string;
}): string {
  const { page, actionUrl, formToken, refused, exportUrl } = model;
  const select =
    model.select === 'all' || page.cycle.categories.some((c) => c.id === model.select)
      ? model.select
      : undefined;
  const stageLabel = STAGE_LABELS[page.stage];
  const isChecked = (row: ReviewRow) =>
    refused
      ? refused.selected.has(row.nomination.id)
      : select === 'all' || (select !== undefined && row.nomination.category === select);
  const cursor = model.cursor && /^[A-Za-z0-9_-]{1,200}$/.test(model.cursor) ? model.cursor : undefined;
  const groups = page.groups.map((group) => groupHtml(page, group, isChecked, select, refused, cursor));
  const minister = page.stage === 'minister_approval';
  const title = `${stageLabel} 일괄 심사`;
  const empty =
    page.groups.length === 0 &&
    (page.total === 0 && page.page === 1
      ? html`<div class="panel panel-ok" role="status"><p><strong>지금 ${stageLabel} 결정을 기다리는 추천서가 없습니다.</strong></p></div>`
      : html`<div class="panel panel-info" role="status"><p>이 쪽에는 표시할 추천서가 없습니다 (그사이 결정되어 다음 단계로 넘어갔을 수 있습니다). <a href="${pageHref(here(page, undefined))}">첫 쪽으로</a></p></div>`);
  const paged = page.total > 0 || page.page > 1;
  const commentError = refused?.errors.comment && decisionMessage(refused.errors.comment);
  const actions =
    page.decidable > 0 &&
    html`<div class="batch-actions" role="group" aria-labelledby="actions-title">
<h2 id="actions-title">선택한 추천서 결정하기</h2>
<div class="field${commentError ? ' field-error' : ''}">
<label for="comment">공통 의견 <span class="en" lang="en">Comment for all</span></label>
<span class="hint" id="comment-hint">반려 또는 보완 요청 시 사유를 꼭 적어 주세요. 추천 센터에 그대로 전달됩니다. 개별 의견을 적은 추천서에는 개별 의견이 대신 전달됩니다 (${MAX_COMMENT.toLocaleString('en-US')}자 이내).</span>
${commentError && html`<span class="error-message" id="comment-error">${commentError}</span>`}<textarea id="comment" name="comment" rows="2" maxlength="${MAX_COMMENT}" aria-describedby="comment-hint${commentError ? ' comment-error' : ''}"${commentError && html` aria-invalid="true"`}>${refused?.comment ?? ''}</textarea>
</div>
<div class="buttons">
<button type="submit" name="decision" value="approve" class="button">선택 승인</button>
<button type="submit" name="decision" value="reject" class="button button-danger">선택 반려</button>
<button type="submit" name="decision" value="return" class="button button-secondary">선택 보완 요청</button>
</div>
</div>`;
  const body = html`${REVIEW_STYLE}
${errorSummary(refused)}
<h1>${title} <span class="en" lang="en">Batch review</span></h1>
<p class="lead">${page.link.reviewer.name} 님, ${page.cycle.title} 추천서 중 <strong>${stageLabel}</strong> 결정을 기다리는 추천서 <strong>${page.total}건</strong>입니다 (${page.pageCount > 1 ? `이 쪽에서 ` : ''}지금 결정할 수 있는 추천서 ${page.decidable}건).</p>
<div class="panel panel-info">
${page.decidable > 0 && html`<p>이 페이지를 여는 것만으로는 아무것도 결정되지 않습니다. 추천서를 선택하고 아래의 승인·반려·보완 요청 버튼을 눌러야 결정이 접수되며, 선택한 추천서 하나하나가 개별 승인 링크로 결정한 것과 똑같이 처리됩니다 (한 번에 ${MAX_BATCH_ROWS}건까지).</p>`}
<p class="hint">이 링크는 ${page.link.reviewer.name} 님 전용입니다. 다른 사람에게 전달하지 마세요. 사용 기한: ${formatKst(page.link.expiresAt)} (승인 요청·대기 현황 메일이 발송될 때마다 연장)</p>
</div>
<h2>수상 한도 현황 <span class="en" lang="en">Award quotas</span></h2>
${quotaList(page.quota)}
<p class="hint">${minister ? '장관 승인으로 수상이 확정되며, 한도를 넘는 승인은 처리되지 않고 그 추천서는 계속 결재를 기다립니다(반려·보완 요청은 가능). 여러 건을 승인하면 선택한 순서대로 한도가 채워집니다.' : '참고용입니다. 수상 한도는 장관 승인 때 적용됩니다.'}</p>
${exportUrl && html`<p class="downloads">${page.cycle.title} 전체 추천 목록 내려받기 <span class="en" lang="en">Export</span>: <a href="${exportUrl}?format=xlsx" download>엑셀 (XLSX)</a> · <a href="${exportUrl}?format=csv" download>CSV (UTF-8, 엑셀 호환)</a></p>`}
${empty}
${paged && html`${sortTools(page, select, cursor)}\n${pager(page, select)}`}
<form method="post" action="${actionUrl}" accept-charset="utf-8" id="rows">
<input type="hidden" name="${FORM_TOKEN_FIELD}" value="${formToken}">
${join(groups, '\n')}
${actions}
</form>
${paged && pager(page, select)}`;
  return renderDocument(layout(refused ? `오류: ${title}` : title, body));
}
