import httpRouterHandler, { type Route } from '@middy/http-router';
import { ALERT_MESSAGES } from './adapters/alerts';
import { systemClock } from './adapters/clock';
import { cycles, directory, readEnv } from './adapters/config';
import { DynamoApprovalRepository } from './adapters/dynamo-approvals';
import { DynamoNominationRepository } from './adapters/dynamo-nominations';
import { createDocumentClient } from './adapters/dynamo-table';
import {
  type HttpEvent,
  type HttpResult,
  html,
  json,
  nominationFromForm,
  parseBody,
  wantsJson,
} from './adapters/http';
import { httpErrors } from './adapters/http-errors';
import { lambdaHandler, log } from './adapters/middleware';
import { createSfnClient, StepFunctionsWorkflow } from './adapters/sfn-workflow';
import { type Cycle, findCycle } from './domain/cycle';
import { ConfigurationError, NominationNotFound, ValidationError } from './domain/errors';
import { isWellFormedNominationId } from './domain/ids';
import { statusLink } from './domain/links';
import type { Nomination } from './domain/nomination';
import { decideApproval, viewApproval } from './use-cases/decide-approval';
import { submitNomination } from './use-cases/submit-nomination';
import {
  renderAlreadySubmitted,
  renderApproval,
  renderDecided,
  renderNominationForm,
  renderStatus,
  renderSubmitted,
} from './views/pages';

const env = readEnv('TABLE_NAME', 'STATE_MACHINE_ARN', 'PUBLIC_URL');
const db = createDocumentClient();
const nominations = new DynamoNominationRepository(db, env.TABLE_NAME);
const deps = {
  nominations,
  approvals: new DynamoApprovalRepository(db, env.TABLE_NAME),
  workflow: new StepFunctionsWorkflow(
    createSfnClient(),
    createSfnClient({ singleAttempt: true }),
    env.STATE_MACHINE_ARN,
  ),
  clock: systemClock,
  cycles,
  directory,
};
// The form offers the newest cycle; older ones stay readable on status and approval pages.
const currentCycle = latestCycle(cycles);

function latestCycle(all: readonly Cycle[]): Cycle {
  const latest = all.at(-1);
  if (!latest) throw new ConfigurationError('No cycle configured');
  return latest;
}

/** The cycle to show a stored nomination in (the newest one if its own is gone from the config). */
function displayCycle(year: string): Cycle {
  return findCycle(cycles, year) ?? currentCycle;
}

const ALREADY_SUBMITTED =
  '이미 접수된 추천입니다. 진행 상황은 처음 접수 때 제출자 이메일로 보내 드린 접수 확인 메일의 링크에서 확인해 주세요.';

const showForm = async (): Promise<HttpResult> =>
  html(200, renderNominationForm({ cycle: currentCycle, directory }));

const submit = async (event: HttpEvent): Promise<HttpResult> => {
  const body = parseBody(event);
  const raw = body.kind === 'form' ? nominationFromForm(body.value) : body.value;
  try {
    const { nomination, duplicate } = await submitNomination(raw, deps);
    if (duplicate) {
      // Nothing of the stored nomination: its status link went to the nominator in the receipt mail.
      if (body.kind === 'json') return json(200, { duplicate: true, message: ALREADY_SUBMITTED });
      return html(200, renderAlreadySubmitted());
    }
    const url = statusLink(env.PUBLIC_URL, nomination.id);
    if (body.kind === 'json') {
      return json(201, { id: nomination.id, status: nomination.stage, statusUrl: url, duplicate: false });
    }
    return html(201, renderSubmitted({ nomination, cycle: displayCycle(nomination.cycle), statusUrl: url }));
  } catch (error) {
    if (error instanceof ValidationError && body.kind === 'form') {
      const page = renderNominationForm({
        cycle: currentCycle,
        directory,
        values: body.fields,
        errors: error.fields,
      });
      return html(400, page);
    }
    throw error;
  }
};

/** What the nominator may see of the record: no internal ARNs or error causes (those are for operators). */
function forNominator(nomination: Nomination) {
  const { executionArn: _internal, needsAttention, ...visible } = nomination;
  return { ...visible, ...(needsAttention ? { needsAttention: { at: needsAttention.at } } : {}) };
}

const showStatus = async (event: HttpEvent): Promise<HttpResult> => {
  const id = event.pathParameters?.id ?? '';
  const nomination = isWellFormedNominationId(id) ? await nominations.get(id) : undefined;
  if (!nomination) throw new NominationNotFound(id);
  const history = await nominations.history(id);
  if (wantsJson(event))
    return json(200, { id, status: nomination.stage, nomination: forNominator(nomination), history });
  return html(200, renderStatus({ nomination, history, cycle: displayCycle(nomination.cycle) }));
};

const showApproval = async (event: HttpEvent): Promise<HttpResult> => {
  const approvalId = event.pathParameters?.approvalId ?? '';
  const view = await viewApproval(approvalId, deps);
  if (wantsJson(event)) {
    const { taskToken: _secret, ...request } = view.request;
    return json(200, {
      request,
      nomination: view.nomination,
      history: view.history,
      closed: view.closedMessage,
    });
  }
  return html(
    200,
    renderApproval({
      ...view,
      cycle: displayCycle(view.nomination.cycle),
      actionUrl: `/approvals/${approvalId}`,
    }),
  );
};

const decide = async (event: HttpEvent): Promise<HttpResult> => {
  const approvalId = event.pathParameters?.approvalId ?? '';
  const body = parseBody(event);
  const fields = (typeof body.value === 'object' && body.value ? body.value : {}) as Record<string, unknown>;
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
    if (body.kind === 'json') {
      return json(status, {
        nominationId: result.nomination.id,
        stage: result.request.stage,
        decision: result.decision,
        decidedAt: result.decidedAt,
        alreadyDecided: result.alreadyDecided,
      });
    }
    return html(status, renderDecided({ ...result, stage: result.request.stage }));
  } catch (error) {
    if (!(error instanceof ValidationError && body.kind === 'form')) throw error;
    // Show the same page again with the reason, keeping what the approver wrote.
    const view = await viewApproval(approvalId, deps);
    const comment = typeof fields.comment === 'string' ? fields.comment : '';
    const page = renderApproval({
      ...view,
      cycle: displayCycle(view.nomination.cycle),
      actionUrl: `/approvals/${approvalId}`,
      refused: { errors: error.fields, comment },
    });
    return html(400, page);
  }
};

const routes: Route<HttpEvent, HttpResult>[] = [
  { method: 'GET', path: '/', handler: showForm },
  { method: 'POST', path: '/nominations', handler: submit },
  { method: 'GET', path: '/nominations/{id}', handler: showStatus },
  { method: 'GET', path: '/approvals/{approvalId}', handler: showApproval },
  { method: 'POST', path: '/approvals/{approvalId}', handler: decide },
];
// HEAD answers like GET and, like GET, never changes anything (link checkers send it).
for (const route of [...routes]) if (route.method === 'GET') routes.push({ ...route, method: 'HEAD' });

const router = httpRouterHandler<HttpEvent, HttpResult>(routes);

export const handler = lambdaHandler<HttpEvent, HttpResult>(
  'web',
  (event, context) => router(event, context),
  httpErrors,
);
