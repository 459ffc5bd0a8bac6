import type { NotificationModels } from '../../use-cases/notification';
import { nomineeLabel } from '../common';
import { MAIL_ROWS, nominationRows } from '../components/nomination-rows';
import { NO_REASON } from '../texts';
import { type Block, type RenderedMail, renderMail } from './render-mail';

/** To the nominator: sent back for correction. */
export function returnedMail(model: NotificationModels['returned']): RenderedMail {
  const { nomination, cycle, comment, statusUrl, formUrl } = model;
  const reason = comment?.trim() ? comment.trim() : NO_REASON;
  const blocks: Block[] = [
    { kind: 'p', text: `${nomination.submitter.name} 님께` },
    {
      kind: 'p',
      text: `${cycle.title}에 추천하신 ${nomineeLabel(nomination)} 후보의 추천서에 보완이 필요하여 돌려드립니다(보완 요청).`,
    },
    { kind: 'fields', rows: nominationRows(nomination, cycle, MAIL_ROWS) },
    { kind: 'heading', text: '보완 요청 내용' },
    { kind: 'quote', text: reason },
    { kind: 'heading', text: '다시 제출하는 방법' },
    {
      kind: 'p',
      text: '요청 내용을 반영하여 추천서를 다시 제출해 주세요. 웹 추천서 양식으로 다시 제출하시거나, 메일로 추천하신 경우 같은 양식으로 접수 메일 주소에 다시 보내 주시면 됩니다. 다시 제출한 추천서는 센터 심사부터 진행됩니다.',
    },
  ];
  blocks.push({ kind: 'link', label: '추천서 다시 작성하기', url: formUrl });
  blocks.push({ kind: 'link', label: '진행 내역 보기', url: statusUrl });
  return renderMail(`[고용서비스상] 추천서 보완 요청: ${nomination.nominee.name}`, blocks);
}
