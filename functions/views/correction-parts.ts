/**
 * Pieces of the 보완요청 loop shown on other pages (the approval page's "변경 사항", the status
 * page's rounds) and in JSON answers. Imports no page module, so views/pages.ts can use it.
 */
import {
  type CorrectableField,
  type FieldChange,
  isCorrectableField,
  type RevisionView,
  revisionViews,
} from '../domain/correction';
import type { Cycle } from '../domain/cycle';
import type { AuditEvent, FieldValue, Nomination, NominationInput } from '../domain/nomination';
import type { ReviewStage } from '../domain/stages';
import { categoryName, correctedFieldsText, formatKst, formatYearMonth, NOMINEE_TYPE_LABELS } from './common';
import { html, join, multiline, type SafeHtml } from './html';
import { FIELD_LABELS, STAGE_LABELS } from './texts';

export function fieldLabel(field: CorrectableField): string {
  return FIELD_LABELS[field];
}

/** A field's value as people read it; an empty one as `(없음)`. Plain text: escape before HTML. */
export function formatFieldValue(
  field: CorrectableField,
  value: FieldValue | undefined,
  cycle: Cycle,
): string {
  if (value === undefined || value === '') return '(없음)';
  switch (field) {
    case 'category':
      return categoryName(cycle, String(value));
    case 'nomineeType':
      return value === 'individual' || value === 'organization' ? NOMINEE_TYPE_LABELS[value] : String(value);
    case 'nominee.serviceYears':
      return `${value}년`;
    case 'meritPeriod.from':
    case 'meritPeriod.to':
      return formatYearMonth(String(value));
    case 'disciplinaryHistory':
      return value === true ? '유' : value === false ? '무' : String(value);
    case 'consent':
      return value === true ? '동의' : value === false ? '미동의' : String(value);
    default:
      return String(value);
  }
}

/** A table of changed fields: label, value before, value after. */
export function changesTable(changes: readonly FieldChange[], cycle: Cycle, caption: string): SafeHtml {
  if (changes.length === 0) return html`<p>바뀐 항목이 없습니다 (보완 의견만 제출).</p>`;
  const rows = changes.map(
    (change) => html`<tr>
<th scope="row">${fieldLabel(change.field)}</th>
<td class="before">${multiline(formatFieldValue(change.field, change.before, cycle))}</td>
<td class="after">${multiline(formatFieldValue(change.field, change.after, cycle))}</td>
</tr>`,
  );
  return html`<div class="table-wrap">
<table class="changes">
<caption>${caption}</caption>
<thead><tr><th scope="col">항목</th><th scope="col">이전 값</th><th scope="col">바뀐 값</th></tr></thead>
<tbody>
${join(rows, '\n')}
</tbody>
</table>
</div>`;
}

function revisionBlock(revision: RevisionView, cycle: Cycle): SafeHtml {
  const stage = STAGE_LABELS[revision.returnedAt];
  const note = revision.note && html`<p>추천 센터의 보완 의견: ${multiline(revision.note)}</p>\n`;
  return html`<h3>보완 제출 ${revision.round}회차 <span class="hint">(${stage} 보완 요청 · 제출 ${formatKst(revision.at)})</span></h3>
${note}${changesTable(revision.changes, cycle, `보완 제출 ${revision.round}회차에 바뀐 항목 (이전 값 → 바뀐 값)`)}`;
}

/**
 * The approval page's "변경 사항": what the center changed in each correction, field by field,
 * with the previous values, newest first. Empty when the nomination was never corrected.
 */
export function changesSection(nomination: Nomination, cycle: Cycle): SafeHtml | undefined {
  const revisions = revisionViews(nomination);
  if (revisions.length === 0) return undefined;
  return html`<section id="changes" aria-labelledby="changes-title">
<h2 id="changes-title">변경 사항 <span class="en" lang="en">Changes made on return</span></h2>
<p>보완 요청에 따라 추천 센터가 추천서를 고쳐 다시 제출했습니다. 아래는 고친 항목과 이전 값입니다 (최근 제출이 먼저).</p>
${join(
  revisions
    .slice()
    .reverse()
    .map((revision) => revisionBlock(revision, cycle)),
  '\n',
)}
</section>`;
}

/** One round of the loop as the status page tells it. */
export interface CorrectionRound {
  readonly round: number;
  readonly stage: ReviewStage;
  readonly requestedAt: string;
  readonly comment?: string;
  readonly correctedAt?: string;
  readonly fields?: readonly string[];
}

/** The rounds of the loop, from the audit trail, oldest first. */
export function correctionRounds(history: readonly AuditEvent[]): CorrectionRound[] {
  const rounds = new Map<number, CorrectionRound>();
  for (const event of history) {
    if (event.type === 'correction_requested') {
      rounds.set(event.round, {
        round: event.round,
        stage: event.stage,
        requestedAt: event.at,
        ...(event.comment ? { comment: event.comment } : {}),
      });
    } else if (event.type === 'corrected') {
      const requested = rounds.get(event.round);
      rounds.set(event.round, {
        ...(requested ?? { round: event.round, stage: event.stage, requestedAt: event.at }),
        correctedAt: event.at,
        fields: event.fields,
      });
    }
  }
  return [...rounds.values()].sort((a, b) => a.round - b.round);
}

/** The status page's rounds (보완 요청 1회차 ...); empty when the nomination was never returned. */
export function roundsSection(history: readonly AuditEvent[], maxRounds?: number): SafeHtml | undefined {
  const rounds = correctionRounds(history);
  if (rounds.length === 0) return undefined;
  const rows = rounds.map(
    (round) => html`<tr>
<th scope="row">보완 요청 ${round.round}회차</th>
<td>${STAGE_LABELS[round.stage]}<br><span class="hint">${formatKst(round.requestedAt)}</span></td>
<td>${round.comment ? multiline(round.comment) : '-'}</td>
<td>${round.correctedAt ? html`${formatKst(round.correctedAt)}<br><span class="hint">${correctedFieldsText(round.fields ?? [])}</span>` : '보완 대기 중'}</td>
</tr>`,
  );
  const limit =
    maxRounds !== undefined &&
    html`<p class="hint">보완 요청은 추천서마다 최대 ${maxRounds}회까지 받을 수 있습니다.</p>\n`;
  return html`<h2>보완 요청 이력 <span class="en" lang="en">Correction rounds</span></h2>
${limit}<div class="table-wrap">
<table>
<caption>보완 요청 회차 <span class="en">(KST)</span></caption>
<thead><tr><th scope="col">회차</th><th scope="col">요청 단계</th><th scope="col">사유</th><th scope="col">보완 제출</th></tr></thead>
<tbody>
${join(rows, '\n')}
</tbody>
</table>
</div>`;
}

/* JSON (allow-lists: built field by field) */

function changeAnswer(change: FieldChange) {
  return {
    field: change.field,
    label: fieldLabel(change.field),
    ...(change.before !== undefined ? { before: change.before } : {}),
    ...(change.after !== undefined ? { after: change.after } : {}),
  };
}

export function changesAnswerOf(changes: readonly FieldChange[]) {
  return changes.map(changeAnswer);
}

/** The nomination's corrections for the approval JSON: each round's changed fields, before and after. */
export function revisionsAnswer(nomination: Nomination) {
  return revisionViews(nomination).map((revision) => ({
    round: revision.round,
    at: revision.at,
    returnedAt: revision.returnedAt,
    ...(revision.note ? { note: revision.note } : {}),
    changes: changesAnswerOf(revision.changes),
  }));
}

/** The rounds for the status JSON. */
export function roundsAnswer(history: readonly AuditEvent[]) {
  return correctionRounds(history).map((round) => ({
    round: round.round,
    stage: round.stage,
    requestedAt: round.requestedAt,
    ...(round.comment ? { comment: round.comment } : {}),
    ...(round.correctedAt ? { correctedAt: round.correctedAt } : {}),
    ...(round.fields ? { fields: round.fields.filter(isCorrectableField) } : {}),
  }));
}

/** The form's fields (`nominee.name`, ...) filled with a nomination's values: the prefilled edit form. */
export function formValuesOf(input: NominationInput): Record<string, string> {
  const { nominee } = input;
  const values: Record<string, string | undefined> = {
    cycle: input.cycle,
    category: input.category,
    nomineeType: input.nomineeType,
    'nominee.name': nominee.name,
    'nominee.affiliation': nominee.affiliation,
    'nominee.position': nominee.position,
    'nominee.email': nominee.email,
    'nominee.serviceYears': nominee.serviceYears === undefined ? undefined : String(nominee.serviceYears),
    'meritPeriod.from': input.meritPeriod.from,
    'meritPeriod.to': input.meritPeriod.to,
    meritSummary: input.meritSummary,
    meritDetails: input.meritDetails,
    priorAwards: input.priorAwards,
    disciplinaryHistory: input.disciplinaryHistory ? 'true' : 'false',
    centerId: input.centerId,
    'submitter.name': input.submitter.name,
    'submitter.email': input.submitter.email,
    consent: input.consent ? 'true' : 'false',
  };
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
