import { html, type SafeHtml } from '../html';

export const MINISTRY_BLUE = '#1b4b8f';

/**
 * The styles every page uses. Rules for one kind of page only (the nomination form, the status page's
 * stepper) live beside that page's markup (components/form-style.ts, components/stepper-style.ts) and
 * come in through `layout`'s `pageStyle`, so a function bundles only the rules its pages use.
 */
const CSS = html`
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:"Malgun Gothic","맑은 고딕","Apple SD Gothic Neo","Noto Sans KR",system-ui,sans-serif;font-size:1rem;line-height:1.6;color:#1d1d1f;background:#f4f6f9;word-break:keep-all;overflow-wrap:anywhere}
a{color:${MINISTRY_BLUE}}
a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #f2a900;outline-offset:2px}
.skip{position:absolute;left:-9999px}
.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:10}
header.site{background:${MINISTRY_BLUE};color:#fff;padding:.75rem 1rem}
header.site .org{margin:0;font-size:.875rem;opacity:.9}
header.site .name{margin:0;font-size:1.125rem;font-weight:700}
main{max-width:52rem;margin:0 auto;padding:1.25rem 1rem 3rem;background:#fff;min-height:60vh}
footer.site{max-width:52rem;margin:0 auto;padding:1rem;font-size:.875rem;color:#555}
h1{font-size:1.5rem;line-height:1.35;margin:.25rem 0 1rem;color:${MINISTRY_BLUE}}
h2{font-size:1.2rem;margin:2rem 0 .75rem;padding-bottom:.25rem;border-bottom:2px solid ${MINISTRY_BLUE}}
.en{font-size:.8125rem;color:#5a5a5a;font-weight:400}
.lead{font-size:1.0625rem}
.visually-hidden{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);border:0;white-space:nowrap}
.panel{border:1px solid #c9d3e3;background:#f7f9fc;padding:1rem;margin:1rem 0}
.panel-ok{border-left:6px solid #1e7b34}
.panel-info{border-left:6px solid ${MINISTRY_BLUE}}
.panel-warn{border-left:6px solid #b35c00;background:#fff8ef}
.error-summary{border:3px solid #c0392b;padding:1rem;margin:0 0 1.5rem;background:#fff}
.error-summary h2{margin-top:0;border:0;color:#c0392b}
.error-summary a{color:#c0392b;font-weight:700}
.error-message{display:block;color:#c0392b;font-weight:700;margin:.25rem 0}
.field{margin:0 0 1.25rem}
.field-error{border-left:4px solid #c0392b;padding-left:.75rem}
label,legend{font-weight:700;display:block;margin-bottom:.25rem}
legend{padding:0}
fieldset{border:0;margin:0 0 1.25rem;padding:0;min-width:0}
.hint{display:block;color:#555;font-size:.875rem;margin:0 0 .25rem}
input[type=text],input[type=email],input[type=number],input[type=month],select,textarea{display:block;width:100%;max-width:100%;font:inherit;padding:.5rem;border:2px solid #5a6372;border-radius:0;background:#fff}
textarea{min-height:6rem;resize:vertical}
.field-error input,.field-error select,.field-error textarea{border-color:#c0392b}
.button{display:inline-block;font:inherit;font-weight:700;padding:.65rem 1.25rem;border:2px solid ${MINISTRY_BLUE};background:${MINISTRY_BLUE};color:#fff;cursor:pointer;text-decoration:none;margin:.25rem .5rem .25rem 0}
.button-secondary{background:#fff;color:${MINISTRY_BLUE}}
.button-danger{background:#a42a1f;border-color:#a42a1f}
.buttons{display:flex;flex-wrap:wrap;gap:.5rem}
.buttons .button{margin:0}
dl.summary{margin:0 0 1rem;border-top:1px solid #d6dce6}
dl.summary .row{display:flex;flex-wrap:wrap;border-bottom:1px solid #d6dce6;padding:.5rem 0}
dl.summary dt{font-weight:700;flex:0 0 10rem;padding-right:1rem}
dl.summary dd{margin:0;flex:1 1 16rem;min-width:0}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.9375rem}
caption{text-align:left;font-weight:700;padding:.25rem 0}
th,td{border:1px solid #d6dce6;padding:.5rem;text-align:left;vertical-align:top}
th{background:#eef2f8}
@media (max-width:36rem){dl.summary dt{flex-basis:100%}h1{font-size:1.3rem}main{padding:1rem .75rem 2rem}}
@media print{header.site,footer.site,.skip{display:none}body{background:#fff}}
`;

/**
 * The page frame: `title` is text, `body` markup, `pageStyle` the page's own rules (after the shared
 * ones, so they win where both match alike). Pages hand the result to renderDocument.
 */
export function layout(title: string, body: SafeHtml, pageStyle?: SafeHtml): SafeHtml {
  return html`<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${title} | 올해의 고용서비스상</title>
<style>${CSS}${pageStyle}</style>
</head>
<body>
<a class="skip" href="#main">본문 바로가기</a>
<header class="site">
<p class="org">고용노동부 <span lang="en">Ministry of Employment and Labor</span></p>
<p class="name">올해의 고용서비스상 추천·심사</p>
</header>
<main id="main">
${body}
</main>
<footer class="site">
<p>고용노동부 고용서비스정책과 · 올해의 고용서비스상 사무국</p>
</footer>
</body>
</html>
`;
}
