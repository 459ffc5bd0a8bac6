import { isReviewStage } from '../../../functions/domain/stages';
import type { Command } from '../command';
import type { ApprovalSummary, AuditRecord, ExecutionSummary, NominationSummary } from '../data';
import { notFound } from '../errors';
import {
  APPROVER_ROLES,
  actorText,
  approvalStatusText,
  describeAuditEvent,
  executionStatusText,
  formatDeadline,
  formatKst,
  nomineeTypeText,
  renderFields,
  renderTable,
  stageText,
} from '../format';
import { ID_ARGUMENT, nominationId } from './common';

function approverText(approval: ApprovalSummary): string {
  const { name, email } = approval.approver ?? {};
  const person = [name, email ? `<${email}>` : undefined].filter(Boolean).join(' ');
  const role = APPROVER_ROLES[approval.stage ?? ''] ?? '';
  return [role, person].filter(Boolean).join(': ') || '-';
}

function executionText(execution: ExecutionSummary | undefined): string {
  if (!execution) return '없음 (no execution)';
  const parts = [executionStatusText(execution.status), `시작 ${formatKst(execution.startDate)}`];
  if (execution.stopDate) parts.push(`종료 ${formatKst(execution.stopDate)}`);
  if (execution.redriveCount) parts.push(`redrive ${execution.redriveCount}회`);
  return parts.join(' · ');
}

function render(
  nomination: NominationSummary,
  approval: ApprovalSummary | undefined,
  execution: ExecutionSummary | undefined,
  history: readonly AuditRecord[],
  now: Date,
): string {
  const center = nomination.centerName
    ? `${nomination.centerName} (${nomination.centerId ?? '-'})`
    : (nomination.centerId ?? '-');
  const fields: [string, string][] = [
    ['단계 (stage)', stageText(nomination.stage)],
    ['포상 연도 (cycle)', nomination.cycle ?? '-'],
    ['분야 (category)', nomination.category ?? '-'],
    ['후보 유형 (nominee)', nomineeTypeText(nomination.nomineeType)],
    ['추천 센터 (center)', center],
    ['접수 (created)', formatKst(nomination.createdAt)],
    ['최종 변경 (updated)', formatKst(nomination.updatedAt)],
  ];
  if (isReviewStage(nomination.stage)) {
    fields.push(
      ['현재 승인자 (approver)', approval ? approverText(approval) : '아직 요청 전 (no request yet)'],
      ['승인 기한 (deadline)', approval ? formatDeadline(approval.dueAt ?? approval.expiresAt, now) : '-'],
      ...(approval?.dueAt && approval.expiresAt && approval.dueAt !== approval.expiresAt
        ? ([['링크 사용 기한 (links expire)', formatDeadline(approval.expiresAt, now)]] as [string, string][])
        : []),
      ['승인 요청 (request)', approval ? approvalStatusText(approval.status) : '-'],
    );
  }
  fields.push(['실행 (execution)', executionText(execution)]);
  if (execution?.error || execution?.cause) {
    fields.push(['실행 오류 (error)', [execution.error, execution.cause].filter(Boolean).join(': ')]);
  }
  if (nomination.needsAttention) {
    const note = nomination.needsAttention;
    fields.push([
      '처리 필요 (attention)',
      `${note.error ?? ''}${note.cause ? `: ${note.cause}` : ''} (${formatKst(note.at)})`,
    ]);
  }
  const trail =
    history.length === 0
      ? '처리 이력이 없습니다 (no audit events).'
      : renderTable(
          [{ header: '시각 (KST)' }, { header: '내용 (event)' }, { header: '처리자 (actor)' }],
          history.map((event) => [formatKst(event.at), describeAuditEvent(event), actorText(event.actor)]),
        );
  return `추천서 ${nomination.id}\n${renderFields(fields)}\n\n처리 이력 (audit history)\n${trail}\n`;
}

export const showCommand: Command = {
  summary: '추천서 하나: 단계, 현재 승인자, 기한, 실행 상태, 처리 이력 (one nomination in detail)',
  positionals: [ID_ARGUMENT],
  examples: ['show 2026-abcdefghijkmnpqrstuv', 'show 2026-abcdefghijkmnpqrstuv --json'],

  async run(context) {
    const id = nominationId(context);
    const data = await context.data();
    const nomination = await data.nomination(id);
    if (!nomination) throw notFound(id);
    const [approval, execution, history] = await Promise.all([
      isReviewStage(nomination.stage) ? data.approval(id, nomination.stage) : Promise.resolve(undefined),
      data.execution(id),
      data.auditEvents(id),
    ]);
    const approvalInfo = approval
      ? { ...approval, stage: approval.stage ?? nomination.stage, role: APPROVER_ROLES[nomination.stage] }
      : undefined;
    return {
      text: render(nomination, approvalInfo, execution, history, context.now()),
      data: {
        nomination,
        approval: approvalInfo ?? null,
        execution: execution ?? null,
        history,
      },
    };
  },
};
