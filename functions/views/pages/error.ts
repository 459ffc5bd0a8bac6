import { layout } from '../components/layout';
import { html, join, renderDocument } from '../html';
import type { FieldMessages } from '../messages';
import { statusHelp } from '../texts';

/** The error page of both HTTP functions: what went wrong, the field errors, what to do. */
export function renderError(model: {
  status: number;
  title: string;
  message: string;
  /** Field path -> Korean message (views/messages.ts fieldMessages). */
  errors?: FieldMessages;
}): string {
  const { status, title, message } = model;
  const entries = Object.entries(model.errors ?? {}).filter(([, text]) => text !== '');
  const errorList =
    entries.length > 0 &&
    html`<div class="error-summary" role="alert" aria-labelledby="error-list-title">
<h2 id="error-list-title">확인이 필요한 항목</h2>
<ul>
${join(
  entries.map(([field, text]) => html`<li>${text} <span class="en" lang="en">(${field})</span></li>`),
  '\n',
)}
</ul>
</div>`;
  const help = statusHelp(status);
  const body = html`${errorList}
<h1>${title}</h1>
<p class="lead">${message}</p>
${help && html`<p>${help}</p>`}
<p class="hint">오류 코드 <span lang="en">(HTTP status)</span>: ${status}</p>
<p><a href="/">추천서 작성 화면으로 가기</a></p>
<p class="hint">문의: 고용노동부 고용서비스정책과</p>`;
  return renderDocument(layout(title, body));
}
