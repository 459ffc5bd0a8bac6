import { randomUUID } from 'node:crypto';
import {
  NominationNotFound,
  NothingToResend,
  type NothingToResendReason,
} from '../../../functions/domain/errors';
import { isReviewStage } from '../../../functions/domain/stages';
import type { Command } from '../command';
import { CliError, EXIT, noMailing, notFound, refused } from '../errors';
import { APPROVER_ROLES, executionStatusText, formatDeadline, renderFields, stageText } from '../format';
import {
  AUDIT_MISSING,
  auditedAction,
  ID_ARGUMENT,
  nominationId,
  REASON_OPTION,
  requireExecution,
} from './common';

/** Why there is nothing to re-send (NothingToResend's reason), in the CLI's words. */
const REFUSALS: Readonly<Record<NothingToResendReason, (id: string) => string>> = {
  not_in_review: (id) =>
    `추천서 ${id}는 지금 심사 단계에 있지 않아 다시 보낼 승인 메일이 없습니다 ` +
    '(not in a review stage: there is no approval mail to re-send).',
  no_open_request: (id) =>
    `추천서 ${id}의 지금 단계에는 열려 있는 승인 요청이 없습니다: 이미 결정되었거나 아직 요청 메일이 나가기 전입니다 ` +
    '(no open approval request at this stage: already decided, or not requested yet).',
  expired: (id) =>
    `추천서 ${id}의 승인 기한이 지났습니다. 기한이 지난 링크로는 결정할 수 없으므로 다시 보내지 않습니다 ` +
    '(the approval request has expired: its link can no longer decide).',
  not_derivable: (id) =>
    `추천서 ${id}의 승인 링크는 다시 만들 수 없습니다: 링크 키 도입 전에 열렸거나 다른 키로 만든 요청입니다 ` +
    '(the link cannot be made again: opened before link keys, or under another key).',
};

/** A refusal the audit trail records with the use case's error name. */
function nothingToResend(id: string, reason: NothingToResendReason): CliError {
  return new CliError('refused', REFUSALS[reason](id), EXIT.failed, undefined, 'NothingToResend');
}

function worded(id: string, error: unknown): unknown {
  if (error instanceof NothingToResend) return nothingToResend(id, error.reason);
  if (error instanceof NominationNotFound) return notFound(id);
  return error;
}

export const resendCommand: Command = {
  summary:
    '지금 단계의 승인 요청 메일을 같은 링크로 다시 보내기 (re-send the current approval mail, same link)',
  description:
    '심사 단계에서 결정을 기다리는 추천서의 승인 요청 메일을 승인자에게 다시 보냅니다. 처음 메일과 같은 링크,\n' +
    '같은 기한이며 먼저 보낸 메일의 링크도 그대로 결정할 수 있습니다 (mails the open approval request again to its\n' +
    'approver: the same link and deadline; the first mail keeps working). 실행이 진행 중(RUNNING)일 때만 보냅니다.',
  positionals: [ID_ARGUMENT],
  options: {
    yes: { type: 'boolean', short: 'y', description: '확인 없이 보내기 (do not ask for confirmation)' },
    reason: REASON_OPTION,
  },
  examples: [
    'resend 2026-abcdefghijkmnpqrstuv',
    'resend 2026-abcdefghijkmnpqrstuv --yes --reason "승인자가 메일을 받지 못함"',
  ],

  async run(context) {
    const id = nominationId(context);
    const data = await context.data();
    if (!data.canResend()) throw noMailing();
    const nomination = await data.nomination(id);
    if (!nomination) throw notFound(id);
    const stage = nomination.stage;
    // Refused before asking when the table already says so (the use case checks again when sending).
    if (!isReviewStage(stage)) throw nothingToResend(id, 'not_in_review');
    const execution = await requireExecution(data, id);
    if (execution.status !== 'RUNNING') {
      throw refused(
        `추천서 ${id}의 실행이 진행 중이 아니어서 승인 링크로 결정할 수 없으므로 다시 보내지 않습니다: ` +
          `${executionStatusText(execution.status)} (the execution is not running: its link could not decide; ` +
          'redrive it first).',
      );
    }
    const approval = await data.approval(id, stage);
    if (approval?.status !== 'open') throw nothingToResend(id, 'no_open_request');
    if (context.now().getTime() >= Date.parse(approval.expiresAt ?? '')) throw nothingToResend(id, 'expired');

    const approver = approval.approver?.email ?? '-';
    if (context.options.yes !== true) {
      const confirmed = await context.confirm(
        `추천서 ${id}의 ${stageText(stage)} 승인 요청 메일을 ${approver}에게 같은 링크로 다시 보낼까요? ` +
          `기한: ${formatDeadline(approval.expiresAt, context.now())}\n` +
          `Re-send the approval mail of ${id} with the same link? [y/N] `,
      );
      if (!confirmed) throw refused('보내지 않았습니다 (not sent).');
    }
    // One key per run: this run mails once, and a later run mails again.
    const requestKey = randomUUID();
    const { result, audited } = await auditedAction(context, data, id, 'resend_approval', () =>
      data.resend(id, requestKey).catch((error: unknown) => {
        throw worded(id, error);
      }),
    );
    const fields: [string, string][] = [
      ['단계 (stage)', stageText(result.stage)],
      ['받는 사람 (to)', `${APPROVER_ROLES[result.stage] ?? ''}: ${result.approver}`],
      ['승인 기한 (deadline)', formatDeadline(result.expiresAt, context.now())],
    ];
    const headline = result.sent
      ? `추천서 ${id}의 승인 요청 메일을 같은 링크로 다시 보냈습니다 (re-sent, same link).`
      : `추천서 ${id}의 승인 요청 메일은 이 요청으로 이미 보냈습니다: 다시 보내지 않았습니다 (already sent).`;
    return {
      text: `${headline}\n${renderFields(fields)}\n${audited ? '' : `${AUDIT_MISSING}\n`}`,
      data: {
        id,
        stage: result.stage,
        approver: result.approver,
        expiresAt: result.expiresAt,
        sent: result.sent,
        audited,
      },
    };
  },
};
