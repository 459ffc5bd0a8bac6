import type { DescribeExecutionCommandOutput, ExecutionListItem } from '@aws-sdk/client-sfn';
import type { Cycle } from '../../functions/domain/cycle';
import type { NothingToResendReason } from '../../functions/domain/errors';
import { isReviewStage, isStage, REVIEW_STAGES, STAGES } from '../../functions/domain/stages';
import { STAGE_LABELS } from '../../functions/views/texts';
import { formatDuration, formatKstTimestamp } from '../../functions/views/time';
import { actorText, describeAuditEvent } from '../admin/format';
import {
  EXECUTION_STATUSES,
  OPS_ACTION_LABELS,
  type OpsAction,
  REDRIVABLE_STATUSES,
  STATUS_LABELS,
  type Status,
  statusLabel,
} from '../ops-labels';
import type { GraphLayout, StateGraph } from './asl-graph';
import { renderGraphSvg } from './asl-graph';
import { barChart } from './charts';
import { type AuditLine, type NominationFacts, PAGE_SIZE } from './data';
import type { ExecutionStory, StateVisit } from './history';
import { type HtmlValue, html, type SafeHtml } from './html';
import { layout } from './layout';
import { maskText } from './mask';

function stageLabel(stage: string): string {
  return isStage(stage) ? STAGE_LABELS[stage] : stage;
}

const NOMINEE_TYPES: Record<string, string> = { individual: '개인', organization: '기관' };

function badge(status: string | undefined): SafeHtml {
  return html`<span class="badge badge-${status ?? 'unknown'}">${statusLabel(status)}</span>`;
}

export function executionPath(name: string, action?: ActionName): string {
  return `/executions/${encodeURIComponent(name)}${action ? `/${action}` : ''}`;
}

function duration(start: Date | undefined, stop: Date | undefined, now: Date): string {
  if (!start) return '';
  return formatDuration((stop ?? now).getTime() - start.getTime());
}

function footer(stateMachineArn: string, tableName: string): SafeHtml {
  return html`Step Functions <span class="mono">${stateMachineArn}</span> · DynamoDB <span class="mono">${tableName}</span> · 시각은 한국 표준시(KST) <span class="en" lang="en">times in KST</span>`;
}

export interface PageContext {
  readonly stateMachineArn: string;
  readonly tableName: string;
  readonly now: Date;
}

// --- executions list -----------------------------------------------------------------------------

export interface ListView {
  readonly status?: Status;
  readonly executions: readonly ExecutionListItem[];
  readonly nextToken?: string;
  readonly pageToken?: string;
  readonly counts: { byStatus: Record<Status, number>; total: number; capped: boolean };
  readonly query?: string;
  readonly notFound?: string;
}

function listHref(status: Status | undefined, next?: string): string {
  const params = new URLSearchParams();
  if (status) params.set('status', status);
  if (next) params.set('next', next);
  const query = params.toString();
  return query ? `/?${query}` : '/';
}

export function listPage(view: ListView, context: PageContext): SafeHtml {
  const plus = view.counts.capped ? '+' : '';
  const chip = (status: Status | undefined, label: string, en: string, count: number) =>
    html`<li><a href="${listHref(status)}"${view.status === status ? html` aria-current="page"` : ''}>${label} <span class="en" lang="en">${en}</span><span class="count">${count.toLocaleString('ko-KR')}${plus}</span></a></li>`;
  const rows = view.executions.map((execution) => {
    const name = execution.name ?? '';
    return html`<tr>
<td class="mono"><a href="${executionPath(name)}">${name}</a></td>
<td>${badge(execution.status)}</td>
<td>${formatKstTimestamp(execution.startDate)}</td>
<td>${formatKstTimestamp(execution.stopDate)}</td>
<td class="num">${duration(execution.startDate, execution.stopDate, context.now)}</td>
</tr>`;
  });
  const body = html`<h1>워크플로 실행 <span class="en" lang="en">Executions</span></h1>
<ul class="chips" aria-label="상태별 실행 수 (executions by status)">
${chip(undefined, '전체', 'All', view.counts.total)}
${EXECUTION_STATUSES.map((status) => chip(status, STATUS_LABELS[status], status, view.counts.byStatus[status]))}
</ul>
<form class="search" method="get" action="/" role="search">
<div><label for="q">추천 번호로 찾기 <span class="en" lang="en">Nomination id = execution name</span></label>
<input type="text" id="q" name="q" value="${view.query ?? ''}" placeholder="2026-abcdefghijkmnpqrstu" autocomplete="off" spellcheck="false"></div>
<div><label for="status">상태 <span class="en" lang="en">Status</span></label>
<select id="status" name="status"><option value="">전체 (all)</option>${EXECUTION_STATUSES.map(
    (status) =>
      html`<option value="${status}"${view.status === status ? html` selected` : ''}>${STATUS_LABELS[status]} (${status})</option>`,
  )}</select></div>
<div><button class="button" type="submit">보기 <span lang="en">Show</span></button></div>
</form>
${view.notFound !== undefined ? html`<div class="panel panel-warn" role="status">추천 번호 <strong class="mono">${view.notFound}</strong>에 해당하는 실행이 없습니다. <span class="en" lang="en">No execution has this name.</span></div>` : ''}
<div class="table-wrap">
<table>
<caption>${view.status ? `${STATUS_LABELS[view.status]} 실행` : '모든 실행'}, 최근 시작 순 (${PAGE_SIZE}건씩) <span class="en" lang="en">newest first, ${PAGE_SIZE} per page</span></caption>
<thead><tr><th scope="col">추천 번호 (실행 이름)</th><th scope="col">상태</th><th scope="col">시작 (KST)</th><th scope="col">종료 (KST)</th><th scope="col" class="num">소요 시간</th></tr></thead>
<tbody>
${rows.length ? rows : html`<tr><td colspan="5">실행이 없습니다. <span class="en" lang="en">No executions.</span></td></tr>`}
</tbody>
</table>
</div>
<nav class="pager" aria-label="페이지">
${view.pageToken ? html`<a class="button button-secondary" href="${listHref(view.status)}">← 처음으로 <span lang="en">First page</span></a>` : ''}
${view.nextToken ? html`<a class="button button-secondary" rel="next" href="${listHref(view.status, view.nextToken)}">다음 ${PAGE_SIZE}건 → <span lang="en">Next page</span></a>` : ''}
</nav>`;
  return layout({
    title: '워크플로 실행',
    section: 'executions',
    body,
    footer: footer(context.stateMachineArn, context.tableName),
  });
}

// --- one execution -------------------------------------------------------------------------------

export interface ExecutionView {
  readonly name: string;
  readonly execution: DescribeExecutionCommandOutput;
  readonly story: ExecutionStory;
  readonly graph: StateGraph;
  readonly layout: GraphLayout;
  readonly nomination?: NominationFacts;
  /** Whether this console can re-send approval mails (ConsoleOptions.resend). */
  readonly resendOffered?: boolean;
  /** The nomination's audit trail: reminders, escalations, delegations, decisions, operators' actions. */
  readonly audit?: readonly AuditLine[];
}

function auditTable(lines: readonly AuditLine[]): SafeHtml {
  const rows = lines.map(
    (line) => html`<tr>
<td>${formatKstTimestamp(typeof line.at === 'string' ? line.at : undefined)}</td>
<td class="mono">${typeof line.type === 'string' ? line.type : ''}</td>
<td>${maskText(describeAuditEvent(line))}</td>
<td>${maskText(actorText(line.actor))}</td>
</tr>`,
  );
  return html`<h2>처리 이력 <span class="en" lang="en">Audit trail (reminders, escalations, delegations, decisions; addresses masked)</span></h2>
<div class="table-wrap"><table>
<thead><tr><th scope="col">시각 (KST)</th><th scope="col">유형 <span class="en" lang="en">Type</span></th><th scope="col">내용</th><th scope="col">처리자</th></tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="4">기록이 없습니다.</td></tr>`}</tbody>
</table></div>`;
}

const VISIT_LABELS: Record<StateVisit['status'], string> = {
  running: '진행 중',
  waiting: '승인 대기 중',
  done: '완료',
  failed: '실패·중단',
};

function jsonBlock(summary: string, text: string | undefined): HtmlValue {
  if (!text) return html`<span class="muted">—</span>`;
  return html`<details><summary>${summary}</summary><pre>${text}</pre></details>`;
}

function canStop(status: string | undefined): boolean {
  return status === 'RUNNING';
}

function canRedrive(status: string | undefined): boolean {
  return (REDRIVABLE_STATUSES as readonly (string | undefined)[]).includes(status);
}

/** A mail is worth re-sending only while the execution waits at a review stage (its link can decide). */
function canResend(status: string | undefined, stage: string | undefined): boolean {
  return status === 'RUNNING' && isReviewStage(stage);
}

export function executionPage(view: ExecutionView, context: PageContext): SafeHtml {
  const { execution, story, name } = view;
  const status = execution.status;
  const running = status === 'RUNNING';
  const ended = !running && status !== 'SUCCEEDED' ? story.lastState : undefined;
  const firstVisit = new Map<string, number>();
  story.visits.forEach((visit, index) => {
    if (!firstVisit.has(visit.state)) firstVisit.set(visit.state, index);
  });
  const svg = renderGraphSvg(view.graph, view.layout, {
    visited: new Set(story.path),
    traversed: story.traversed,
    ...(running && story.current ? { current: story.current, waiting: story.waiting } : {}),
    ...(ended ? { ended } : {}),
    linkFor: (state) => (firstVisit.has(state) ? `#visit-${firstVisit.get(state)}` : undefined),
  });
  const nomination = view.nomination;
  const now = running
    ? story.current
      ? story.waiting
        ? html`<div class="panel panel-warn" role="status"><strong>${story.current}</strong>에서 승인(콜백)을 기다리고 있습니다. <span class="en" lang="en">Waiting for a person's decision (callback task).</span></div>`
        : html`<div class="panel panel-info" role="status"><strong>${story.current}</strong> 단계를 처리하고 있습니다. <span class="en" lang="en">Running this state.</span></div>`
      : ''
    : status === 'SUCCEEDED'
      ? html`<div class="panel panel-ok" role="status">실행이 끝났습니다 (${story.lastState ?? ''}). <span class="en" lang="en">Succeeded.</span></div>`
      : html`<div class="panel panel-error" role="status">실행이 ${statusLabel(status)} 상태로 끝났습니다${ended ? html` (<strong>${ended}</strong>)` : ''}. <span class="en" lang="en">${status}</span></div>`;

  const visits = story.visits.map(
    (visit, index) => html`<tr id="visit-${index}">
<td class="mono">${visit.state}</td>
<td>${visit.status === 'waiting' ? html`<span class="badge badge-waiting">${VISIT_LABELS[visit.status]}</span>` : VISIT_LABELS[visit.status]}</td>
<td>${formatKstTimestamp(visit.enteredAt)}</td>
<td>${formatKstTimestamp(visit.exitedAt)}</td>
<td>${jsonBlock('입력 (input)', visit.input)}</td>
<td>${jsonBlock('출력 (output)', visit.output)}</td>
</tr>`,
  );
  const events = story.rows.map(
    (row) => html`<tr>
<td class="num">${row.id}</td>
<td class="mono">${row.type}</td>
<td class="mono">${row.state ?? ''}</td>
<td>${formatKstTimestamp(row.timestamp, { ms: true })}</td>
<td class="num">${row.elapsedMs === undefined ? '' : row.elapsedMs.toLocaleString('ko-KR')}</td>
<td>${row.details ? jsonBlock('보기 (details)', row.details) : ''}</td>
</tr>`,
  );
  const actions: SafeHtml[] = [
    canStop(status)
      ? html`<a class="button button-danger" href="${executionPath(name, 'stop')}">실행 중지 <span lang="en">Stop</span></a>`
      : undefined,
    canRedrive(status)
      ? html`<a class="button" href="${executionPath(name, 'redrive')}">재실행 <span lang="en">Redrive</span></a>`
      : undefined,
    view.resendOffered && canResend(status, nomination?.stage)
      ? html`<a class="button" href="${executionPath(name, 'resend')}">승인 메일 재발송 <span lang="en">Re-send approval mail</span></a>`
      : undefined,
  ].filter((action): action is SafeHtml => action !== undefined);
  const body = html`<p><a href="/">← 실행 목록 <span class="en" lang="en">Executions</span></a></p>
<h1>실행 <span class="mono">${name}</span> ${badge(status)}</h1>
${now}
<dl class="summary">
<dt>상태 <span class="en" lang="en">Status</span></dt><dd>${statusLabel(status)} (${status ?? ''})${execution.redriveCount ? ` · 재실행 ${execution.redriveCount}회` : ''}</dd>
<dt>시작 <span class="en" lang="en">Started</span></dt><dd>${formatKstTimestamp(execution.startDate)}</dd>
<dt>종료 <span class="en" lang="en">Stopped</span></dt><dd>${formatKstTimestamp(execution.stopDate, { empty: '—' })}</dd>
<dt>소요 시간 <span class="en" lang="en">Duration</span></dt><dd>${duration(execution.startDate, execution.stopDate, context.now)}</dd>
${execution.error ? html`<dt>오류 <span class="en" lang="en">Error</span></dt><dd class="mono">${maskText(execution.error)}${execution.cause ? html`<br>${maskText(execution.cause)}` : ''}</dd>` : ''}
<dt>실행 ARN</dt><dd class="mono">${execution.executionArn ?? ''}</dd>
${
  nomination
    ? html`<dt>추천 단계 <span class="en" lang="en">Nomination stage</span></dt><dd>${stageLabel(nomination.stage)} (${nomination.stage})${nomination.needsAttention ? html` · <strong>담당자 확인 필요</strong> (${nomination.needsAttention.error ?? ''})` : ''}</dd>
<dt>포상연도 · 분야 <span class="en" lang="en">Cycle, category</span></dt><dd>${nomination.cycle ? html`<a href="/cycles/${encodeURIComponent(nomination.cycle)}">${nomination.cycle}</a>` : ''} · ${nomination.category ?? ''} · ${NOMINEE_TYPES[nomination.nomineeType ?? ''] ?? nomination.nomineeType ?? ''}</dd>`
    : html`<dt>추천 <span class="en" lang="en">Nomination</span></dt><dd class="muted">테이블에 이 추천이 없습니다. <span lang="en">Not in the table.</span></dd>`
}
</dl>
${actions.length > 0 && html`<div class="buttons">${actions}</div>`}
<h2>상태 머신 그래프 <span class="en" lang="en">Graph</span></h2>
<ul class="legend">
<li><span class="swatch visited"></span>지나간 상태 <span class="en" lang="en">path taken</span></li>
<li><span class="swatch current"></span>현재 상태 <span class="en" lang="en">current</span></li>
<li><span class="swatch ended"></span>종료된 곳 (실패·중단) <span class="en" lang="en">where it ended</span></li>
<li><span class="swatch catch"></span>오류 처리 (Catch)</li>
</ul>
<div class="graph-wrap">${svg}</div>
<h2>상태별 입력·출력 <span class="en" lang="en">State input and output (personal data masked)</span></h2>
<div class="table-wrap"><table>
<thead><tr><th scope="col">상태</th><th scope="col">결과</th><th scope="col">시작 (KST)</th><th scope="col">종료 (KST)</th><th scope="col">입력</th><th scope="col">출력</th></tr></thead>
<tbody>${visits.length ? visits : html`<tr><td colspan="6">아직 들어간 상태가 없습니다.</td></tr>`}</tbody>
</table></div>
${view.audit ? auditTable(view.audit) : ''}
<h2>이벤트 기록 <span class="en" lang="en">Event history</span></h2>
<div class="table-wrap"><table>
<thead><tr><th scope="col" class="num">ID</th><th scope="col">유형 <span class="en" lang="en">Type</span></th><th scope="col">상태 <span class="en" lang="en">State</span></th><th scope="col">시각 (KST)</th><th scope="col" class="num">경과 (ms) <span class="en" lang="en">since start</span></th><th scope="col">세부 <span class="en" lang="en">Details</span></th></tr></thead>
<tbody>${events}</tbody>
</table></div>`;
  return layout({
    title: `실행 ${name}`,
    section: 'executions',
    body,
    footer: footer(context.stateMachineArn, context.tableName),
  });
}

// --- actions -------------------------------------------------------------------------------------

export const ACTIONS = {
  stop: {
    action: 'stop_execution',
    title: OPS_ACTION_LABELS.stop_execution,
    en: 'Stop execution',
    explain:
      '이 추천의 워크플로 실행을 중지합니다 (StopExecution, 오류 StoppedByOperator). 기다리던 승인 링크는 더 이상 결정을 받지 않습니다. 되돌릴 수 없으며, 필요하면 나중에 재실행(redrive)할 수 있습니다.',
    button: '중지합니다',
    done: '실행을 중지했습니다.',
    failed: '실행을 중지하지 못했습니다.',
    allowed: canStop,
    notAllowed: '실행 중인 실행만 중지할 수 있습니다.',
    errorLabel: 'Step Functions 응답',
  },
  redrive: {
    action: 'redrive_execution',
    title: OPS_ACTION_LABELS.redrive_execution,
    en: 'Redrive execution',
    explain:
      '실패한 지점부터 이 실행을 다시 진행합니다 (RedriveExecution). 성공한 단계는 다시 실행하지 않습니다.',
    button: '재실행합니다',
    done: '재실행을 요청했습니다.',
    failed: '재실행하지 못했습니다.',
    allowed: canRedrive,
    notAllowed: '실패·시간 초과·중단된 실행만 재실행할 수 있습니다.',
    errorLabel: 'Step Functions 응답',
  },
  resend: {
    action: 'resend_approval',
    title: OPS_ACTION_LABELS.resend_approval,
    en: 'Re-send approval mail',
    explain:
      '지금 심사 단계의 승인 요청 메일을 승인자에게 다시 보냅니다. 처음 메일과 같은 링크, 같은 기한입니다. 새 링크를 만들지 않으므로 먼저 보낸 메일의 링크로도 그대로 결정할 수 있습니다. 승인자가 메일을 받지 못했거나 지웠을 때 씁니다.',
    button: '다시 보냅니다',
    done: '승인 메일을 다시 보냈습니다.',
    failed: '승인 메일을 다시 보내지 못했습니다.',
    allowed: canResend,
    notAllowed: '심사 단계에서 승인을 기다리는 실행 중인 추천만 승인 메일을 다시 보낼 수 있습니다.',
    errorLabel: '오류 (SES·DynamoDB·Secrets Manager)',
  },
} as const satisfies Record<
  string,
  {
    action: OpsAction;
    title: string;
    en: string;
    explain: string;
    button: string;
    done: string;
    failed: string;
    /** Whether the action makes sense for the execution's status and the nomination's stage. */
    allowed: (status: string | undefined, stage: string | undefined) => boolean;
    notAllowed: string;
    /** What the error on a failure page came from. */
    errorLabel: string;
  }
>;
export type ActionName = keyof typeof ACTIONS;

/** Why a re-send was refused (NothingToResend's reason), as the console says it. */
export const RESEND_REFUSALS: Readonly<Record<NothingToResendReason, { ko: string; en: string }>> = {
  not_in_review: {
    ko: '이 추천은 지금 심사 단계에 있지 않아 다시 보낼 승인 메일이 없습니다.',
    en: 'Not in a review stage: there is no approval mail to re-send.',
  },
  no_open_request: {
    ko: '지금 단계에 열려 있는 승인 요청이 없습니다. 이미 결정되었거나 아직 요청 메일이 나가기 전입니다.',
    en: 'No open approval request at this stage: already decided, or not requested yet.',
  },
  expired: {
    ko: '승인 기한이 지났습니다. 기한이 지난 링크로는 결정할 수 없으므로 다시 보내지 않습니다.',
    en: 'The approval request has expired: its link can no longer decide.',
  },
  not_derivable: {
    ko: '이 승인 요청의 링크는 다시 만들 수 없습니다 (링크 키 도입 전에 열렸거나 다른 키로 만든 요청). 같은 링크로 다시 보낼 수 없습니다.',
    en: 'The link cannot be made again: opened before link keys, or under another key.',
  },
};

function refusalText(reason: NothingToResendReason): SafeHtml {
  const text = RESEND_REFUSALS[reason];
  return html`${text.ko} <span class="en" lang="en">(${text.en})</span>`;
}

/** Where a re-sent mail goes, for the confirmation page: from the nomination and its open request. */
export interface ResendPreview {
  /** The nomination's stage; absent when the table has no such nomination. */
  readonly stage?: string;
  /** The approver's address (masked on the page). */
  readonly approver?: string;
  readonly expiresAt?: string;
  /** Why it would be refused, when the table already says so. */
  readonly refusal?: NothingToResendReason;
}

/** What a re-send did. */
export type ResendOutcome =
  | {
      /** `already_sent`: this form's nonce had mailed it before (a double submit): not mailed again. */
      readonly kind: 'sent' | 'already_sent';
      readonly stage: string;
      readonly approver: string;
      readonly expiresAt: string;
    }
  | { readonly kind: 'refused'; readonly reason: NothingToResendReason }
  /** Another submission of the same form is mailing it right now. */
  | { readonly kind: 'in_flight' }
  | { readonly kind: 'not_running'; readonly status?: string };

function resendFields(preview: { stage?: string; approver?: string; expiresAt?: string }): SafeHtml {
  return html`<dt>단계 <span class="en" lang="en">Stage</span></dt><dd>${preview.stage ? `${stageLabel(preview.stage)} (${preview.stage})` : '—'}</dd>
<dt>받는 사람 (승인자) <span class="en" lang="en">To (approver)</span></dt><dd>${preview.approver ? maskText(preview.approver) : '—'}</dd>
<dt>승인 기한 (KST) <span class="en" lang="en">Deadline, unchanged</span></dt><dd>${formatKstTimestamp(preview.expiresAt, { empty: '—' })}</dd>`;
}

export function confirmPage(
  view: {
    name: string;
    action: ActionName;
    execution: DescribeExecutionCommandOutput;
    csrf: string;
    nonce: string;
    /** Re-send only: where the mail would go. */
    resend?: ResendPreview;
  },
  context: PageContext,
): SafeHtml {
  const spec = ACTIONS[view.action];
  const preview = view.resend;
  const allowed = spec.allowed(view.execution.status, preview?.stage);
  const refusal = allowed && preview?.refusal ? preview.refusal : undefined;
  const body = html`<p><a href="${executionPath(view.name)}">← 실행 <span class="mono">${view.name}</span></a></p>
<h1>${spec.title} 확인 <span class="en" lang="en">${spec.en}: are you sure?</span></h1>
<dl class="summary">
<dt>추천 번호 (실행 이름)</dt><dd class="mono">${view.name}</dd>
<dt>상태</dt><dd>${badge(view.execution.status)}</dd>
<dt>시작 (KST)</dt><dd>${formatKstTimestamp(view.execution.startDate)}</dd>
${preview ? resendFields(preview) : ''}
</dl>
<p>${spec.explain}</p>
${
  refusal
    ? html`<div class="panel panel-warn" role="status">${refusalText(refusal)}</div>`
    : allowed
      ? html`<form method="post" action="${executionPath(view.name, view.action)}">
<input type="hidden" name="csrf" value="${view.csrf}">
<input type="hidden" name="nonce" value="${view.nonce}">
<label for="reason"><strong>사유 (선택)</strong> <span class="en" lang="en">Reason, kept in the audit trail; no personal data</span></label>
<textarea id="reason" name="reason" maxlength="200"></textarea>
<div class="buttons">
<button class="button${view.action === 'stop' ? ' button-danger' : ''}" type="submit">${spec.button} <span lang="en">${spec.en}</span></button>
<a class="button button-secondary" href="${executionPath(view.name)}">취소 <span lang="en">Cancel</span></a>
</div>
</form>`
      : html`<div class="panel panel-warn" role="status">${spec.notAllowed} 지금 상태: ${statusLabel(view.execution.status)}${preview ? html` · 단계: ${preview.stage ? stageLabel(preview.stage) : '테이블에 추천 없음'}` : ''}. <span class="en" lang="en">Not possible in this status.</span></div>`
}`;
  return layout({
    title: `${spec.title} 확인`,
    section: 'executions',
    body,
    footer: footer(context.stateMachineArn, context.tableName),
  });
}

export function actionResultPage(
  view: {
    name: string;
    action: ActionName;
    error?: { name: string; message: string };
    /** Re-send only: what it did (absent with `error`). */
    resend?: ResendOutcome;
    /**
     * The ops_action event: written, not written (no such nomination in the table), failed, or
     * skipped (nothing was done: refused before trying, or a form submitted again).
     */
    audit: 'written' | 'no_nomination' | 'failed' | 'skipped';
  },
  context: PageContext,
): SafeHtml {
  const spec = ACTIONS[view.action];
  const recorded = view.audit === 'written';
  const outcome = view.error
    ? html`<div class="panel panel-error" role="alert">
<p><strong>${spec.failed}</strong> <span class="en" lang="en">${spec.en} failed.</span></p>
<p>${spec.errorLabel}: <span class="mono">${view.error.name}</span> — ${maskText(view.error.message)}</p>
<p>상태를 확인한 뒤 다시 시도해 주세요.${recorded ? ' 이 시도는 감사 기록에 남았습니다.' : ''}</p>
</div>`
    : view.resend
      ? resendOutcome(view.resend, recorded)
      : html`<div class="panel panel-ok" role="status"><p><strong>${spec.done}</strong> <span class="en" lang="en">Done.</span>${recorded ? ' 감사 기록(ops_action)에 남았습니다.' : ''}</p></div>`;
  const auditNote =
    view.audit === 'failed'
      ? html`<div class="panel panel-warn" role="alert">감사 기록을 쓰지 못했습니다. 운영 로그를 확인해 주세요. <span class="en" lang="en">The audit event could not be written.</span></div>`
      : view.audit === 'no_nomination'
        ? html`<div class="panel panel-warn" role="status">테이블에 이 추천이 없어 감사 기록을 남기지 않았습니다. <span class="en" lang="en">No nomination in the table: no audit event written.</span></div>`
        : '';
  const body = html`<h1>${spec.title} <span class="en" lang="en">${spec.en}</span></h1>
${outcome}
${auditNote}
<p><a class="button" href="${executionPath(view.name)}">실행으로 돌아가기 <span lang="en">Back to the execution</span></a></p>`;
  return layout({
    title: spec.title,
    section: 'executions',
    body,
    footer: footer(context.stateMachineArn, context.tableName),
  });
}

function resendOutcome(outcome: ResendOutcome, recorded: boolean): SafeHtml {
  const spec = ACTIONS.resend;
  const trail = recorded ? ' 감사 기록(ops_action)에 남았습니다.' : '';
  switch (outcome.kind) {
    case 'sent':
    case 'already_sent':
      return html`<div class="panel ${outcome.kind === 'sent' ? 'panel-ok' : 'panel-info'}" role="status"><p>${
        outcome.kind === 'sent'
          ? html`<strong>${spec.done}</strong> <span class="en" lang="en">(Sent, with the same link.)</span>${trail}`
          : html`<strong>이 확인 화면에서 이미 보낸 메일입니다. 다시 보내지 않았습니다.</strong> <span class="en" lang="en">(Already sent by this form: not sent again.)</span> 한 번 더 보내려면 확인 화면을 새로 열어 주세요.`
      }</p></div>
<dl class="summary">${resendFields(outcome)}</dl>`;
    case 'refused':
      return html`<div class="panel panel-warn" role="alert"><p><strong>승인 메일을 다시 보내지 않았습니다.</strong> <span class="en" lang="en">(Refused.)</span></p><p>${refusalText(outcome.reason)}</p>${recorded ? html`<p>이 시도는 감사 기록에 남았습니다.</p>` : ''}</div>`;
    case 'in_flight':
      return html`<div class="panel panel-warn" role="status">같은 확인 화면에서 보낸 다른 요청이 이 메일을 지금 보내고 있습니다. 잠시 뒤 실행 화면에서 확인해 주세요. <span class="en" lang="en">(Another submission of this form is sending it right now.)</span></div>`;
    case 'not_running':
      return html`<div class="panel panel-warn" role="alert"><strong>승인 메일을 다시 보내지 않았습니다.</strong> ${spec.notAllowed} 지금 상태: ${statusLabel(outcome.status)}. <span class="en" lang="en">(The execution is not running: its link could not decide.)</span></div>`;
  }
}

// --- cycles --------------------------------------------------------------------------------------

export interface OverdueWait {
  readonly id: string;
  readonly stage: string;
  readonly expiresAt: string;
  readonly overdueMs: number;
}

export interface CycleStats {
  readonly total: number;
  readonly byStage: ReadonlyMap<string, number>;
  readonly byCategory: ReadonlyMap<string, { individual: number; organization: number; other: number }>;
  readonly awarded: { individual: number; organization: number };
  readonly atMinister: { individual: number; organization: number };
  readonly waiting: ReadonlyMap<string, { inTime: number; overdue: number }>;
  readonly overdue: readonly OverdueWait[];
  readonly needsAttention: number;
}

/** The numbers of the cycle page, from the nominations and their current waits. */
export function cycleStats(
  nominations: readonly NominationFacts[],
  waits: ReadonlyMap<string, { dueAt?: string; expiresAt?: string; status?: string }>,
  cycle: Cycle | undefined,
  now: Date,
): CycleStats {
  const byStage = new Map<string, number>(STAGES.map((stage) => [stage, 0]));
  const byCategory = new Map<string, { individual: number; organization: number; other: number }>(
    (cycle?.categories ?? []).map((category) => [category.id, { individual: 0, organization: 0, other: 0 }]),
  );
  const awarded = { individual: 0, organization: 0 };
  const atMinister = { individual: 0, organization: 0 };
  const waiting = new Map<string, { inTime: number; overdue: number }>(
    REVIEW_STAGES.map((stage) => [stage, { inTime: 0, overdue: 0 }]),
  );
  const overdue: OverdueWait[] = [];
  let needsAttention = 0;
  for (const nomination of nominations) {
    byStage.set(nomination.stage, (byStage.get(nomination.stage) ?? 0) + 1);
    const category = nomination.category ?? '?';
    const counts = byCategory.get(category) ?? { individual: 0, organization: 0, other: 0 };
    const type =
      nomination.nomineeType === 'individual' || nomination.nomineeType === 'organization'
        ? nomination.nomineeType
        : 'other';
    counts[type]++;
    byCategory.set(category, counts);
    if (type !== 'other' && nomination.stage === 'awarded') awarded[type]++;
    if (type !== 'other' && nomination.stage === 'minister_approval') atMinister[type]++;
    if (nomination.needsAttention) needsAttention++;
    const stageWaits = waiting.get(nomination.stage);
    if (stageWaits) {
      const wait = waits.get(nomination.id);
      // Overdue from the review deadline (escalation starts there), not from the links' expiry.
      const dueAt = wait?.dueAt ?? wait?.expiresAt;
      const deadline = dueAt ? Date.parse(dueAt) : Number.NaN;
      const stillWaiting = wait?.status === undefined || wait.status === 'open' || wait.status === 'expired';
      if (dueAt && stillWaiting && deadline < now.getTime()) {
        stageWaits.overdue++;
        overdue.push({
          id: nomination.id,
          stage: nomination.stage,
          expiresAt: dueAt,
          overdueMs: now.getTime() - deadline,
        });
      } else stageWaits.inTime++;
    }
  }
  overdue.sort((a, b) => b.overdueMs - a.overdueMs);
  return {
    total: nominations.length,
    byStage,
    byCategory,
    awarded,
    atMinister,
    waiting,
    overdue,
    needsAttention,
  };
}

function stageTone(stage: string) {
  if (stage === 'awarded') return 'green' as const;
  if (stage === 'rejected') return 'red' as const;
  if (stage === 'returned') return 'grey' as const;
  return stage === 'submitted' ? ('blue' as const) : ('amber' as const);
}

export function cyclePage(
  view: { year: string; cycle?: Cycle; stats: CycleStats },
  context: PageContext,
): SafeHtml {
  const { stats, cycle, year } = view;
  const categoryName = (id: string) => cycle?.categories.find((category) => category.id === id)?.name ?? id;
  const stageChart = barChart({
    title: '단계별 추천 수 (nominations by stage)',
    bars: [...stats.byStage].map(([stage, count]) => ({
      label: stageLabel(stage),
      segments: [{ value: count, tone: stageTone(stage), label: '추천' }],
    })),
  });
  const categoryChart = barChart({
    title: '분야별 추천 수 (by category)',
    legend: true,
    bars: [...stats.byCategory].map(([id, counts]) => ({
      label: categoryName(id),
      segments: [
        { value: counts.individual, tone: 'blue', label: '개인' },
        { value: counts.organization, tone: 'teal', label: '기관' },
        ...(counts.other ? [{ value: counts.other, tone: 'grey' as const, label: '기타' }] : []),
      ],
    })),
  });
  const quotaChart = cycle
    ? barChart({
        title: '정원 대비 수상 확정 (awarded vs quota, % of each quota)',
        legend: true,
        relativeToTarget: true,
        bars: [
          {
            label: '개인 (individuals)',
            target: cycle.quotas.individual,
            segments: [{ value: stats.awarded.individual, tone: 'green', label: '수상 확정' }],
          },
          {
            label: '기관 (organisations)',
            target: cycle.quotas.organization,
            segments: [{ value: stats.awarded.organization, tone: 'green', label: '수상 확정' }],
          },
        ],
      })
    : undefined;
  const waitChart = barChart({
    title: '심사 대기와 기한 초과 (waits past their deadline)',
    legend: true,
    bars: [...stats.waiting].map(([stage, counts]) => ({
      label: stageLabel(stage),
      segments: [
        { value: counts.inTime, tone: 'amber', label: '기한 내 대기' },
        { value: counts.overdue, tone: 'red', label: '기한 초과' },
      ],
    })),
  });
  const percent = (used: number, quota: number) => (quota > 0 ? `${Math.round((used / quota) * 100)}%` : '—');
  const body = html`<p><a href="/cycles">← 포상연도 <span class="en" lang="en">Cycles</span></a></p>
<h1>${cycle?.title ?? `${year}년`} 현황 <span class="en" lang="en">Cycle ${year}</span></h1>
${cycle ? '' : html`<div class="panel panel-warn">config/cycle-${year}.json이 없어 분야 이름과 정원을 알 수 없습니다. <span class="en" lang="en">No cycle file: no category names or quotas.</span></div>`}
<dl class="summary">
<dt>전체 추천 <span class="en" lang="en">Nominations</span></dt><dd data-total="${stats.total}">${stats.total}</dd>
<dt>기한 초과 대기 <span class="en" lang="en">Waits past deadline</span></dt><dd>${stats.overdue.length}</dd>
<dt>담당자 확인 필요 <span class="en" lang="en">Needs attention</span></dt><dd>${stats.needsAttention}</dd>
</dl>
<div class="charts">
<section aria-labelledby="by-stage"><h2 id="by-stage">단계별 <span class="en" lang="en">By stage</span></h2>
<div class="chart-wrap">${stageChart}</div>
<div class="table-wrap"><table><thead><tr><th scope="col">단계</th><th scope="col" class="num">추천 수</th></tr></thead><tbody>
${[...stats.byStage].map(([stage, count]) => html`<tr><td>${stageLabel(stage)} <span class="en mono">${stage}</span></td><td class="num" data-stage="${stage}">${count}</td></tr>`)}
</tbody></table></div></section>
<section aria-labelledby="by-category"><h2 id="by-category">분야별 <span class="en" lang="en">By category</span></h2>
<div class="chart-wrap">${categoryChart}</div>
<div class="table-wrap"><table><thead><tr><th scope="col">분야</th><th scope="col" class="num">개인</th><th scope="col" class="num">기관</th><th scope="col" class="num">계</th></tr></thead><tbody>
${[...stats.byCategory].map(
  ([id, counts]) =>
    html`<tr><td>${categoryName(id)} <span class="en mono">${id}</span></td><td class="num">${counts.individual}</td><td class="num">${counts.organization}</td><td class="num" data-category="${id}">${counts.individual + counts.organization + counts.other}</td></tr>`,
)}
</tbody></table></div></section>
<section aria-labelledby="quota"><h2 id="quota">정원 사용 <span class="en" lang="en">Quota usage</span></h2>
${quotaChart ? html`<div class="chart-wrap">${quotaChart}</div>` : html`<p class="muted">정원 정보 없음.</p>`}
<div class="table-wrap"><table><thead><tr><th scope="col">구분</th><th scope="col" class="num">수상 확정</th><th scope="col" class="num">장관 승인 대기</th><th scope="col" class="num">정원</th><th scope="col" class="num">사용률</th></tr></thead><tbody>
<tr><td>개인 <span class="en">individuals</span></td><td class="num" data-awarded="individual">${stats.awarded.individual}</td><td class="num">${stats.atMinister.individual}</td><td class="num">${cycle?.quotas.individual ?? '—'}</td><td class="num">${cycle ? percent(stats.awarded.individual, cycle.quotas.individual) : '—'}</td></tr>
<tr><td>기관 <span class="en">organisations</span></td><td class="num" data-awarded="organization">${stats.awarded.organization}</td><td class="num">${stats.atMinister.organization}</td><td class="num">${cycle?.quotas.organization ?? '—'}</td><td class="num">${cycle ? percent(stats.awarded.organization, cycle.quotas.organization) : '—'}</td></tr>
</tbody></table></div></section>
<section aria-labelledby="overdue"><h2 id="overdue">기한 초과 대기 <span class="en" lang="en">Waits past their deadline</span></h2>
<div class="chart-wrap">${waitChart}</div>
<div class="table-wrap"><table><caption>심사 기한(dueAt)이 지났는데 아직 그 단계에 있는 추천 <span class="en" lang="en">most overdue first</span></caption>
<thead><tr><th scope="col">추천 번호</th><th scope="col">단계</th><th scope="col">기한 (KST)</th><th scope="col" class="num">초과</th></tr></thead><tbody>
${
  stats.overdue.length
    ? stats.overdue.map(
        (wait) =>
          html`<tr><td class="mono"><a href="${executionPath(wait.id)}">${wait.id}</a></td><td>${stageLabel(wait.stage)}</td><td>${formatKstTimestamp(wait.expiresAt)}</td><td class="num">${formatDuration(wait.overdueMs)}</td></tr>`,
      )
    : html`<tr><td colspan="4">기한을 넘긴 대기가 없습니다. <span class="en" lang="en">None.</span></td></tr>`
}
</tbody></table></div></section>
</div>`;
  return layout({
    title: `${year}년 현황`,
    section: 'cycles',
    body,
    footer: footer(context.stateMachineArn, context.tableName),
  });
}

export function cycleListPage(years: readonly string[], context: PageContext): SafeHtml {
  const body = html`<h1>포상연도별 현황 <span class="en" lang="en">Cycles</span></h1>
${
  years.length
    ? html`<ul>${years.map((year) => html`<li><a href="/cycles/${year}">${year}년 <span class="en" lang="en">cycle ${year}</span></a></li>`)}</ul>`
    : html`<p>설정된 포상연도가 없습니다. <span class="en" lang="en">No cycle files.</span></p>`
}`;
  return layout({
    title: '포상연도별 현황',
    section: 'cycles',
    body,
    footer: footer(context.stateMachineArn, context.tableName),
  });
}

// --- errors --------------------------------------------------------------------------------------

export function messagePage(
  options: { title: string; en: string; message: HtmlValue; status?: 'warn' | 'error' },
  context: PageContext,
): SafeHtml {
  const body = html`<h1>${options.title} <span class="en" lang="en">${options.en}</span></h1>
<div class="panel panel-${options.status ?? 'warn'}" role="alert">${options.message}</div>
<p><a href="/">실행 목록으로 <span class="en" lang="en">Executions</span></a></p>`;
  return layout({
    title: options.title,
    section: 'none',
    body,
    footer: footer(context.stateMachineArn, context.tableName),
  });
}
