import type { NotificationModels } from '../../use-cases/notification';
import { formatKst } from '../common';
import { nominationRows } from '../components/nomination-rows';
import { type RenderedMail, renderMail } from './render-mail';

/** To the center's registered addresses: a web submission waits for their confirmation. */
export function draftConfirmationMail(model: NotificationModels['draftConfirmation']): RenderedMail {
  const { draft, cycle, centerName, link } = model;
  const { input } = draft;
  return renderMail(`[고용서비스상] 추천서 확정 요청: ${input.nominee.name}`, [
    { kind: 'p', text: `${centerName} 추천 담당자님께` },
    {
      kind: 'p',
      text: `${cycle.title} 추천서가 웹 양식으로 제출되어 센터의 확정을 기다리고 있습니다. 센터에서 작성한 추천서가 맞으면 아래 링크를 열어 내용을 확인하고 [추천 확정]을 눌러 주세요. 확정해야 접수됩니다.`,
    },
    {
      kind: 'fields',
      rows: [
        ...nominationRows(input, cycle, ['category', 'nomineeType', 'name', 'affiliation']),
        ['제출자(입력값)', `${input.submitter.name} <${input.submitter.email}>`],
        ['확정 기한', formatKst(draft.expiresAt)],
      ],
    },
    { kind: 'link', label: '추천서 확인 및 확정', url: link },
    {
      kind: 'note',
      text: '센터에서 작성하지 않은 추천서라면 링크를 누르지 마세요. 기한이 지나면 자동으로 삭제됩니다.',
    },
  ]);
}
