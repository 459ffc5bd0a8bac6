import { maxCorrectionRoundsOf } from '../../domain/correction';
import type { Cycle } from '../../domain/cycle';
import type { AuditEvent, Nomination } from '../../domain/nomination';
import type { Decision, Stage } from '../../domain/stages';
import { formatKst } from '../common';
import { historyTable } from '../components/history-table';
import { layout } from '../components/layout';
import { nominationRows, SUMMARY_ROWS } from '../components/nomination-rows';
import { STEPPER_STYLE } from '../components/stepper-style';
import { summaryList } from '../components/summary-list';
import { roundsSection } from '../correction-parts';
import { html, join, renderDocument, type SafeHtml } from '../html';
import { STAGE_LABELS } from '../texts';

const MAIN_STEPS: readonly Stage[] = [
  'submitted',
  'center_review',
  'hq_review',
  'minister_approval',
  'awarded',
];

/** The review stage at which a rejected or returned nomination stopped, from its history. */
function stoppedAt(nomination: Nomination, history: readonly AuditEvent[]): Stage {
  const decision: Decision = nomination.stage === 'rejected' ? 'reject' : 'return';
  for (let index = history.length - 1; index >= 0; index--) {
    const event = history[index];
    if (event?.type === 'decided' && event.decision === decision) return event.stage;
    if (event?.type === 'stage_changed' && event.to === nomination.stage) return event.from;
  }
  return 'center_review';
}

const done = (step: Stage) =>
  html`<li class="done"><span class="visually-hidden">완료: </span>${STAGE_LABELS[step]}</li>`;

function stepper(nomination: Nomination, history: readonly AuditEvent[]): SafeHtml {
  const stage = nomination.stage;
  const stopped = stage === 'rejected' || stage === 'returned' || stage === 'correction_requested';
  const items: SafeHtml[] = [];
  if (stopped) {
    const last = Math.max(MAIN_STEPS.indexOf(stoppedAt(nomination, history)), 0);
    for (const step of MAIN_STEPS.slice(0, last + 1)) items.push(done(step));
    items.push(
      html`<li class="stopped" aria-current="step"><span class="visually-hidden">현재 단계: </span>${STAGE_LABELS[stage]}</li>`,
    );
  } else {
    const current = MAIN_STEPS.indexOf(stage);
    MAIN_STEPS.forEach((step, index) => {
      if (index < current) items.push(done(step));
      else if (index === current)
        items.push(
          html`<li class="current" aria-current="step"><span class="visually-hidden">현재 단계: </span>${STAGE_LABELS[step]}</li>`,
        );
      else items.push(html`<li><span class="visually-hidden">예정: </span>${STAGE_LABELS[step]}</li>`);
    });
  }
  return html`<ol class="stepper" aria-label="진행 단계">\n${join(items, '\n')}\n</ol>`;
}

function outcomeNotice(nomination: Nomination): SafeHtml | undefined {
  switch (nomination.stage) {
    case 'awarded':
      return html`<div class="panel panel-ok"><p><strong>수상이 확정되었습니다.</strong> 수상자에게 축하 메일을 보냈습니다.</p></div>`;
    case 'rejected':
      return html`<div class="panel panel-warn"><p><strong>선정되지 않았습니다(반려).</strong> 사유는 아래 처리 이력과 안내 메일을 확인해 주세요.</p></div>`;
    case 'correction_requested':
      return html`<div class="panel panel-warn"><p><strong>보완 요청을 받았습니다.</strong> 센터가 등록한 추천 담당 메일 주소로 수정 링크를 보냈습니다. 링크에서 추천서를 고쳐 제출하면 같은 추천번호로 보완을 요청한 심사 단계로 돌아갑니다.</p></div>`;
    case 'returned':
      return html`<div class="panel panel-warn"><p><strong>보완 요청으로 반송되었습니다.</strong> 아래 처리 이력의 의견을 참고해 내용을 보완한 뒤 <a href="/">추천서를 다시 제출</a>해 주세요.</p></div>`;
    default:
      return undefined;
  }
}

/** The nominator's status page: stage, stepper, outcome, correction rounds, the nomination, history. */
export function renderStatus(model: {
  nomination: Nomination;
  history: readonly AuditEvent[];
  cycle: Cycle;
  /** The 표창장 download, once the nomination is awarded. */
  certificateUrl?: string;
}): string {
  const { nomination, history, cycle, certificateUrl } = model;
  const attention =
    nomination.needsAttention &&
    html`<div class="panel panel-warn" role="status">
<p><strong>처리가 지연되고 있습니다.</strong> 시스템 처리 중 문제가 있어 담당자가 확인하고 있습니다. 따로 조치하실 필요는 없습니다.</p>
<p class="hint">확인 시작: ${formatKst(nomination.needsAttention.at)}</p>
</div>`;
  const body = html`<h1>추천 진행 상황 <span class="en" lang="en">Nomination status</span></h1>
${attention}
<p class="lead">현재 단계: <strong>${STAGE_LABELS[nomination.stage]}</strong></p>
${stepper(nomination, history)}
${outcomeNotice(nomination)}
${certificateUrl && html`<p class="downloads"><a class="button" href="${certificateUrl}">표창장 내려받기 (PDF)</a> <span class="hint">인쇄용 A4</span></p>`}
${roundsSection(history, maxCorrectionRoundsOf(cycle))}
<h2>추천 내용</h2>
${summaryList(nominationRows(nomination, cycle, SUMMARY_ROWS))}
<p class="hint">최근 변경: ${formatKst(nomination.updatedAt)}</p>
<h2>처리 이력</h2>
${historyTable(history)}`;
  return renderDocument(layout(`추천 진행 상황: ${nomination.nominee.name}`, body, STEPPER_STYLE));
}
