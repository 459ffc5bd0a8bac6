import type { ReviewStage } from '../../domain/stages';
import type { NotificationModels } from '../../use-cases/notification';
import { formatKst } from '../common';
import { MAIL_ROWS, nominationRows } from '../components/nomination-rows';
import { STAGE_LABELS } from '../texts';
import { type Block, type RenderedMail, renderMail } from './render-mail';

export function approvalRequestMail(model: NotificationModels['approvalRequest']): RenderedMail {
  const { nomination, cycle, stage, approver, link, dueAt, expiresAt } = model;
  const why = model.why ?? { kind: 'request' };
  const stageLabel = STAGE_LABELS[stage];
  const subjectPrefix =
    why.kind === 'reminder'
      ? '[처리 기한 안내] '
      : why.kind === 'escalation'
        ? '[기한 경과·대결 요청] '
        : why.kind === 'delegation'
          ? '[위임] '
          : '';
  const opening =
    why.kind === 'reminder'
      ? `${cycle.title} 추천서의 ${stageLabel} 결정이 아직 접수되지 않아 다시 안내드립니다 (${why.number}차). 처리 기한은 ${formatKst(dueAt)}입니다. 처음 받으신 메일의 링크와 아래 링크는 같은 링크이며, 어느 쪽으로든 결정하실 수 있습니다.`
      : why.kind === 'delegation'
        ? `${why.from.name} 님이 ${cycle.title} 추천서의 ${stageLabel} 결정을 위임하셨습니다. 아래 링크에서 추천 내용을 확인하신 뒤 승인, 반려 또는 보완 요청 중 하나를 선택해 주세요. 위임한 분의 링크로는 더 이상 결정할 수 없습니다.`
        : why.kind === 'escalation'
          ? `${cycle.title} 추천서의 ${stageLabel} 결정이 처리 기한(${formatKst(dueAt)})까지 접수되지 않아, 대결을 요청드립니다. ${why.originalApprover.name} 님도 계속 결정하실 수 있으며, 먼저 접수된 결정 하나만 유효합니다.`
          : `${cycle.title} 추천서의 ${stageLabel} 결정을 요청드립니다. 아래 링크에서 추천 내용을 확인하신 뒤 승인, 반려 또는 보완 요청 중 하나를 선택해 주세요.`;
  return renderMail(
    `[고용서비스상] ${subjectPrefix}${stageLabel} 요청: ${nomination.nominee.name} (${nomination.nominee.affiliation})`,
    [
      { kind: 'p', text: `${approver.name} 님께` },
      { kind: 'p', text: opening },
      { kind: 'heading', text: '심사 대상' },
      { kind: 'fields', rows: nominationRows(nomination, cycle, MAIL_ROWS) },
      { kind: 'heading', text: '공적요지' },
      { kind: 'quote', text: nomination.meritSummary },
      { kind: 'heading', text: '결정하기' },
      { kind: 'link', label: '추천서 확인 및 결정하기', url: link },
      {
        kind: 'fields',
        rows: [
          ['처리 기한', formatKst(dueAt)],
          ...(expiresAt !== dueAt ? ([['링크 사용 기한', formatKst(expiresAt)]] as [string, string][]) : []),
        ],
      },
      {
        kind: 'note',
        text: '링크를 열면 추천서 내용과 승인·반려·보완 요청 버튼이 표시됩니다. 링크를 여는 것만으로는 아무것도 결정되지 않으며, 버튼을 눌러야 결정이 접수됩니다.',
      },
      {
        kind: 'note',
        text: `이 링크는 ${approver.name} 님 전용입니다. 다른 사람에게 전달하지 마세요. 기한이 지나면 링크를 사용할 수 없습니다.`,
      },
      ...reviewLinkBlocks(stage, model.reviewLink),
    ],
  );
}

/** The batch review link in an approval mail: every nomination waiting at the stage, decided at once. */
function reviewLinkBlocks(stage: ReviewStage, reviewLink: string | undefined): Block[] {
  if (!reviewLink) return [];
  return [
    { kind: 'heading', text: '여러 건 한 번에 심사하기 (일괄 심사)' },
    {
      kind: 'p',
      text: `${STAGE_LABELS[stage]} 결정을 기다리는 추천서 전체를 분야별로 보고, 여러 건을 골라 한 번에 승인·반려·보완 요청할 수 있습니다. 수상 한도 현황도 함께 표시됩니다.`,
    },
    { kind: 'link', label: '일괄 심사 페이지 열기', url: reviewLink },
    {
      kind: 'note',
      text: '일괄 심사 링크는 받는 분의 주소 전용이며, 승인 요청 메일과 매일 보내 드리는 대기 현황 메일에 같은 링크가 실립니다. 이 메일의 개별 링크도 그대로 사용할 수 있습니다.',
    },
  ];
}
