import { CLOSED_MESSAGES, MAX_COMMENT } from '../domain/approval';
import type { FieldErrors } from '../domain/errors';
import type { QuotaUsage } from '../domain/quota';
import {
  MAX_BATCH_ROWS,
  REVIEW_SORT_KEYS,
  type ReviewRowState,
  type ReviewSortKey,
  rowCommentField,
} from '../domain/review-link';
import { DECISION_LABELS, type Decision, STAGE_LABELS } from '../domain/stages';
import type {
  BatchOutcome,
  BatchResult,
  BatchRowResult,
  ReviewPage,
  ReviewRow,
} from '../use-cases/batch-review';
import { nextStepText } from './approval-pages';
import {
  categoryName,
  esc,
  escMultiline,
  euro,
  FORM_TOKEN_FIELD,
  formatKst,
  formatMeritPeriod,
  layout,
  NOMINEE_TYPE_LABELS,
  nomineeLabel,
  quotaReachedMessage,
  quotaUsageLine,
  ROLE_LABELS,
  STAGE_ROLES,
} from './common';
import { formatKstTimestamp } from './time';

/** What the batch page's anti-forgery token is for (an approval page's token, made from its own link, says another). */
export const REVIEW_TOKEN_PURPOSE = 'batch-review-decision';

const SORT_LABELS: Record<ReviewSortKey, string> = {
  received: '접수순',
  due: '처리 기한순',
  name: '후보자 이름순',
  center: '추천 센터순',
  type: '후보 유형순',
};

const STATE_LABELS: Record<ReviewRowState, string> = {
  open: '결정 가능',
  delegated: '위임됨',
  expired: '기한 경과',
  decided: '결정 처리 중',
  closed: '사용할 수 없음',
  pending: '요청 준비 중',
};

export const OUTCOME_LABELS: Record<BatchOutcome, string> = {
  done: '처리 완료',
  already_decided: '이미 처리됨',
  beyond_quota: '수상 한도 초과',
  closed: '결정할 수 없음',
  not_found: '찾을 수 없음',
  failed: '일시 오류',
  not_attempted: '처리하지 않음',
};

/** Page-specific styles (inline styles are what the pages' CSP allows; no scripts anywhere). */
const REVIEW_CSS = `
main{max-width:80rem}
.review-tools{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline;margin:.5rem 0 1rem}
.review-tools a[aria-current]{font-weight:700;text-decoration:none;color:#1d1d1f}
table.batch th{white-space:nowrap}
table.batch td.pick{width:2.5rem;text-align:center}
table.batch td.pick input{width:1.25rem;height:1.25rem}
table.batch tr.state-open td.pick{background:#f7f9fc}
table.batch tr:not(.state-open){color:#555}
table.batch details{margin:.25rem 0}
table.batch summary{cursor:pointer;color:#1b4b8f}
table.batch textarea{min-height:3rem}
.state{display:inline-block;font-size:.8125rem;padding:0 .35rem;border:1px solid #c9d3e3;background:#fff}
.state-open .state{border-color:#1e7b34;color:#1e7b34}
ul.quota{margin:.25rem 0 .5rem;padding-left:1.25rem}
.batch-actions{background:#fff;border-top:3px solid #1b4b8f;padding:.75rem 0 .5rem;margin-top:1.5rem}
.batch-actions h2{margin:0 0 .5rem;border:0;padding:0}
.batch-actions textarea{min-height:3rem}
.outcome-done{color:#1e7b34;font-weight:700}
.outcome-beyond_quota,.outcome-failed,.outcome-not_attempted{color:#a42a1f;font-weight:700}
`;

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

function quotaList(quota: readonly QuotaUsage[]): string {
  const items = quota.map((usage) => `<li>${esc(quotaUsageLine(usage))}</li>`).join('\n');
  return `<ul class="quota">\n${items}\n</ul>`;
}

function sortTools(page: ReviewPage, select: string | undefined): string {
  const order = page.sort.descending ? 'desc' : 'asc';
  const links = REVIEW_SORT_KEYS.map((key) => {
    const current = key === page.sort.key;
    const href = pageHref({ sort: key, order: current && !page.sort.descending ? 'desc' : 'asc', select });
    const arrow = current ? (page.sort.descending ? ' ▼' : ' ▲') : '';
    return `<a href="${esc(href)}"${current ? ' aria-current="true"' : ''}>${esc(SORT_LABELS[key])}${arrow}</a>`;
  }).join('\n');
  const sort = { sort: page.sort.key, order, page: page.page > 1 ? page.page : undefined };
  return `<nav class="review-tools" aria-label="정렬과 선택">
<span>정렬:</span>
${links}
<span aria-hidden="true">|</span>
<a href="${esc(pageHref({ ...sort, select: 'all' }))}">결정 가능한 추천서 모두 선택</a>
<a href="${esc(pageHref(sort))}">선택 해제</a>
</nav>`;
}

function pager(page: ReviewPage, select: string | undefined): string {
  if (page.pageCount <= 1) return '';
  const order = page.sort.descending ? 'desc' : 'asc';
  const links = Array.from({ length: page.pageCount }, (_, index) => {
    const number = index + 1;
    if (number === page.page) return `<span aria-current="page"><strong>${number}</strong></span>`;
    return `<a href="${esc(pageHref({ sort: page.sort.key, order, page: number, select }))}">${number}</a>`;
  }).join('\n');
  return `<nav class="review-tools" aria-label="쪽 이동">
<span>쪽 (한 쪽에 ${esc(page.pageSize)}건):</span>
${links}
</nav>`;
}

interface Refused {
  readonly errors: FieldErrors;
  readonly comment: string;
  readonly comments: Readonly<Record<string, string>>;
  readonly selected: ReadonlySet<string>;
}

function rowHtml(row: ReviewRow, checked: boolean, refused: Refused | undefined): string {
  const { nomination } = row;
  const id = nomination.id;
  const open = row.state === 'open';
  const field = rowCommentField(id);
  const ownComment = refused?.comments[id] ?? '';
  const ownError = refused?.errors[field];
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
  const commentBox = open
    ? `<details class="own-comment"${ownComment || ownError ? ' open' : ''}>
<summary>개별 의견</summary>
${ownError ? `<span class="error-message" id="comment-${esc(id)}-error">${esc(ownError)}</span>` : ''}<label class="visually-hidden" for="comment-${esc(id)}">${esc(nomination.nominee.name)} 개별 의견</label>
<textarea id="comment-${esc(id)}" name="${esc(field)}" rows="2" maxlength="${MAX_COMMENT}"${ownError ? ` aria-invalid="true" aria-describedby="comment-${esc(id)}-error"` : ''}>${esc(ownComment)}</textarea>
</details>`
    : '';
  return `<tr id="row-${esc(id)}" class="state-${esc(row.state)}">
<td class="pick"><input type="checkbox" name="ids" value="${esc(id)}" id="pick-${esc(id)}"${checked && open ? ' checked' : ''}${open ? '' : ' disabled'}></td>
<td><label for="pick-${esc(id)}"><strong>${esc(nomineeLabel(nomination))}</strong></label><span class="hint">${esc(who)}</span>
<details><summary>공적요지</summary>
<p>${escMultiline(nomination.meritSummary)}</p>
<p class="hint">공적기간 ${esc(formatMeritPeriod(nomination.meritPeriod))} · 추천번호 ${esc(id)}</p>
</details>
${commentBox}</td>
<td>${esc(nomination.nominee.affiliation)}<br><span class="hint">${esc(nomination.centerName ?? nomination.centerId)}</span></td>
<td>${esc(shortKst(nomination.createdAt))}</td>
<td>${esc(shortKst(row.dueAt))}</td>
<td><span class="state">${esc(state)}</span></td>
</tr>`;
}

function categoryQuota(page: ReviewPage, categoryId: string): string {
  const own = page.quota.filter((usage) => usage.categoryId === categoryId);
  return own.length
    ? `<p class="hint">이 분야 수상 한도: ${own.map((usage) => esc(quotaUsageLine(usage))).join(', ')}</p>`
    : '';
}

function groupHtml(
  page: ReviewPage,
  group: ReviewPage['groups'][number],
  isChecked: (row: ReviewRow) => boolean,
  select: string | undefined,
  refused: Refused | undefined,
): string {
  const name = categoryName(page.cycle, group.categoryId);
  const people = group.rows.filter((row) => row.nomination.nomineeType === 'individual').length;
  const organisations = group.rows.length - people;
  const order = page.sort.descending ? 'desc' : 'asc';
  const selectHref = pageHref({
    sort: page.sort.key,
    order,
    page: page.page > 1 ? page.page : undefined,
    select: group.categoryId,
  });
  const rows = group.rows.map((row) => rowHtml(row, isChecked(row), refused)).join('\n');
  const headingId = `category-${group.categoryId}`;
  return `<section aria-labelledby="${esc(headingId)}">
<h2 id="${esc(headingId)}">${esc(name)} <span class="en">${esc(group.rows.length)}건 (개인 ${esc(people)}명, 기관 ${esc(organisations)}곳)</span></h2>
${categoryQuota(page, group.categoryId)}<p><a href="${esc(selectHref)}">이 분야의 결정 가능한 추천서 모두 선택</a>${select === group.categoryId ? ' (선택됨)' : ''}</p>
<div class="table-wrap">
<table class="batch">
<caption class="visually-hidden">${esc(name)} 분야 대기 추천서</caption>
<thead><tr><th scope="col">선택</th><th scope="col">후보자 · 공적요지</th><th scope="col">소속 · 추천 센터</th><th scope="col">접수일시</th><th scope="col">처리 기한</th><th scope="col">상태</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</div>
</section>`;
}

function errorSummary(refused: Refused | undefined): string {
  if (!refused) return '';
  const entries = Object.entries(refused.errors).filter(([, message]) => message);
  if (entries.length === 0) return '';
  const target = (field: string) =>
    field === 'comment' ? '#comment' : field.startsWith('comment.') ? `#comment-${field.slice(8)}` : '#rows';
  return `<div class="error-summary" role="alert" tabindex="-1">
<h2>결정을 접수하지 못했습니다 <span class="en" lang="en">(Nothing was recorded)</span></h2>
<p>아무것도 결정되지 않았습니다. 아래 내용을 고친 뒤 다시 눌러 주세요.</p>
<ul>
${entries.map(([field, message]) => `<li><a href="${esc(target(field))}">${esc(message)}</a></li>`).join('\n')}
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
  /** `all`, or a category id: the decidable rows to render ticked. */
  select?: string;
  /** A batch that was refused (bad input): shown above the form, with what the reviewer entered. */
  refused?: Refused;
}): string {
  const { page, actionUrl, formToken, refused } = model;
  const select =
    model.select === 'all' || page.cycle.categories.some((c) => c.id === model.select)
      ? model.select
      : undefined;
  const stageLabel = STAGE_LABELS[page.stage];
  const isChecked = (row: ReviewRow) =>
    refused
      ? refused.selected.has(row.nomination.id)
      : select === 'all' || (select !== undefined && row.nomination.category === select);
  const groups = page.groups.map((group) => groupHtml(page, group, isChecked, select, refused)).join('\n');
  const minister = page.stage === 'minister_approval';
  const title = `${stageLabel} 일괄 심사`;
  const empty =
    page.total === 0
      ? `<div class="panel panel-ok" role="status"><p><strong>지금 ${esc(stageLabel)} 결정을 기다리는 추천서가 없습니다.</strong></p></div>`
      : '';
  const commentError = refused?.errors.comment;
  const body = `<style>${REVIEW_CSS}</style>
${errorSummary(refused)}
<h1>${esc(title)} <span class="en" lang="en">Batch review</span></h1>
<p class="lead">${esc(page.link.reviewer.name)} 님, ${esc(page.cycle.title)} 추천서 중 <strong>${esc(stageLabel)}</strong> 결정을 기다리는 추천서 <strong>${esc(page.total)}건</strong>입니다 (지금 결정할 수 있는 추천서 ${esc(page.decidable)}건).</p>
<div class="panel panel-info">
<p>이 페이지를 여는 것만으로는 아무것도 결정되지 않습니다. 추천서를 선택하고 아래의 승인·반려·보완 요청 버튼을 눌러야 결정이 접수되며, 선택한 추천서 하나하나가 개별 승인 링크로 결정한 것과 똑같이 처리됩니다 (한 번에 ${esc(MAX_BATCH_ROWS)}건까지).</p>
<p class="hint">이 링크는 ${esc(page.link.reviewer.name)} 님 전용입니다. 다른 사람에게 전달하지 마세요. 사용 기한: ${esc(formatKst(page.link.expiresAt))} (승인 요청·대기 현황 메일이 발송될 때마다 연장)</p>
</div>
${page.truncated ? '<div class="panel panel-warn"><p>대기 중인 추천서가 너무 많아 일부만 표시합니다. 먼저 표시된 추천서를 처리해 주세요.</p></div>' : ''}
<h2>수상 한도 현황 <span class="en" lang="en">Award quotas</span></h2>
${quotaList(page.quota)}
<p class="hint">${minister ? '장관 승인으로 수상이 확정되며, 한도를 넘는 승인은 처리되지 않고 그 추천서는 계속 결재를 기다립니다(반려·보완 요청은 가능). 여러 건을 승인하면 선택한 순서대로 한도가 채워집니다.' : '참고용입니다. 수상 한도는 장관 승인 때 적용됩니다.'}</p>
${empty}
${page.total > 0 ? `${sortTools(page, select)}\n${pager(page, select)}` : ''}
<form method="post" action="${esc(actionUrl)}" accept-charset="utf-8" id="rows">
<input type="hidden" name="${FORM_TOKEN_FIELD}" value="${esc(formToken)}">
${groups}
${
  page.decidable > 0
    ? `<div class="batch-actions" role="group" aria-labelledby="actions-title">
<h2 id="actions-title">선택한 추천서 결정하기</h2>
<div class="field${commentError ? ' field-error' : ''}">
<label for="comment">공통 의견 <span class="en" lang="en">Comment for all</span></label>
<span class="hint" id="comment-hint">반려 또는 보완 요청 시 사유를 꼭 적어 주세요. 추천 센터에 그대로 전달됩니다. 개별 의견을 적은 추천서에는 개별 의견이 대신 전달됩니다 (${MAX_COMMENT.toLocaleString('en-US')}자 이내).</span>
${commentError ? `<span class="error-message" id="comment-error">${esc(commentError)}</span>` : ''}<textarea id="comment" name="comment" rows="2" maxlength="${MAX_COMMENT}" aria-describedby="comment-hint${commentError ? ' comment-error' : ''}"${commentError ? ' aria-invalid="true"' : ''}>${esc(refused?.comment ?? '')}</textarea>
</div>
<div class="buttons">
<button type="submit" name="decision" value="approve" class="button">선택 승인</button>
<button type="submit" name="decision" value="reject" class="button button-danger">선택 반려</button>
<button type="submit" name="decision" value="return" class="button button-secondary">선택 보완 요청</button>
</div>
</div>`
    : ''
}
</form>
${page.total > 0 ? pager(page, select) : ''}`;
  return layout(refused ? `오류: ${title}` : title, body);
}

/* ------------------------------------------------------------------ the result */

function outcomeNote(row: BatchRowResult, stage: ReviewPage['stage']): string {
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
  const rows = result.results
    .map((row) => {
      const who = row.nomination ? nomineeLabel(row.nomination) : `추천번호 ${row.nominationId}`;
      const category = row.nomination ? categoryName(result.cycle, row.nomination.category) : '';
      return `<tr class="outcome-row" data-outcome="${esc(row.outcome)}">
<td>${esc(who)}${row.nomination ? `<br><span class="hint">${esc(row.nomination.nominee.affiliation)}</span>` : ''}</td>
<td>${esc(category)}</td>
<td><span class="outcome-${esc(row.outcome)}">${esc(OUTCOME_LABELS[row.outcome])}</span></td>
<td>${esc(outcomeNote(row, result.stage))}</td>
</tr>`;
    })
    .join('\n');
  const allDone = counts.done === result.results.length;
  const heading = `일괄 ${decisionLabel} 결과`;
  const body = `<style>${REVIEW_CSS}</style>
<div class="panel ${allDone ? 'panel-ok' : 'panel-info'}" role="status">
<h1>${esc(heading)} <span class="en" lang="en">Batch result</span></h1>
<p class="lead">선택한 ${esc(result.results.length)}건: ${esc(summary)}</p>
</div>
<div class="table-wrap">
<table class="batch-result">
<caption>추천서별 처리 결과 (${esc(STAGE_LABELS[result.stage])}, ${esc(decisionLabel)})</caption>
<thead><tr><th scope="col">후보자</th><th scope="col">분야</th><th scope="col">결과</th><th scope="col">내용</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</div>
${counts.done > 0 ? `<h2>다음 단계</h2>\n<p>${esc(nextStepText(result.stage, result.decision))}</p>` : ''}
<p><a class="button" href="${esc(backUrl)}">대기 목록으로 돌아가기</a></p>
<p class="hint">같은 결정을 다시 보내도 이미 처리된 추천서는 다시 처리되지 않습니다.</p>`;
  return layout(heading, body);
}

/* ------------------------------------------------------------------ JSON answers (allow-lists) */

function quotaAnswer(usage: QuotaUsage) {
  return {
    nomineeType: usage.nomineeType,
    ...(usage.categoryId !== undefined ? { categoryId: usage.categoryId } : {}),
    limit: usage.limit,
    awarded: usage.awarded,
    remaining: usage.remaining,
  };
}

function rowAnswer(row: ReviewRow) {
  const { nomination } = row;
  return {
    id: nomination.id,
    nomineeType: nomination.nomineeType,
    nominee: {
      name: nomination.nominee.name,
      affiliation: nomination.nominee.affiliation,
      ...(nomination.nominee.position !== undefined ? { position: nomination.nominee.position } : {}),
    },
    centerId: nomination.centerId,
    ...(nomination.centerName !== undefined ? { centerName: nomination.centerName } : {}),
    meritSummary: nomination.meritSummary,
    meritPeriod: { from: nomination.meritPeriod.from, to: nomination.meritPeriod.to },
    createdAt: nomination.createdAt,
    ...(row.dueAt !== undefined ? { dueAt: row.dueAt } : {}),
    state: row.state,
  };
}

/**
 * GET /reviews/{reviewId} as JSON: the link's stage, cycle, role and expiry (never the reviewer's
 * address, nonce or hash), quota usage, and this page's waiting nominations by category (no 세부공적,
 * no addresses, no request internals).
 */
export function reviewPageAnswer(page: ReviewPage) {
  return {
    review: {
      cycle: page.cycle.year,
      stage: page.stage,
      reviewerRole: ROLE_LABELS[STAGE_ROLES[page.stage]],
      expiresAt: page.link.expiresAt,
    },
    total: page.total,
    decidable: page.decidable,
    page: page.page,
    pageCount: page.pageCount,
    pageSize: page.pageSize,
    sort: { key: page.sort.key, order: page.sort.descending ? 'desc' : 'asc' },
    truncated: page.truncated,
    quota: page.quota.map(quotaAnswer),
    categories: page.groups.map((group) => ({
      id: group.categoryId,
      name: categoryName(page.cycle, group.categoryId),
      nominations: group.rows.map(rowAnswer),
    })),
  };
}

function resultAnswer(row: BatchRowResult, stage: ReviewPage['stage']) {
  return {
    nominationId: row.nominationId,
    outcome: row.outcome,
    ...(row.decision !== undefined ? { decision: row.decision } : {}),
    ...(row.decidedAt !== undefined ? { decidedAt: row.decidedAt } : {}),
    ...(row.outcome === 'done' ? {} : { message: outcomeNote(row, stage) }),
  };
}

/** POST /reviews/{reviewId} as JSON: the counts and each row's outcome (no file, no internals). */
export function batchAnswer(result: BatchResult) {
  return {
    stage: result.stage,
    decision: result.decision satisfies Decision,
    counts: outcomeCounts(result),
    results: result.results.map((row) => resultAnswer(row, result.stage)),
  };
}
