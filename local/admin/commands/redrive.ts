import { REDRIVABLE_STATUSES } from '../../ops-labels';
import type { Command } from '../command';
import { refused } from '../errors';
import { executionStatusText } from '../format';
import {
  AUDIT_MISSING,
  auditedAction,
  ID_ARGUMENT,
  nominationId,
  REASON_OPTION,
  requireExecution,
} from './common';

const REDRIVABLE: readonly string[] = REDRIVABLE_STATUSES;

export const redriveCommand: Command = {
  summary:
    '실패·중지된 실행을 이어서 다시 실행: RedriveExecution (redrive a failed, timed-out or stopped execution)',
  description:
    '끝나지 않은 단계부터 다시 실행합니다; 완료된 단계는 다시 실행하지 않습니다\n' +
    '(resumes from the unfinished state; completed states are not run again).',
  positionals: [ID_ARGUMENT],
  options: { reason: REASON_OPTION },
  examples: ['redrive 2026-abcdefghijkmnpqrstuv'],

  async run(context) {
    const id = nominationId(context);
    const data = await context.data();
    const execution = await requireExecution(data, id);
    if (!REDRIVABLE.includes(execution.status ?? '')) {
      throw refused(
        `추천서 ${id}의 실행은 다시 실행할 수 없습니다: ${executionStatusText(execution.status)}. ` +
          `${REDRIVABLE.join(', ')} 상태만 redrive할 수 있습니다 (only ${REDRIVABLE.join(', ')} executions).`,
      );
    }
    const { result, audited } = await auditedAction(context, data, id, 'redrive_execution', () =>
      data.redrive(id),
    );
    const { redriveDate } = result;
    const after = await data.execution(id);
    return {
      text:
        `추천서 ${id}의 실행을 다시 시작했습니다 (redriven): ${executionStatusText(after?.status)}` +
        `${after?.redriveCount ? ` · redrive ${after.redriveCount}회` : ''}\n` +
        (audited ? '' : `${AUDIT_MISSING}\n`),
      data: {
        id,
        executionArn: data.executionArn(id),
        status: after?.status ?? null,
        ...(after?.redriveCount !== undefined ? { redriveCount: after.redriveCount } : {}),
        ...(redriveDate ? { redriveDate } : {}),
        audited,
      },
    };
  },
};
