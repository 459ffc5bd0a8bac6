/**
 * The `web` function: the nominating centers' routes (the form, submissions, draft confirmation,
 * the status page, and the edit links of returned nominations in web-corrections.ts). The approvers'
 * routes are the `review` function's (functions/review.ts); the route table says which is whose.
 */
import { systemClock } from './adapters/clock';
import { readEnv } from './adapters/config';
import { createConfigSource } from './adapters/dynamo-config';
import { DynamoCorrectionEdits } from './adapters/dynamo-corrections';
import { DynamoDraftRepository } from './adapters/dynamo-drafts';
import { DynamoNominationIntake } from './adapters/dynamo-nominations';
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
import { countMetric } from './adapters/metrics';
import { randomIds } from './adapters/random-ids';
import { S3CertificateStore } from './adapters/s3-certificate-store';
import { createS3Client } from './adapters/s3-mail-store';
import { createNotifier } from './adapters/ses-mailer';
import { createSfnClient, StepFunctionsCorrections, StepFunctionsWorkflow } from './adapters/sfn-workflow';
import { httpFunction, type RouteDeps } from './adapters/web-router';
import { pathTo } from './contracts/routes';
import { type Cycle, displayCycle, latestCycle, openCycle } from './domain/cycle';
import { NominationNotFound, ValidationError } from './domain/errors';
import { participantHistory } from './domain/nomination';
import { confirmDraft, submitDraft, viewDraft } from './use-cases/draft-nomination';
import { findByStatusToken } from './use-cases/status-links';
import { draftConfirmationMail } from './views/mails/draft-confirmation';
import { nominationMessage } from './views/messages';
import {
  draftAnswer,
  renderDraft,
  renderDraftConfirmed,
  renderDraftSent,
  renderNominationForm,
  renderStatus,
  SUBMISSION_MESSAGES,
  statusAnswer,
} from './views/pages';
import { downloadCertificate } from './web-certificate';
import { showCorrection, submitCorrection } from './web-corrections';

const env = readEnv(
  'TABLE_NAME',
  'STATE_MACHINE_ARN',
  'PUBLIC_URL',
  'MAIL_FROM',
  'SES_CONFIGURATION_SET',
  'CONFIG_CACHE_SECONDS',
  'CERTIFICATE_BUCKET',
);
const db = createDocumentClient();
// Reads, and stores confirmed drafts: the workflow's writes are not this function's.
const nominations = new DynamoNominationIntake(db, env.TABLE_NAME);
// Single attempt: a retry after a lost answer would be refused as TaskTimedOut and read as "not taken".
const responder = createSfnClient({ singleAttempt: true });
const services = {
  nominations,
  drafts: new DynamoDraftRepository(db, env.TABLE_NAME),
  // Draft confirmations go to the center's registered addresses.
  notifier: createNotifier(env, { draftConfirmation: draftConfirmationMail }),
  // A confirmed draft starts its execution.
  workflow: new StepFunctionsWorkflow(createSfnClient(), env.STATE_MACHINE_ARN),
  // Edit links of returned nominations (보완 요청) and their hand-over back to the waiting workflow.
  corrections: new DynamoCorrectionEdits(db, env.TABLE_NAME),
  corrector: new StepFunctionsCorrections(responder),
  clock: systemClock,
  ids: randomIds,
  publicUrl: env.PUBLIC_URL,
  // Issued 표창장 PDFs, for the download behind the status page (web-certificate.ts).
  certificates: new S3CertificateStore(createS3Client(), env.CERTIFICATE_BUCKET),
};

type Deps = RouteDeps<typeof services>;

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
      cycle: displayCycle(deps.cycles, view.draft.input.cycle),
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
  // No status link here: this function holds no link key; the receipt mail carries the link.
  if (wantsJson(event)) {
    return json(status, {
      id: nomination.id,
      status: nomination.stage,
      duplicate: false,
      alreadyConfirmed: result.alreadyConfirmed,
    });
  }
  return html(
    status,
    renderDraftConfirmed({
      outcome: 'created',
      nomination,
      cycle: displayCycle(deps.cycles, nomination.cycle),
      alreadyConfirmed: result.alreadyConfirmed,
    }),
  );
};

/** The status page, by the token of the link in the center's mails (never by the nomination id). */
const showStatus = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const token = event.pathParameters?.statusToken ?? '';
  const id = await findByStatusToken(token, { nominations });
  const nomination = id ? await nominations.get(id) : undefined;
  // The token is never echoed (not in the error, not in logs): the same 404 page as an unknown one.
  if (!id || !nomination) throw new NominationNotFound('(status link)');
  const history = participantHistory(await nominations.history(id));
  // Allow-listed field by field (views/pages.ts): no execution ARN, error causes or addresses of approvers.
  if (wantsJson(event)) return json(200, statusAnswer(nomination, history));
  return html(
    200,
    renderStatus({
      nomination,
      history,
      cycle: displayCycle(deps.cycles, nomination.cycle),
      ...(nomination.stage === 'awarded'
        ? { certificateUrl: pathTo('certificate', { statusToken: token }) }
        : {}),
    }),
  );
};

export const { handler, routes } = httpFunction('web', {
  services,
  config: createConfigSource(db, env),
  handlers: {
    form: showForm,
    submit,
    status: showStatus,
    certificate: downloadCertificate,
    draft: showDraft,
    confirmDraft: confirm,
    correction: showCorrection,
    correct: submitCorrection,
  },
  wording: { fields: nominationMessage },
});
