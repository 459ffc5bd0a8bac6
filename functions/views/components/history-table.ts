import type { AuditEvent } from '../../domain/nomination';
import { describeEvent, eventRole, formatKst, ROLE_LABELS } from '../common';
import { html, join, multiline, type SafeHtml } from '../html';

/** The audit trail as an accessible table, oldest first (the status page and the approval page). */
export function historyTable(history: readonly AuditEvent[]): SafeHtml {
  if (history.length === 0) return html`<p>처리 이력이 아직 없습니다.</p>`;
  const rows = history.map(
    (event) => html`<tr>
<td>${formatKst(event.at)}</td>
<td>${multiline(describeEvent(event))}</td>
<td>${ROLE_LABELS[eventRole(event)]}</td>
</tr>`,
  );
  return html`<div class="table-wrap">
<table>
<caption>처리 이력 <span class="en">(history, KST)</span></caption>
<thead><tr><th scope="col">일시</th><th scope="col">내용</th><th scope="col">처리자</th></tr></thead>
<tbody>
${join(rows, '\n')}
</tbody>
</table>
</div>`;
}
