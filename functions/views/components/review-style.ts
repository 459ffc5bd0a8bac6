import { html } from '../html';

/** The batch pages' own styles (inline styles are what the pages' CSP allows; no scripts anywhere). */
export const REVIEW_STYLE = html`<style>
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
</style>`;
