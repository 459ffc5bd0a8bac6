import { type HtmlValue, html, type SafeHtml } from './html';

// Literal CSS inside the template: nothing interpolated, nothing escaped in a raw-text element.
const STYLE = html`<style>
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:"Malgun Gothic","맑은 고딕","Apple SD Gothic Neo","Noto Sans KR","NanumGothic",system-ui,sans-serif;font-size:.9375rem;line-height:1.55;color:#1d1d1f;background:#f4f6f9;word-break:keep-all;overflow-wrap:anywhere}
a{color:#1b4b8f}
a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid #f2a900;outline-offset:2px}
.skip{position:absolute;left:-9999px}
.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:10}
header.site{background:#1b4b8f;color:#fff;padding:.6rem 1.25rem;display:flex;flex-wrap:wrap;align-items:baseline;gap:.5rem 2rem}
header.site .name{margin:0;font-size:1.1rem;font-weight:700}
header.site .name .en{color:#dbe4f3}
header.site nav{display:flex;gap:1.25rem}
header.site nav a{color:#fff;font-weight:700;text-decoration:none;border-bottom:2px solid transparent}
header.site nav a[aria-current]{border-bottom-color:#f2a900}
header.site nav .en{color:#dbe4f3}
main{max-width:76rem;margin:0 auto;padding:1.25rem 1.25rem 3rem;background:#fff;min-height:70vh}
footer.site{max-width:76rem;margin:0 auto;padding:.75rem 1.25rem;font-size:.8125rem;color:#555}
h1{font-size:1.45rem;line-height:1.35;margin:.25rem 0 1rem;color:#1b4b8f}
h2{font-size:1.15rem;margin:2rem 0 .75rem;padding-bottom:.25rem;border-bottom:2px solid #1b4b8f}
.en{font-size:.8125rem;color:#5a5a5a;font-weight:400}
.muted{color:#5a5a5a}
.panel{border:1px solid #c9d3e3;background:#f7f9fc;padding:.75rem 1rem;margin:1rem 0}
.panel-ok{border-left:6px solid #1e7d32}
.panel-warn{border-left:6px solid #b35c00;background:#fff8ef}
.panel-error{border-left:6px solid #c62828;background:#fdf3f2}
.panel-info{border-left:6px solid #1b4b8f}
.chips{display:flex;flex-wrap:wrap;gap:.5rem;margin:0 0 1rem;padding:0;list-style:none}
.chips a{display:inline-block;padding:.35rem .8rem;border:2px solid #c9d3e3;border-radius:999px;text-decoration:none;color:#1d1d1f;background:#fff}
.chips a[aria-current]{border-color:#1b4b8f;background:#1b4b8f;color:#fff}
.chips a[aria-current] .en{color:#dbe4f3}
.chips .count{font-weight:700;margin-left:.35rem}
form.search{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end;margin:0 0 1rem;padding:.75rem 1rem;background:#f7f9fc;border:1px solid #d6dce6}
form.search label{display:block;font-weight:700;font-size:.875rem}
input[type=text],select,textarea{font:inherit;padding:.4rem .5rem;border:2px solid #5a6372;border-radius:0;background:#fff}
input[type=text]{min-width:20rem}
textarea{display:block;width:100%;min-height:4rem}
.button{display:inline-block;font:inherit;font-weight:700;padding:.45rem 1rem;border:2px solid #1b4b8f;background:#1b4b8f;color:#fff;cursor:pointer;text-decoration:none}
.button-secondary{background:#fff;color:#1b4b8f}
.button-danger{background:#a42a1f;border-color:#a42a1f}
.buttons{display:flex;flex-wrap:wrap;gap:.5rem;margin:.75rem 0}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.875rem;margin:.25rem 0 1rem}
caption{text-align:left;font-weight:700;padding:.25rem 0}
th,td{border:1px solid #d6dce6;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#eef2f8}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.mono,.mono{font-family:ui-monospace,"D2Coding","NanumGothicCoding",monospace;font-size:.875rem}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:3px;font-weight:700;font-size:.8125rem;color:#fff;background:#5b6673;white-space:nowrap}
.badge-RUNNING{background:#1b4b8f}
.badge-SUCCEEDED{background:#1e7d32}
.badge-FAILED,.badge-TIMED_OUT{background:#c62828}
.badge-ABORTED{background:#6d4c41}
.badge-PENDING_REDRIVE{background:#e08e00}
.badge-waiting{background:#e08e00}
dl.summary{margin:0 0 1rem;border-top:1px solid #d6dce6;display:grid;grid-template-columns:minmax(9rem,max-content) 1fr}
dl.summary dt,dl.summary dd{margin:0;padding:.35rem .5rem;border-bottom:1px solid #d6dce6}
dl.summary dt{font-weight:700;background:#f7f9fc}
pre{margin:.25rem 0;padding:.5rem;background:#f4f6f9;border:1px solid #d6dce6;max-height:24rem;overflow:auto;font-size:.8125rem;white-space:pre-wrap;word-break:break-all}
details summary{cursor:pointer;color:#1b4b8f}
.graph-wrap{overflow-x:auto;border:1px solid #d6dce6;padding:.5rem;background:#fff}
.legend{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;padding:0;margin:.5rem 0;font-size:.875rem}
.legend span.swatch{display:inline-block;width:1.6rem;height:.9rem;vertical-align:middle;margin-right:.35rem;border:2px solid #8a96a3;background:#fff}
.swatch.visited{border-color:#1e7d32!important;background:#e6f4ea!important}
.swatch.current{border-color:#e08e00!important;background:#fff4d6!important;border-width:3px!important}
.swatch.ended{border-color:#c62828!important;background:#fdecea!important}
.swatch.catch{border:0!important;border-top:2px dashed #c9a0a0!important;height:0!important;background:none!important}
.charts{display:grid;grid-template-columns:1fr;gap:1rem}
.chart-wrap{overflow-x:auto}
.pager{display:flex;gap:1rem;margin:1rem 0}
@media print{header.site,footer.site,.skip,.buttons,form{display:none}body{background:#fff}}
</style>`;

export type Section = 'executions' | 'cycles' | 'none';

/** The page frame: Korean first, English subtitles; `body` is markup made with `html`. */
export function layout(options: {
  title: string;
  section: Section;
  body: SafeHtml;
  footer?: HtmlValue;
}): SafeHtml {
  const current = (section: Section) => (options.section === section ? html` aria-current="page"` : '');
  return html`<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${options.title} | 운영 콘솔</title>
${STYLE}
</head>
<body>
<a class="skip" href="#main">본문 바로가기</a>
<header class="site">
<p class="name">올해의 고용서비스상 운영 콘솔 <span class="en" lang="en">Ops console</span></p>
<nav aria-label="콘솔 메뉴">
<a href="/"${current('executions')}>워크플로 실행 <span class="en" lang="en">Executions</span></a>
<a href="/cycles"${current('cycles')}>포상연도별 현황 <span class="en" lang="en">Cycles</span></a>
</nav>
</header>
<main id="main">
${options.body}
</main>
<footer class="site">${options.footer ?? ''}</footer>
</body>
</html>
`;
}
