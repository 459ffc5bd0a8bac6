import type { BatchDecisionInput } from '../domain/review-link';
import { FORM_TOKEN_FIELD } from '../views/common';
import type { HttpEvent, ParsedBody } from './http';

const ROW_COMMENT_PREFIX = 'comment.';

export interface PostedBatch extends BatchDecisionInput {
  /** The page's anti-forgery token, as posted (undefined when none was sent). */
  readonly formToken: unknown;
  /** The rows ticked and the comments typed, as posted: to show the form again after an error. */
  readonly echo: {
    readonly comment: string;
    readonly comments: Readonly<Record<string, string>>;
    readonly selected: ReadonlySet<string>;
  };
}

function formText(event: HttpEvent): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/**
 * A batch decision from the request (already checked for type and size by parseBody): form
 * fields (checkboxes `ids` repeated, `decision`, `comment`, a row's own `comment.<id>`, the page
 * token) or JSON (`{ "ids": [...], "decision", "comment", "comments": { "<id>": "..." } }`).
 * A form's repeated fields are read from the raw body: the nested-object reading of forms keeps
 * one value per name.
 */
export function postedBatch(event: HttpEvent, body: ParsedBody): PostedBatch {
  if (body.kind === 'json') {
    const value = (typeof body.value === 'object' && body.value ? body.value : {}) as Record<string, unknown>;
    const comments: Record<string, string> = Object.create(null);
    if (typeof value.comments === 'object' && value.comments !== null && !Array.isArray(value.comments)) {
      for (const [id, text] of Object.entries(value.comments))
        if (typeof text === 'string') comments[id] = text;
    }
    return {
      ids: value.ids,
      decision: value.decision,
      comment: value.comment,
      comments,
      formToken: value[FORM_TOKEN_FIELD],
      echo: {
        comment: typeof value.comment === 'string' ? value.comment : '',
        comments,
        selected: new Set(Array.isArray(value.ids) ? value.ids.filter((id) => typeof id === 'string') : []),
      },
    };
  }
  const params = new URLSearchParams(formText(event));
  // No prototype: the names come from the request.
  const comments: Record<string, string> = Object.create(null);
  for (const [name, text] of params) {
    if (name.startsWith(ROW_COMMENT_PREFIX)) comments[name.slice(ROW_COMMENT_PREFIX.length)] = text;
  }
  const ids = params.getAll('ids');
  const comment = params.get('comment') ?? '';
  return {
    ids,
    decision: params.get('decision') ?? undefined,
    comment,
    comments,
    formToken: params.get(FORM_TOKEN_FIELD) ?? undefined,
    echo: { comment, comments, selected: new Set(ids) },
  };
}
