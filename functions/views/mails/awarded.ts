import type { NotificationModels } from '../../use-cases/notification';
import { categoryName } from '../common';
import { type RenderedMail, renderMail } from './render-mail';

/** To the awardee (the nominator is copied by the caller). */
export function awardedMail(model: NotificationModels['awarded']): RenderedMail {
  const { nomination, cycle } = model;
  const isOrganization = nomination.nomineeType === 'organization';
  const category = categoryName(cycle, nomination.category);
  return renderMail(`[고용서비스상] ${cycle.title} 수상을 축하드립니다`, [
    {
      kind: 'p',
      text: isOrganization ? `${nomination.nominee.name} 귀중` : `${nomination.nominee.name} 님께`,
    },
    {
      kind: 'p',
      text: `${isOrganization ? '귀 기관' : '귀하'}께서 ${cycle.title} ‘${category}’ 분야 ${isOrganization ? '수상 기관으로' : '수상자로'} 선정되었음을 알려 드리며, 진심으로 축하드립니다.`,
    },
    { kind: 'heading', text: '수상 내용' },
    {
      kind: 'fields',
      rows: [
        ['포상', `${cycle.title} (고용노동부장관 표창)`],
        ['분야', category],
        [isOrganization ? '기관명' : '성명', nomination.nominee.name],
        ['소속', nomination.nominee.affiliation],
        ['직위', isOrganization ? undefined : nomination.nominee.position],
      ],
    },
    { kind: 'p', text: '국민을 위한 고용서비스 현장에서 보여 주신 노고에 깊이 감사드립니다.' },
    ...(model.certificateAttached
      ? ([
          {
            kind: 'p',
            text: `고용노동부장관 표창장을 PDF 파일로 첨부해 드립니다. A4 용지에 인쇄하실 수 있으며, 추천하신 센터에서도 추천 진행 상황 페이지에서 내려받을 수 있습니다.`,
          },
        ] as const)
      : []),
    { kind: 'note', text: '시상식 일정과 표창장 원본 전달 방법은 별도로 안내드리겠습니다.' },
  ]);
}
