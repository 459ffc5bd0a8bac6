/**
 * HTML whose escaping the types enforce. Markup exists only as `SafeHtml`, and `SafeHtml` is made
 * only here: by the `html` tag (its literal parts are the template's own markup, every
 * interpolated value is escaped unless it already is SafeHtml), by `join` and by `multiline`.
 * There is no way to turn a run-time string into SafeHtml without escaping it (no escape hatch):
 * components take SafeHtml for their children, and a plain string passed where markup is expected
 * does not compile. Attributes are always written double-quoted in templates (`name="${value}"`);
 * the escaping covers text and attribute values alike (& < > " ' and `).
 */

let make: (html: string) => SafeHtml;

/** Escaped or template-authored markup. Nominal: only this module can construct one. */
export class SafeHtml {
  readonly #html: string;
  private constructor(markup: string) {
    this.#html = markup;
  }
  static {
    make = (markup) => new SafeHtml(markup);
  }
  toString(): string {
    return this.#html;
  }
}

/** What a template may interpolate: text (escaped), numbers (as text), markup, lists of markup, nothing. */
export type HtmlValue = SafeHtml | string | number | false | null | undefined | readonly SafeHtml[];

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/**
 * Control characters HTML does not allow in a document (C0 but tab, line feed, form feed and
 * carriage return; DEL; C1) and lone surrogates (not encodable): taken out of text, not escaped.
 */
const NOT_IN_HTML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text made safe for an element's content or a double-quoted attribute value. */
function escapeText(text: string): string {
  return text.replace(NOT_IN_HTML, '').replace(/[&<>"'`]/g, (char) => ENTITIES[char] ?? char);
}

function render(value: HtmlValue): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map((item: SafeHtml) => item.toString()).join('');
  return escapeText(String(value));
}

/** The template tag: `html\`<p>${text}</p>\`` escapes `text`; nested `html` fragments stay markup. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let index = 0; index < values.length; index++) {
    out += render(values[index]) + (strings[index + 1] ?? '');
  }
  return make(out);
}

/** Fragments joined by a separator (text, escaped; e.g. '\n' or ', '). */
export function join(parts: readonly SafeHtml[], separator = ''): SafeHtml {
  return make(parts.map((part) => part.toString()).join(escapeText(separator)));
}

/** Text escaped, its line breaks kept as `<br>`. */
export function multiline(text: string | undefined): SafeHtml {
  return make(escapeText(text ?? '').replace(/\r\n|\r|\n/g, '<br>\n'));
}

/** The one place a document leaves the SafeHtml world: the string an HTTP answer or a mail carries. */
export function renderDocument(document: SafeHtml): string {
  return document.toString();
}
