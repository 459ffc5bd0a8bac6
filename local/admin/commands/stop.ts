import type { Command } from '../command';
import { refused } from '../errors';
import { executionStatusText } from '../format';
import {
  AUDIT_MISSING,
  auditedAction,
  ID_ARGUMENT,
  nominationId,
  REASON_OPTION,
  reasonOf,
  requireExecution,
} from './common';

const STOP_ERROR = 'StoppedByOperator';
const DEFAULT_CAUSE = '운영자가 관리 CLI로 중지함 (stopped by an operator with the admin CLI)';

export const stopCommand: Command = {
  summary: '실행 중지: StopExecution, 오류 StoppedByOperator (stop a running execution)',
  description:
    '진행 중(RUNNING)인 실행만 중지합니다. 중지 후 메일의 승인 링크로는 더 이상 결정할 수 없고, 실패한 단계부터\n' +
    'redrive로 다시 실행할 수 있습니다 (only RUNNING executions; redrive resumes it later).',
  positionals: [ID_ARGUMENT],
  options: {
    yes: { type: 'boolean', short: 'y', description: '확인 없이 중지 (do not ask for confirmation)' },
    reason: {
      ...REASON_OPTION,
      description: '중지 사유: 실행의 cause와 처리 이력에 기록 (reason: the cause, and the audit trail)',
    },
  },
  examples: ['stop 2026-abcdefghijkmnpqrstuv', 'stop 2026-abcdefghijkmnpqrstuv --yes --reason "중복 추천"'],

  async run(context) {
    const id = nominationId(context);
    const data = await context.data();
    const execution = await requireExecution(data, id);
    if (execution.status !== 'RUNNING') {
      throw refused(
        `추천서 ${id}의 실행은 진행 중이 아니어서 중지할 수 없습니다: ${executionStatusText(execution.status)} ` +
          '(only a RUNNING execution can be stopped).',
      );
    }
    if (context.options.yes !== true) {
      const confirmed = await context.confirm(
        `추천서 ${id}의 실행을 중지할까요? 메일의 승인 링크로는 더 이상 결정할 수 없게 됩니다.\n` +
          `Stop execution ${id}? [y/N] `,
      );
      if (!confirmed) throw refused('중지하지 않았습니다 (not stopped).');
    }
    const cause = reasonOf(context) ?? DEFAULT_CAUSE;
    const { result, audited } = await auditedAction(context, data, id, 'stop_execution', () =>
      data.stop(id, cause),
    );
    const after = await data.execution(id);
    const status = after?.status ?? 'ABORTED';
    return {
      text:
        `추천서 ${id}의 실행을 중지했습니다 (stopped): ${executionStatusText(status)}\n` +
        (audited ? '' : `${AUDIT_MISSING}\n`),
      data: {
        id,
        executionArn: data.executionArn(id),
        status,
        error: STOP_ERROR,
        cause,
        ...(result.stopDate ? { stopDate: result.stopDate } : {}),
        audited,
      },
    };
  },
};
