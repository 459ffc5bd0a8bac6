import type { NotificationModels } from '../../use-cases/notification';
import { MAIL_ROWS, nominationRows } from '../components/nomination-rows';
import { type RenderedMail, renderMail } from './render-mail';

/** To the nominator, once the workflow has the nomination: the receipt and the private status link. */
export function receiptMail(model: NotificationModels['receipt']): RenderedMail {
  const { nomination, cycle, statusUrl } = model;
  return renderMail(`[고용서비스상] 추천서 접수 확인: ${nomination.nominee.name}`, [
    { kind: 'p', text: `${nomination.centerName ?? nomination.centerId} 추천 담당자님께` },
    { kind: 'p', text: `${cycle.title} 추천서가 접수되었습니다. 센터장 심사부터 차례로 진행됩니다.` },
    { kind: 'fields', rows: nominationRows(nomination, cycle, MAIL_ROWS) },
    { kind: 'link', label: '진행 상황 보기', url: statusUrl },
    {
      kind: 'note',
      text: '진행 상황 페이지는 이 주소를 아는 사람만 볼 수 있습니다. 메일을 전달하지 말고 보관해 주세요. 심사 결과는 메일로 안내해 드립니다.',
    },
  ]);
}
