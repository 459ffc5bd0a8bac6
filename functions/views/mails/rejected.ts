import type { NotificationModels } from '../../use-cases/notification';
import { nomineeLabel } from '../common';
import { MAIL_ROWS, nominationRows } from '../components/nomination-rows';
import { NO_REASON, STAGE_LABELS } from '../texts';
import { type RenderedMail, renderMail } from './render-mail';

/** To the nominator: the nomination was not selected. */
export function rejectedMail(model: NotificationModels['rejected']): RenderedMail {
  const { nomination, cycle, stage, comment, statusUrl } = model;
  const stageLabel = STAGE_LABELS[stage];
  const reason = comment?.trim() ? comment.trim() : NO_REASON;
  return renderMail(`[고용서비스상] 추천 결과 안내: ${nomination.nominee.name} (미선정)`, [
    { kind: 'p', text: `${nomination.submitter.name} 님께` },
    {
      kind: 'p',
      text: `${cycle.title}에 추천하신 ${nomineeLabel(nomination)} 후보는 ${stageLabel} 단계에서 선정되지 않았습니다(반려).`,
    },
    {
      kind: 'fields',
      rows: [...nominationRows(nomination, cycle, MAIL_ROWS), ['반려 단계', stageLabel]],
    },
    { kind: 'heading', text: '반려 사유' },
    { kind: 'quote', text: reason },
    { kind: 'link', label: '진행 내역 보기', url: statusUrl },
    { kind: 'p', text: '추천해 주셔서 감사합니다.' },
  ]);
}
