import type { NotificationModels } from '../../use-cases/notification';
import { formatKst, nomineeLabel } from '../common';
import { MAIL_ROWS, nominationRows } from '../components/nomination-rows';
import { NO_REASON, STAGE_LABELS } from '../texts';
import { type RenderedMail, renderMail } from './render-mail';

/**
 * To the nominating center's registered addresses (only those: the same confirmation as a new
 * submission): a review stage returned the nomination; the edit link corrects it in place.
 */
export function correctionRequestMail(model: NotificationModels['correctionRequest']): RenderedMail {
  const { nomination, cycle, centerName, stage, round, maxRounds, comment, link, expiresAt } = model;
  const stageLabel = STAGE_LABELS[stage];
  const reason = comment?.trim() ? comment.trim() : NO_REASON;
  const last = round >= maxRounds;
  return renderMail(`[고용서비스상] 추천서 보완 요청 (${round}회차): ${nomination.nominee.name}`, [
    { kind: 'p', text: `${centerName || nomination.centerName || nomination.centerId} 추천 담당자님께` },
    {
      kind: 'p',
      text: `${cycle.title}에 추천하신 ${nomineeLabel(nomination)} 후보의 추천서에 대해 ${stageLabel} 단계에서 보완을 요청했습니다 (보완 요청 ${round}회차, 최대 ${maxRounds}회). 아래 링크에서 추천서를 고쳐 제출하시면 같은 추천번호로 ${stageLabel} 단계로 돌아가 심사가 이어집니다.`,
    },
    { kind: 'fields', rows: nominationRows(nomination, cycle, MAIL_ROWS) },
    { kind: 'heading', text: '보완 요청 내용' },
    { kind: 'quote', text: reason },
    { kind: 'heading', text: '추천서 고치기' },
    { kind: 'link', label: '추천서 수정하기', url: link },
    { kind: 'fields', rows: [['보완 기한', formatKst(expiresAt)]] },
    {
      kind: 'note',
      text: '링크를 열면 지금 추천서 내용이 채워진 양식이 표시됩니다. 고친 뒤 [변경 사항 확인]에서 바뀐 항목을 확인하고 [보완 제출]을 눌러야 제출됩니다. 링크를 여는 것만으로는 아무것도 바뀌지 않습니다.',
    },
    {
      kind: 'note',
      text: `이 링크는 센터가 등록한 추천 담당 메일 주소로만 발송되며 한 번만 제출할 수 있습니다. 기한까지 제출하지 않으면 추천서는 반송 처리됩니다.${last ? ' 이번이 마지막 보완 기회입니다. 다시 보완 요청을 받으면 추천서는 반송 처리됩니다.' : ''}`,
    },
  ]);
}
