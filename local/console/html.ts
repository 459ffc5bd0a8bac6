/**
 * The console's only way to make HTML (and SVG). `html` escapes every interpolated value unless it
 * is already SafeHtml, and SafeHtml can only be made here: a plain string can never reach a page
 * unescaped by accident. Attribute values must be double-quoted in the templates.
 */

const issued = Symbol('SafeHtml');

/** Markup that this module built: literals of `html` templates with escaped values. Branded (nominal). */
export class SafeHtml {
  readonly #markup: string;

  constructor(markup: string, key: symbol) {
    if (key !== issued) throw new TypeError('SafeHtml is made by the html template only');
    this.#markup = markup;
  }

  toString(): string {
    return this.#markup;
  }
}

/** What a template may interpolate: markup, or plain values (escaped); false/null/undefined render nothing. */
export type Interpolation =
  | SafeHtml
  | string
  | number
  | bigint
  | boolean
  | null
  | undefined
  | readonly Interpolation[];

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

function renderValue(value: Interpolation): string {
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(renderValue).join('');
  if (value === null || value === undefined || typeof value === 'boolean') return '';
  return escapeHtml(String(value));
}

/** html`<p>${text}</p>`: the literals as written, every value escaped (arrays joined). */
export function html(strings: TemplateStringsArray, ...values: readonly Interpolation[]): SafeHtml {
  let markup = strings[0] ?? '';
  values.forEach((value, index) => {
    markup += renderValue(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(markup, issued);
}

/** A number for SVG coordinates: at most one decimal, no exponent. */
export function svgNumber(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 10) / 10) : '0';
}
