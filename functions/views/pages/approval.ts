import { type ApprovalRequest, MAX_COMMENT } from '../../domain/approval';
import type { Cycle } from '../../domain/cycle';
import type { FieldErrors } from '../../domain/errors';
import type { AuditEvent, Nomination } from '../../domain/nomination';
import type { QuotaUsage } from '../../domain/quota';
import { FORM_TOKEN_FIELD, formatKst, nomineeLabel, quotaUsageLine } from '../common';
import { delegationSection } from '../components/delegation-form';
import { historyTable } from '../components/history-table';
import { layout } from '../components/layout';
import { FILE_ROWS, nominationRows } from '../components/nomination-rows';
import { summaryList } from '../components/summary-list';
import { changesSection } from '../correction-parts';
import { html, join, renderDocument, type SafeHtml } from '../html';
import { decisionMessage, fieldMessages } from '../messages';
import { STAGE_LABELS } from '../texts';

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function attachmentList(nomination: Nomination): SafeHtml | undefined {
  const files = nomination.attachments ?? [];
  if (files.length === 0) return undefined;
  const items = files.map(
    (file) => html`<li>${file.filename} <span class="hint">(${formatSize(file.size)})</span></li>`,
  );
  return html`<h3>첨부 파일 <span class="en" lang="en">Attachments</span></h3>\n<ul class="attachments">\n${join(items, '\n')}\n</ul>`;
}

function nominationDetails(nomination: Nomination, cycle: Cycle): SafeHtml {
  return html`${summaryList(nominationRows(nomination, cycle, FILE_ROWS))}\n${attachmentList(nomination)}`;
}

/** The decision form; after a refused decision it shows why and keeps what the approver wrote. */
function decisionForm(
  actionUrl: string,
  formToken: string | undefined,
  refused?: { errors: FieldErrors; comment?: string },
): SafeHtml {
  const messages = Object.values(fieldMessages(refused?.errors, decisionMessage)).filter(
    (message) => message !== '',
  );
  const alert =
    messages.length > 0 &&
    html`<div class="error-summary" role="alert" tabindex="-1">
<h2>결정을 접수하지 못했습니다 <span class="en" lang="en">(Not recorded)</span></h2>
<ul>
${join(
  messages.map((message) => html`<li><a href="#comment">${message}</a></li>`),
  '\n',
)}
</ul>
</div>`;
  return html`${alert}<form method="post" action="${actionUrl}" accept-charset="utf-8">
${formToken !== undefined && html`<input type="hidden" name="${FORM_TOKEN_FIELD}" value="${formToken}">\n`}<div class="field">
<label for="comment">의견 <span class="en" lang="en">Comment</span></label>
<span class="hint" id="comment-hint">반려 또는 보완 요청 시에는 사유를 꼭 적어 주세요. 추천 센터에 그대로 전달됩니다 (${MAX_COMMENT.toLocaleString('en-US')}자 이내).</span>
<textarea id="comment" name="comment" rows="5" maxlength="${MAX_COMMENT}" aria-describedby="comment-hint"${refused?.errors.comment && html` aria-invalid="true"`}>${refused?.comment ?? ''}</textarea>
</div>
<div class="buttons">
<button type="submit" name="decision" value="approve" class="button">승인</button>
<button type="submit" name="decision" value="reject" class="button button-danger">반려</button>
<button type="submit" name="decision" value="return" class="button button-secondary">보완 요청</button>
</div>
</form>`;
}

/** The cycle's award quota usage, as guidance for HQ and the minister; this nomination's lines marked. */
function quotaSection(quota: readonly QuotaUsage[], nomination: Nomination): SafeHtml | undefined {
  if (quota.length === 0) return undefined;
  const items = quota.map((usage) => {
    const applies =
      usage.nomineeType === nomination.nomineeType &&
      (usage.categoryId === undefined || usage.categoryId === nomination.category);
    const line = quotaUsageLine(usage);
    return applies ? html`<li><strong>${line}</strong> · 이 추천서 해당</li>` : html`<li>${line}</li>`;
  });
  return html`<h2>수상 한도 현황 <span class="en" lang="en">Award quota usage</span></h2>
<ul class="quota">
${join(items, '\n')}
</ul>
<p class="hint">참고용입니다. 장관 승인으로 수상이 확정될 때 한도를 넘는 승인은 처리되지 않습니다.</p>`;
}

/** The approval page of a link that can decide: the file, its history and the decision form. */
export function renderApproval(model: {
  request: ApprovalRequest;
  nomination: Nomination;
  history: readonly AuditEvent[];
  cycle: Cycle;
  actionUrl: string;
  /**
   * The page's anti-forgery token, posted back with the decision. Without it the form is rendered
   * without the field, and its posts are refused (the review function always gives one).
   */
  formToken?: string;
  /** The cycle's award quota usage (HQ and the minister). */
  quota?: readonly QuotaUsage[];
  /** A decision that was refused (e.g. a rejection without a reason): shown above the form. */
  refused?: { errors: FieldErrors; comment?: string };
  /** The delegation form (after the decision form), where the holder may hand the decision on. */
  delegation?: Omit<Parameters<typeof delegationSection>[0], 'tokenField'>;
}): string {
  const { request, nomination, history, cycle, actionUrl, formToken, quota, refused, delegation } = model;
  const stageLabel = STAGE_LABELS[request.stage];
  const body = html`<h1>${stageLabel} 요청 <span class="en" lang="en">Approval request</span></h1>
<p class="lead">${request.approver.name} 님께 ${cycle.title} 추천서의 <strong>${stageLabel}</strong> 결정을 요청드립니다.</p>
<div class="panel panel-info">
<p>후보자: <strong>${nomineeLabel(nomination)}</strong> (${nomination.nominee.affiliation})</p>
<p>처리 기한: <strong>${formatKst(request.dueAt ?? request.expiresAt)}</strong></p>
<p class="hint">이 페이지를 여는 것만으로는 아무것도 결정되지 않습니다. 이 링크는 ${request.approver.name} 님 전용이니 다른 사람에게 전달하지 마세요.</p>
</div>
${changesSection(nomination, cycle)}
<h2>추천 내용</h2>
${nominationDetails(nomination, cycle)}
<h2>처리 이력</h2>
${historyTable(history)}
${quota && quotaSection(quota, nomination)}
<h2>결정하기</h2>
<p>아래 버튼 중 하나를 눌러야 결정이 접수됩니다. 결정은 한 번만 할 수 있습니다.</p>
${decisionForm(actionUrl, formToken, refused)}
${delegation && delegationSection({ ...delegation, tokenField: FORM_TOKEN_FIELD })}`;
  return renderDocument(layout(`${stageLabel} 요청: ${nomination.nominee.name}`, body));
}
