import httpRouterHandler, { type Route } from '@middy/http-router';
import type { Context } from 'aws-lambda';
import { systemClock } from './adapters/clock';
import { type LiveConfig, readEnv } from './adapters/config';
import { DynamoApprovalRepository } from './adapters/dynamo-approvals';
import { createConfigSource } from './adapters/dynamo-config';
import { DynamoCorrectionRepository } from './adapters/dynamo-corrections';
import { DynamoDraftRepository } from './adapters/dynamo-drafts';
import { DynamoNominationRepository } from './adapters/dynamo-nominations';
import { DynamoReviewLinkRepository } from './adapters/dynamo-review-links';
import { DynamoReviewQueue } from './adapters/dynamo-review-queue';
import { DynamoSentMailLog } from './adapters/dynamo-sent-mail';
import { createDocumentClient } from './adapters/dynamo-table';
import {
  checkPageToken,
  type HttpEvent,
  type HttpResult,
  html,
  json,
  nominationFromForm,
  pageToken,
  parseBody,
  refuseCrossSite,
  wantsJson,
} from './adapters/http';
import { httpErrors } from './adapters/http-errors';
import { countMetric } from './adapters/metrics';
import { lambdaHandler, log } from './adapters/middleware';
import { postedBatch } from './adapters/review-form';
import { createLinkKey } from './adapters/secrets-link-key';
import { createMailer } from './adapters/ses-mailer';
import { createSfnClient, StepFunctionsCorrections, StepFunctionsWorkflow } from './adapters/sfn-workflow';
import { ALERT_MESSAGES } from './contracts/alerts';
import { linkTo, pathTo, type RouteName, routeKeys } from './contracts/routes';
import { type Cycle, delegatesFor, findCycle, latestCycle, openCycle } from './domain/cycle';
import { ApprovalNotFound, NominationNotFound, ValidationError } from './domain/errors';
import { isWellFormedNominationId } from './domain/ids';
import { participantHistory } from './domain/nomination';
import { isWellFormedLinkId } from './domain/secret-links';
import { decideBatch, ReviewLinkNotFound, viewReviewPage } from './use-cases/batch-review';
import { type ApprovalView, decideApproval, viewApproval } from './use-cases/decide-approval';
import { delegateApproval } from './use-cases/delegate-approval';
import { confirmDraft, submitDraft, viewDraft } from './use-cases/draft-nomination';
import { DELEGATION_TOKEN_PURPOSE, renderDelegated } from './views/delegation-pages';
import {
  approvalAnswer,
  DECISION_TOKEN_PURPOSE,
  decisionAnswer,
  draftAnswer,
  FORM_TOKEN_FIELD,
  renderApproval,
  renderApprovalClosed,
  renderDecided,
  renderDraft,
  renderDraftConfirmed,
  renderDraftSent,
  renderNominationForm,
  renderStatus,
  SUBMISSION_MESSAGES,
  statusAnswer,
} from './views/pages';
import {
  batchAnswer,
  REVIEW_TOKEN_PURPOSE,
  renderBatchResult,
  renderReviewPage,
  reviewPageAnswer,
} from './views/review-pages';
import { showCorrection, submitCorrection } from './web-corrections';

const env = readEnv(
  'TABLE_NAME',
  'STATE_MACHINE_ARN',
  'PUBLIC_URL',
  'MAIL_FROM',
  'SES_CONFIGURATION_SET',
  'CONFIG_CACHE_SECONDS',
  'LINK_KEY_SECRET_ID',
);
const db = createDocumentClient();
const nominations = new DynamoNominationRepository(db, env.TABLE_NAME);
const config = createConfigSource(db, env);
const services = {
  nominations,
  approvals: new DynamoApprovalRepository(db, env.TABLE_NAME),
  drafts: new DynamoDraftRepository(db, env.TABLE_NAME),
  // Batch review (HQ, the minister's office): the web function only hashes the link id it is given.
  reviewLinks: new DynamoReviewLinkRepository(db, env.TABLE_NAME),
  reviewQueue: new DynamoReviewQueue(db, env.TABLE_NAME),
  sentMail: new DynamoSentMailLog(db, env.TABLE_NAME),
  mailer: createMailer(env),
  // Delegation mints a delegate's link, derived like every approval link.
  linkKey: createLinkKey(env),
  workflow: new StepFunctionsWorkflow(
    createSfnClient(),
    createSfnClient({ singleAttempt: true }),
    env.STATE_MACHINE_ARN,
  ),
  // Edit links of returned nominations (보완 요청) and their hand-over back to the waiting workflow.
  corrections: new DynamoCorrectionRepository(db, env.TABLE_NAME),
  corrector: new StepFunctionsCorrections(createSfnClient({ singleAttempt: true })),
  clock: systemClock,
  publicUrl: env.PUBLIC_URL,
};

/** What a route works with: the services, and the cycles and directory as they are now. */
type Deps = typeof services & LiveConfig & { readonly remainingMs: () => number };

/** The cycle to show a stored nomination in (the newest one if its own is gone from the config). */
function displayCycle(deps: Deps, year: string): Cycle {
  return findCycle(deps.cycles, year) ?? latestCycle(deps.cycles);
}

/** The form: the cycle open now, or (closed) the latest one's dates. */
function formCycle(deps: Deps): { cycle: Cycle; closed: boolean } {
  const open = openCycle(deps.cycles, deps.clock.now());
  return { cycle: open ?? latestCycle(deps.cycles), closed: !open };
}

/** The form offers the cycle open now; between cycles it says so. */
const showForm = async (_event: HttpEvent, deps: Deps): Promise<HttpResult> =>
  html(200, renderNominationForm({ ...formCycle(deps), directory: deps.directory }));

const submit = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const body = parseBody(event);
  const raw = body.kind === 'form' ? nominationFromForm(body.value) : body.value;
  try {
    const { center, expiresAt, alreadyPending } = await submitDraft(raw, deps);
    if (body.kind === 'json') {
      return json(202, {
        status: 'awaiting_confirmation',
        expiresAt,
        duplicate: alreadyPending,
        message: alreadyPending ? SUBMISSION_MESSAGES.draftPending : SUBMISSION_MESSAGES.draftSent,
      });
    }
    return html(202, renderDraftSent({ centerName: center.name, expiresAt, alreadyPending }));
  } catch (error) {
    if (error instanceof ValidationError && body.kind === 'form') {
      const page = renderNominationForm({
        ...formCycle(deps),
        directory: deps.directory,
        values: body.fields,
        errors: error.fields,
      });
      return html(400, page);
    }
    throw error;
  }
};

const showDraft = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const draftId = event.pathParameters?.draftId ?? '';
  const view = await viewDraft(draftId, deps);
  const closedMessage =
    view.closed === 'confirmed'
      ? '이미 확정된 추천서입니다. 진행 상황은 접수 확인 메일의 링크에서 확인해 주세요.'
      : view.closed === 'expired'
        ? '확정 기한이 지난 추천서입니다. 양식에서 다시 작성해 주세요.'
        : undefined;
  if (wantsJson(event)) return json(200, draftAnswer(view.draft, closedMessage));
  return html(
    200,
    renderDraft({
      draft: view.draft,
      cycle: displayCycle(deps, view.draft.input.cycle),
      centerName: view.center.name,
      actionUrl: pathTo('confirmDraft', { draftId }),
      ...(closedMessage ? { closedMessage } : {}),
    }),
  );
};

const confirm = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const draftId = event.pathParameters?.draftId ?? '';
  const result = await confirmDraft(draftId, deps);
  const status = result.outcome === 'created' && !result.alreadyConfirmed ? 201 : 200;
  if (result.outcome === 'created' && !result.alreadyConfirmed)
    countMetric('nominationsSubmitted', { channel: 'web' });
  if (result.outcome === 'duplicate') {
    // Nothing of the stored nomination: its status link went to its own center in the receipt mail.
    if (wantsJson(event))
      return json(status, { duplicate: true, message: SUBMISSION_MESSAGES.alreadySubmitted });
    return html(
      status,
      renderDraftConfirmed({
        outcome: 'duplicate',
        cycle: latestCycle(deps.cycles),
        alreadyConfirmed: result.alreadyConfirmed,
      }),
    );
  }
  const { nomination } = result;
  const statusUrl = linkTo(env.PUBLIC_URL, 'status', { id: nomination.id });
  if (wantsJson(event)) {
    return json(status, {
      id: nomination.id,
      status: nomination.stage,
      statusUrl,
      duplicate: false,
      alreadyConfirmed: result.alreadyConfirmed,
    });
  }
  return html(
    status,
    renderDraftConfirmed({
      outcome: 'created',
      nomination,
      cycle: displayCycle(deps, nomination.cycle),
      statusUrl,
      alreadyConfirmed: result.alreadyConfirmed,
    }),
  );
};

const showStatus = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const id = event.pathParameters?.id ?? '';
  const nomination = isWellFormedNominationId(id) ? await nominations.get(id) : undefined;
  if (!nomination) throw new NominationNotFound(id);
  const history = participantHistory(await nominations.history(id));
  // Allow-listed field by field (views/pages.ts): no execution ARN, error causes or addresses of approvers.
  if (wantsJson(event)) return json(200, statusAnswer(nomination, history));
  return html(200, renderStatus({ nomination, history, cycle: displayCycle(deps, nomination.cycle) }));
};

/** Hosts a decision may be posted from besides the request's own: the public address (custom domain, CDN). */
const OWN_HOSTS = [new URL(env.PUBLIC_URL).host];

/** The approval page: the file and the form while the link can decide, only the notice once it cannot. */
function approvalPage(
  approvalId: string,
  view: ApprovalView,
  deps: Deps,
  refused?: { errors: Record<string, string>; comment: string },
  delegationErrors?: Record<string, string>,
): string {
  if (!view.open) return renderApprovalClosed(view);
  return renderApproval({
    request: view.request,
    nomination: view.nomination,
    history: view.history,
    ...(view.quota ? { quota: view.quota } : {}),
    cycle: displayCycle(deps, view.nomination.cycle),
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

/** The query of the batch page: sort, order, page and a selection to render ticked (all or a category). */
function reviewQuery(event: HttpEvent) {
  const query = event.queryStringParameters ?? {};
  return { sort: query.sort, order: query.order, page: query.page, select: query.select };
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
      }),
    );
  }
};

type RouteHandler = (event: HttpEvent, deps: Deps) => Promise<HttpResult>;

/** Every route of the table has its handler (the type makes a missing one a compile error). */
const HANDLERS: Record<RouteName, RouteHandler> = {
  form: showForm,
  submit,
  status: showStatus,
  draft: showDraft,
  confirmDraft: confirm,
  approval: showApproval,
  decide,
  correction: showCorrection,
  correct: submitCorrection,
  delegate,
  review: showReview,
  decideReview,
};

// HEAD answers like GET and, like GET, never changes anything (link checkers send it).
const routes: Route<HttpEvent, HttpResult>[] = routeKeys().map(({ method, path, name }) => ({
  method,
  path,
  handler: async (event: HttpEvent, context: Context) =>
    HANDLERS[name](event, {
      ...services,
      ...(await config.current()),
      remainingMs: () => context.getRemainingTimeInMillis(),
    }),
}));

const router = httpRouterHandler<HttpEvent, HttpResult>(routes);

export const handler = lambdaHandler<HttpEvent, HttpResult>(
  'web',
  (event, context) => router(event, context),
  httpErrors,
);
