/**
 * The nomination form's fields (the new nomination and the edit link's form use the same ones):
 * label, hint, error message and the control, wired with ids for aria-describedby and the error
 * summary's links.
 */
import type { Directory } from '../../domain/cycle';
import { FIELD_LIMITS } from '../../domain/fields';
import { html, join, type SafeHtml } from '../html';
import type { FieldMessages } from '../messages';

/** The id of the element a field path's label, error and summary link point to. */
export function fieldId(path: string): string {
  return path.replace(/\./g, '-');
}

export interface FormState {
  readonly values: Record<string, string>;
  /** Field path -> Korean message (views/messages.ts fieldMessages). */
  readonly errors: FieldMessages;
}

function errorText(state: FormState, path: string): string | undefined {
  const message = state.errors[path];
  return message === undefined || message === '' ? undefined : message;
}

export function errorMessage(state: FormState, path: string): SafeHtml {
  const message = errorText(state, path);
  if (message === undefined) return html``;
  return html`<span class="error-message" id="${fieldId(path)}-error"><span class="visually-hidden">오류: </span>${message}</span>`;
}

/** ` aria-describedby="..."` for the field's hint and error, or nothing. */
export function describedBy(state: FormState, path: string, hasHint: boolean): SafeHtml {
  const ids: string[] = [];
  if (hasHint) ids.push(`${fieldId(path)}-hint`);
  if (errorText(state, path) !== undefined) ids.push(`${fieldId(path)}-error`);
  return ids.length > 0 ? html` aria-describedby="${ids.join(' ')}"` : html``;
}

export function invalid(state: FormState, path: string): SafeHtml {
  return errorText(state, path) !== undefined ? html` aria-invalid="true"` : html``;
}

export function fieldClass(state: FormState, path: string): string {
  return errorText(state, path) !== undefined ? 'field field-error' : 'field';
}

function hintHtml(path: string, hint: string | undefined): SafeHtml | undefined {
  return hint ? html`<span class="hint" id="${fieldId(path)}-hint">${hint}</span>` : undefined;
}

export function labelText(label: string, required: boolean, en?: string): SafeHtml {
  return html`${label}${required && html` <span class="req">(필수)</span>`}${en && html` <span class="en" lang="en">${en}</span>`}`;
}

export interface InputOptions {
  readonly path: string;
  readonly label: string;
  readonly en?: string;
  readonly type: 'text' | 'email' | 'number' | 'month';
  readonly required?: boolean;
  readonly hint?: string;
  readonly autocomplete?: string;
  readonly attributes?: Readonly<Record<string, string>>;
}

/** The browser's limit for a field: the same number the validation enforces. */
function limitOf(path: string): number | undefined {
  return Object.hasOwn(FIELD_LIMITS, path) ? FIELD_LIMITS[path as keyof typeof FIELD_LIMITS] : undefined;
}

/** Attribute names are the template's own (a fixed set); only their values come from data. */
const ATTRIBUTE_NAME = /^[a-z][a-z-]*$/;

export function inputField(state: FormState, options: InputOptions): SafeHtml {
  const { path } = options;
  const id = fieldId(path);
  const limit = limitOf(path);
  const extra = Object.entries({
    ...(options.autocomplete ? { autocomplete: options.autocomplete } : {}),
    ...(limit ? { maxlength: String(limit) } : {}),
    ...options.attributes,
  })
    .filter(([name]) => ATTRIBUTE_NAME.test(name))
    .map(([name, value]) => attribute(name, value));
  return html`<div class="${fieldClass(state, path)}">
<label for="${id}">${labelText(options.label, options.required ?? false, options.en)}</label>
${hintHtml(path, options.hint)}
${errorMessage(state, path)}
<input type="${options.type}" id="${id}" name="${path}" value="${state.values[path] ?? ''}"${options.required && html` required`}${extra}${invalid(state, path)}${describedBy(state, path, Boolean(options.hint))}>
</div>`;
}

/** ` name="value"` for an attribute name of the template's own (checked above). */
function attribute(name: string, value: string): SafeHtml {
  // The name passes ATTRIBUTE_NAME (letters and '-'): escaping it changes nothing, and it stays text.
  return html` ${name}="${value}"`;
}

export interface TextareaOptions {
  readonly path: string;
  readonly label: string;
  readonly en?: string;
  readonly required?: boolean;
  readonly hint?: string;
  readonly rows: number;
}

export function textareaField(state: FormState, options: TextareaOptions): SafeHtml {
  const { path } = options;
  const id = fieldId(path);
  return html`<div class="${fieldClass(state, path)}">
<label for="${id}">${labelText(options.label, options.required ?? false, options.en)}</label>
${hintHtml(path, options.hint)}
${errorMessage(state, path)}
<textarea id="${id}" name="${path}" rows="${options.rows}" maxlength="${limitOf(path) ?? ''}"${options.required && html` required`}${invalid(state, path)}${describedBy(state, path, Boolean(options.hint))}>
${state.values[path] ?? ''}</textarea>
</div>`;
}

export interface RadioOptions {
  readonly path: string;
  readonly legend: string;
  readonly en?: string;
  readonly hint?: string;
  readonly choices: ReadonlyArray<{ readonly value: string; readonly label: string; readonly en?: string }>;
}

/** A radio group; the first radio carries the field id so that error links focus it. */
export function radioGroup(state: FormState, options: RadioOptions): SafeHtml {
  const { path } = options;
  const base = fieldId(path);
  const choices = options.choices.map((choice, index) => {
    const id = index === 0 ? base : `${base}-${index + 1}`;
    return html`<div class="choice"><input type="radio" id="${id}" name="${path}" value="${choice.value}"${state.values[path] === choice.value && html` checked`}${index === 0 && html` required`}><label for="${id}">${choice.label}${choice.en && html` <span class="en" lang="en">${choice.en}</span>`}</label></div>`;
  });
  return html`<fieldset class="${fieldClass(state, path)}"${describedBy(state, path, Boolean(options.hint))}>
<legend>${labelText(options.legend, true, options.en)}</legend>
${hintHtml(path, options.hint)}
${errorMessage(state, path)}
${join(choices, '\n')}
</fieldset>`;
}

export function centerSelect(state: FormState, directory: Directory): SafeHtml {
  const path = 'centerId';
  const id = fieldId(path);
  const selected = state.values[path] ?? '';
  const options = directory.centers.map(
    (center) =>
      html`<option value="${center.id}"${center.id === selected && html` selected`}>${center.name}</option>`,
  );
  return html`<div class="${fieldClass(state, path)}">
<label for="${id}">${labelText('추천 센터', true, 'Nominating center')}</label>
${errorMessage(state, path)}
<select id="${id}" name="${path}" required${invalid(state, path)}${describedBy(state, path, false)}>
<option value=""${selected === '' && html` selected`}>센터를 선택해 주세요</option>
${join(options, '\n')}
</select>
</div>`;
}

/** Errors of a whole group (e.g. `nominee`), shown at the top of its fieldset. */
export function groupAttributes(state: FormState, path: string): SafeHtml {
  return html` id="${fieldId(path)}"${describedBy(state, path, false)}`;
}
