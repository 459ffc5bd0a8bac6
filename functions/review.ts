/**
 * The `review` function: the approvers' routes (an approval link's page, its decision and delegation,
 * and the batch review of HQ and the minister's office). The nominating centers' routes are the `web`
 * function's (functions/web.ts); the route table says which is whose.
 */

import { approvalMailing } from './adapters/approval-mailing';
import { DynamoApprovalDecisions } from './adapters/dynamo-approvals';
import { DynamoNominationReader } from './adapters/dynamo-nominations';
import {
  checkPageToken,
  type HttpEvent,
  type HttpResult,
  html,
  json,
  pageToken,
  parseBody,
  refuseCrossSite,
  wantsJson,
} from './adapters/http';
import { countMetric } from './adapters/metrics';
import { log } from './adapters/middleware';
import { postedBatch } from './adapters/review-form';
import { createSfnClient, StepFunctionsDecisions } from './adapters/sfn-workflow';
import { httpFunction, type RouteDeps } from './adapters/web-router';
import { ALERT_MESSAGES } from './contracts/alerts';
import { pathTo } from './contracts/routes';
import { delegatesFor, displayCycle } from './domain/cycle';
import { ApprovalNotFound, type FieldErrors, ValidationError } from './domain/errors';
import { isWellFormedLinkId } from './domain/secret-links';
import { decideBatch, ReviewLinkNotFound, viewReviewPage } from './use-cases/batch-review';
import { type ApprovalView, decideApproval, viewApproval } from './use-cases/decide-approval';
import { delegateApproval } from './use-cases/delegate-approval';
import {
  approvalAnswer,
  DECISION_TOKEN_PURPOSE,
  decisionAnswer,
  renderApproval,
  renderApprovalClosed,
  renderDecided,
} from './views/approval-pages';
import { FORM_TOKEN_FIELD } from './views/common';
import { DELEGATION_TOKEN_PURPOSE, renderDelegated } from './views/delegation-pages';
import { approvalRequestMail } from './views/mails/approval-request';
import { CLOSED_MESSAGES, decisionMessage } from './views/messages';
import {
  batchAnswer,
  REVIEW_TOKEN_PURPOSE,
  renderBatchResult,
  renderReviewPage,
  reviewPageAnswer,
} from './views/review-pages';

// The same services as the functions that mail approval links (a delegate's link is one), plus the
// hand-over of decisions: a single attempt each; this function never starts an execution. It reads
// nominations and decides requests (never opens one), and mails only approval links.
const mailing = approvalMailing({
  templates: { approvalRequest: approvalRequestMail },
  nominations: DynamoNominationReader,
  approvals: DynamoApprovalDecisions,
});
const services = {
  ...mailing.services,
  workflow: new StepFunctionsDecisions(createSfnClient({ singleAttempt: true })),
};

type Deps = RouteDeps<typeof services>;

/** Hosts a decision may be posted from besides the request's own: the public address (custom domain, CDN). */
const OWN_HOSTS = [new URL(services.publicUrl).host];

/** The approval page: the file and the form while the link can decide, only the notice once it cannot. */
function approvalPage(
  approvalId: string,
  view: ApprovalView,
  deps: Deps,
  refused?: { errors: FieldErrors; comment: string },
  delegationErrors?: FieldErrors,
): string {
  if (!view.open) return renderApprovalClosed(view);
  return renderApproval({
    request: view.request,
    nomination: view.nomination,
    history: view.history,
    ...(view.quota ? { quota: view.quota } : {}),
    cycle: displayCycle(deps.cycles, view.nomination.cycle),
    actionUrl: pathTo('decide', { approvalId }),
    formToken: pageToken(approvalId, DECISION_TOKEN_PURPOSE),
    ...(refused ? { refused } : {}),
    // Only the approver's own link may hand the decision on (not a delegate's or an escalation link).
    ...(view.request.via
      ? {}
      : {
          delegation: {
            actionUrl: pathTo('delegate', { approvalId }),
            formToken: pageToken(approvalId, DELEGATION_TOKEN_PURPOSE),
            delegates: delegatesFor(
              deps.directory,
              view.request.stage,
              view.nomination.centerId,
              view.request.approver,
            ),
            ...(delegationErrors ? { errors: delegationErrors } : {}),
          },
        }),
  });
}

/**
 * The body of a POST that acts through an approval link: refused before anything is read when it
 * comes from another site; a form must carry the token of this link's page for `purpose`. JSON
 * needs no token (a browser cannot post JSON to another site without a CORS preflight, which this
 * API never grants), but one it sends must match.
 */
function postedFromLinkPage(event: HttpEvent, linkId: string, purpose: string) {
  refuseCrossSite(event, OWN_HOSTS);
  if (!isWellFormedLinkId(linkId)) throw new ApprovalNotFound();
  const body = parseBody(event);
  const fields = (typeof body.value === 'object' && body.value ? body.value : {}) as Record<string, unknown>;
  if (body.kind === 'form' || fields[FORM_TOKEN_FIELD] !== undefined)
    checkPageToken(linkId, purpose, fields[FORM_TOKEN_FIELD]);
  return { body, fields };
}

/** POST /approvals/{id}/delegate: hands the decision to a registered colleague (form or JSON). */
const delegate = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const approvalId = event.pathParameters?.approvalId ?? '';
  const { body, fields } = postedFromLinkPage(event, approvalId, DELEGATION_TOKEN_PURPOSE);
  try {
    const result = await delegateApproval({ approvalId, delegate: fields.delegate }, deps);
    const dueAt = result.request.dueAt ?? result.request.expiresAt;
    if (body.kind === 'json') {
      return json(200, {
        stage: result.request.stage,
        delegatedTo: result.delegate.name,
        dueAt,
        alreadyDelegated: result.alreadyDelegated,
      });
    }
    return html(
      200,
      renderDelegated({
        stage: result.request.stage,
        delegate: result.delegate,
        dueAt,
        alreadyDelegated: result.alreadyDelegated,
      }),
    );
  } catch (error) {
    if (!(error instanceof ValidationError && body.kind === 'form')) throw error;
    return html(
      400,
      approvalPage(approvalId, await viewApproval(approvalId, deps), deps, undefined, error.fields),
    );
  }
};

const showApproval = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const approvalId = event.pathParameters?.approvalId ?? '';
  const view = await viewApproval(approvalId, deps);
  if (wantsJson(event)) return json(200, approvalAnswer(view));
  return html(200, approvalPage(approvalId, view, deps));
};

const decide = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const approvalId = event.pathParameters?.approvalId ?? '';
  const { body, fields } = postedFromLinkPage(event, approvalId, DECISION_TOKEN_PURPOSE);
  try {
    const result = await decideApproval(
      { approvalId, decision: fields.decision, comment: fields.comment },
      deps,
    );
    if (result.handoverUncertain) {
      // On record, but Step Functions' answer was lost: if the task did not take the decision,
      // the review times out and reaches an operator. Log it so the operator knows now.
      log('error', ALERT_MESSAGES.decisionHandoverUncertain, {
        nominationId: result.nomination.id,
        stage: result.request.stage,
      });
    }
    const status = result.alreadyDecided ? 409 : 200;
    if (!result.alreadyDecided)
      countMetric('decisions', { stage: result.request.stage, decision: result.decision });
    if (body.kind === 'json') return json(status, decisionAnswer({ ...result, stage: result.request.stage }));
    return html(status, renderDecided({ ...result, stage: result.request.stage }));
  } catch (error) {
    if (!(error instanceof ValidationError && body.kind === 'form')) throw error;
    // Show the same page again with the reason, keeping what the approver wrote.
    const view = await viewApproval(approvalId, deps);
    const comment = typeof fields.comment === 'string' ? fields.comment : '';
    // Closed meanwhile (another tab decided): the notice, not the file.
    if (!view.open) return html(409, renderApprovalClosed(view));
    return html(400, approvalPage(approvalId, view, deps, { errors: error.fields, comment }));
  }
};

/** The query of the batch page: sort, order, where the page starts (a cursor) and a selection to render ticked (all or a category). */
function reviewQuery(event: HttpEvent) {
  const query = event.queryStringParameters ?? {};
  return { sort: query.sort, order: query.order, cursor: query.cursor, select: query.select };
}

/** The batch page's form posts back to its own address, query included: an error shows the same view. */
function reviewActionUrl(reviewId: string, event: HttpEvent): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(reviewQuery(event))) if (value) query.set(name, value);
  query.delete('select');
  const text = query.toString();
  return `${pathTo('decideReview', { reviewId })}${text ? `?${text}` : ''}`;
}

const showReview = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const reviewId = event.pathParameters?.reviewId ?? '';
  const query = reviewQuery(event);
  const page = await viewReviewPage(reviewId, query, deps);
  // Allow-listed (views/review-pages.ts): no reviewer address, nonce, hash or request internals.
  if (wantsJson(event)) return json(200, reviewPageAnswer(page));
  return html(
    200,
    renderReviewPage({
      page,
      actionUrl: reviewActionUrl(reviewId, event),
      formToken: pageToken(reviewId, REVIEW_TOKEN_PURPOSE),
      ...(query.select ? { select: query.select } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
      // Every batch link (HQ, the minister's office) may export its cycle (use-cases/export-cycle.ts).
      exportUrl: pathTo('exportReview', { reviewId }),
    }),
  );
};

const decideReview = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const reviewId = event.pathParameters?.reviewId ?? '';
  // Before anything is read: another site's page must not decide through a browser that has the link.
  refuseCrossSite(event, OWN_HOSTS);
  if (!isWellFormedLinkId(reviewId)) throw new ReviewLinkNotFound();
  const body = parseBody(event);
  const posted = postedBatch(event, body);
  // As on the approval page: a form must come from this link's page; JSON needs none, but one it sends must match.
  if (body.kind === 'form' || posted.formToken !== undefined)
    checkPageToken(reviewId, REVIEW_TOKEN_PURPOSE, posted.formToken);
  try {
    const result = await decideBatch(reviewId, posted, deps);
    for (const row of result.results) {
      if (row.outcome === 'done')
        countMetric('decisions', { stage: result.stage, decision: result.decision });
      if (row.handoverUncertain)
        log('error', ALERT_MESSAGES.decisionHandoverUncertain, {
          nominationId: row.nominationId,
          stage: result.stage,
        });
      if (row.outcome === 'failed')
        log('warn', 'batch row not decided', {
          nominationId: row.nominationId,
          stage: result.stage,
          error: row.error,
        });
    }
    if (body.kind === 'json') return json(200, batchAnswer(result));
    return html(200, renderBatchResult({ result, backUrl: pathTo('review', { reviewId }) }));
  } catch (error) {
    if (!(error instanceof ValidationError && body.kind === 'form')) throw error;
    // The same page again with the reasons, keeping the ticks and comments: nothing was decided.
    const page = await viewReviewPage(reviewId, reviewQuery(event), deps);
    return html(
      400,
      renderReviewPage({
        page,
        actionUrl: reviewActionUrl(reviewId, event),
        formToken: pageToken(reviewId, REVIEW_TOKEN_PURPOSE),
        refused: { errors: error.fields, ...posted.echo },
        ...(event.queryStringParameters?.cursor ? { cursor: event.queryStringParameters.cursor } : {}),
      }),
    );
  }
};

export const { handler, routes } = httpFunction('review', {
  services,
  config: mailing.config,
  handlers: {
    approval: showApproval,
    decide,
    delegate,
    review: showReview,
    decideReview,
  },
  wording: { fields: decisionMessage, approvalClosed: (reason) => CLOSED_MESSAGES[reason] },
});
