import { oneLine } from '../common';
import { MINISTRY_BLUE } from '../components/layout';
import { presentRows, type Rows } from '../components/summary-list';
import { html, join, multiline, renderDocument, type SafeHtml } from '../html';
import { MAIL_NO_REPLY, MAIL_SIGNATURE } from '../texts';

export type RenderedMail = { subject: string; text: string; html: string };

/**
 * A mail is written once as blocks and rendered twice, as plain text and as HTML, so the two
 * versions always say the same thing. Block texts are plain text: the HTML side escapes them.
 */
export type Block =
  | { readonly kind: 'p'; readonly text: string }
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'fields'; readonly rows: Rows }
  | { readonly kind: 'quote'; readonly text: string }
  | { readonly kind: 'link'; readonly label: string; readonly url: string }
  | { readonly kind: 'note'; readonly text: string };

/**
 * Text for the plain part: line breaks normalised to \n, other control characters (C0 but tab and
 * line feed, DEL, C1) and bidi overrides taken out, so that no value can disguise the text.
 */
export function plain(text: string): string {
  return (
    text
      .replace(/\r\n|\r/g, '\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: taking control characters out is the point.
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
  );
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'p':
      return block.text;
    case 'heading':
      return `■ ${block.text}`;
    case 'fields':
      return presentRows(block.rows)
        .map(([label, value]) => `- ${label}: ${value.replace(/\r\n|\r|\n/g, '\n  ')}`)
        .join('\n');
    case 'quote':
      return block.text
        .split(/\r\n|\r|\n/)
        .map((line) => `  ${line}`)
        .join('\n');
    case 'link':
      return `${block.label}:\n${block.url}`;
    case 'note':
      return `※ ${block.text}`;
  }
}

function blockHtml(block: Block): SafeHtml {
  switch (block.kind) {
    case 'p':
      return html`<p style="margin:0 0 16px">${multiline(block.text)}</p>`;
    case 'heading':
      return html`<h2 style="margin:24px 0 8px;font-size:16px;color:${MINISTRY_BLUE};border-bottom:2px solid ${MINISTRY_BLUE};padding-bottom:4px">${block.text}</h2>`;
    case 'fields': {
      const rows = presentRows(block.rows).map(
        ([label, value]) =>
          html`<tr><th scope="row" style="text-align:left;vertical-align:top;padding:6px 12px 6px 0;white-space:nowrap;color:#444">${label}</th><td style="padding:6px 0;vertical-align:top">${multiline(value)}</td></tr>`,
      );
      return html`<table style="border-collapse:collapse;margin:0 0 16px;font-size:15px">\n${join(rows, '\n')}\n</table>`;
    }
    case 'quote':
      return html`<blockquote style="margin:0 0 16px;padding:12px 16px;background:#f4f6f9;border-left:4px solid ${MINISTRY_BLUE}">${multiline(block.text)}</blockquote>`;
    case 'link':
      return html`<p style="margin:0 0 16px"><a href="${block.url}" style="display:inline-block;padding:10px 20px;background:${MINISTRY_BLUE};color:#ffffff;font-weight:bold;text-decoration:none">${block.label}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#555">버튼이 열리지 않으면 이 주소를 브라우저에 붙여 넣어 주세요:<br><a href="${block.url}" style="color:${MINISTRY_BLUE};word-break:break-all">${block.url}</a></p>`;
    case 'note':
      return html`<p style="margin:0 0 16px;font-size:14px;color:#444">※ ${multiline(block.text)}</p>`;
  }
}

/** The mail's subject (one clean line), its text part and its HTML part, from the same blocks. */
export function renderMail(subject: string, blocks: readonly Block[]): RenderedMail {
  const cleanSubject = oneLine(subject);
  const text = plain(
    `${[...blocks.map(blockText), `-- \n${MAIL_SIGNATURE}\n${MAIL_NO_REPLY}`].join('\n\n')}\n`,
  );
  const document = html`<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${cleanSubject}</title>
</head>
<body style="margin:0;padding:0;background:#f4f6f9">
<div style="max-width:640px;margin:0 auto;background:#ffffff;font-family:'Malgun Gothic','맑은 고딕','Apple SD Gothic Neo',sans-serif;font-size:15px;line-height:1.6;color:#1d1d1f">
<div style="background:${MINISTRY_BLUE};color:#ffffff;padding:12px 20px;font-weight:bold">고용노동부 · 올해의 고용서비스상</div>
<div style="padding:20px">
${join(blocks.map(blockHtml), '\n')}
<hr style="border:0;border-top:1px solid #d6dce6;margin:24px 0 12px">
<p style="margin:0;font-size:13px;color:#555">${MAIL_SIGNATURE}<br>${MAIL_NO_REPLY}</p>
</div>
</div>
</body>
</html>
`;
  return { subject: cleanSubject, text, html: renderDocument(document) };
}
