import { html, join, multiline, type SafeHtml } from '../html';

/** Label/value rows as text; a row without a value is left out wherever rows are shown. */
export type Rows = ReadonlyArray<readonly [label: string, value: string | undefined]>;

/** The rows that have a value. */
export function presentRows(rows: Rows): Array<readonly [string, string]> {
  return rows.filter((row): row is readonly [string, string] => row[1] !== undefined && row[1] !== '');
}

/** A definition list of label/value pairs (the pages' form of the rows). */
export function summaryList(rows: Rows): SafeHtml {
  const items = presentRows(rows).map(
    ([label, value]) => html`<div class="row"><dt>${label}</dt><dd>${multiline(value)}</dd></div>`,
  );
  return html`<dl class="summary">\n${join(items, '\n')}\n</dl>`;
}
