import type { MiddlewareObj } from '@middy/core';
import {
  ApprovalClosed,
  ApprovalNotFound,
  CertificateUnavailable,
  DraftExpired,
  DraftNotFound,
  NominationNotFound,
  QuotaReached,
  TransientError,
  ValidationError,
} from '../domain/errors';
import { CERTIFICATE_MESSAGES } from '../views/certificate-text';
import { quotaReachedMessage } from '../views/common';
import { CLOSED_MESSAGES, type FieldWording, fieldMessage, fieldMessages } from '../views/messages';
import { renderError } from '../views/pages/error';
import { BadRequest, Forbidden, type HttpEvent, type HttpResult, html, json, wantsJson } from './http';

/**
 * How a function words the refusals it answers: the field problems of its own forms, and (where it
 * decides approvals) why a link is closed. Passed in, so each bundle carries only its own words.
 */
export interface ErrorWording {
  readonly fields: FieldWording;
  readonly approvalClosed?: (reason: ApprovalClosed['reason']) => string;
}

/** Every word views/messages.ts has (tests, and a function that shows them all). */
export const ALL_WORDING: ErrorWording = {
  fields: fieldMessage,
  approvalClosed: (reason) => CLOSED_MESSAGES[reason],
};

/** What a closed approval link says where the function has no notice of its own. */
const LINK_CLOSED = '사용할 수 없는 링크입니다.';

function errorResponse(error: unknown, asJson: boolean, wording: ErrorWording): HttpResult {
  const { status, title, message, fields, headers } = describeError(error, wording);
  if (asJson) return json(status, { message, ...(fields ? { errors: fields } : {}) }, headers);
  return html(
    status,
    renderError({ status, title, message, ...(fields ? { errors: fields } : {}) }),
    headers,
  );
}

function describeError(
  error: unknown,
  wording: ErrorWording,
): {
  status: number;
  title: string;
  message: string;
  fields?: Readonly<Record<string, string>>;
  headers?: Record<string, string>;
} {
  if (error instanceof ValidationError) {
    return {
      status: 400,
      title: '입력값을 확인해 주세요',
      message: '일부 항목이 올바르지 않습니다.',
      fields: fieldMessages(error.fields, wording.fields),
    };
  }
  if (error instanceof BadRequest) {
    return {
      status: error.statusCode,
      title: '요청을 처리할 수 없습니다',
      message: error.message,
      fields: error.fields,
    };
  }
  if (error instanceof Forbidden) {
    // Refused before anything was read or decided (cross-site request, or no page token).
    return { status: 403, title: '처리하지 않은 요청입니다', message: error.message };
  }
  if (
    error instanceof ApprovalNotFound ||
    error instanceof NominationNotFound ||
    error instanceof DraftNotFound
  ) {
    return {
      status: 404,
      title: '찾을 수 없습니다',
      message: '주소가 올바르지 않거나 삭제된 링크입니다. 메일의 링크를 다시 확인해 주세요.',
    };
  }
  if (error instanceof CertificateUnavailable) {
    // Not awarded (yet): a conflict with the nomination's state; awarded without one: nothing to find.
    const { title, message } =
      CERTIFICATE_MESSAGES[error.reason === 'not_awarded' ? 'notAwarded' : 'notIssued'];
    return { status: error.reason === 'not_awarded' ? 409 : 404, title, message };
  }
  if (error instanceof DraftExpired) {
    return {
      status: 410,
      title: '확정 기한이 지난 추천서입니다',
      message: '확정 기한이 지나 이 추천서는 접수되지 않았습니다. 추천서 양식에서 다시 작성해 주세요.',
    };
  }
  if (error instanceof ApprovalClosed) {
    return {
      status: error.reason === 'decided' ? 409 : 410,
      title: '사용할 수 없는 링크입니다',
      message: wording.approvalClosed?.(error.reason) ?? LINK_CLOSED,
    };
  }
  if (error instanceof QuotaReached) {
    return {
      status: 409,
      title: '수상 한도에 도달했습니다',
      message: `${quotaReachedMessage(error.counter, error.awarded)} 이 추천서는 장관 결재를 계속 기다리며, 반려 또는 보완 요청은 할 수 있습니다.`,
    };
  }
  if (error instanceof TransientError) {
    return {
      status: 503,
      title: '잠시 후 다시 시도해 주세요',
      message:
        '일시적인 문제로 처리하지 못했습니다. 입력하신 내용은 저장되지 않았거나 이미 안전하게 저장되어 있습니다.',
      headers: { 'retry-after': '5' },
    };
  }
  const statusCode = (error as { statusCode?: unknown })?.statusCode;
  if (statusCode === 404) {
    return { status: 404, title: '페이지를 찾을 수 없습니다', message: '주소를 다시 확인해 주세요.' };
  }
  return {
    status: 500,
    title: '처리 중 오류가 발생했습니다',
    message: '담당자에게 알림이 전달되었습니다. 잠시 후 다시 시도해 주세요.',
  };
}

/** Every failure becomes a Korean page or a JSON error, worded by `wording`; only real faults are 5xx. */
export function httpErrorsWith(wording: ErrorWording): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    onError: (request) => {
      request.response = errorResponse(request.error, wantsJson(request.event), wording);
    },
  };
}

/** The middleware with every word (tests); functions pass their own wording to httpFunction. */
export const httpErrors = /* @__PURE__ */ httpErrorsWith(ALL_WORDING);
