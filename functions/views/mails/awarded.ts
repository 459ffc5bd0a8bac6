import type { Cycle } from '../../domain/cycle';
import type { Nomination } from '../../domain/nomination';
import { categoryName, nomineeLabel } from '../common';
import { type RenderedMail, renderMail } from './render-mail';

/** To the awardee (the nominator is copied by the caller). */
export function awardedMail(model: { nomination: Nomination; cycle: Cycle }): RenderedMail {
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
        ['수상', nomineeLabel(nomination)],
        ['소속', nomination.nominee.affiliation],
        ['직위', isOrganization ? undefined : nomination.nominee.position],
      ],
    },
    { kind: 'p', text: '국민을 위한 고용서비스 현장에서 보여 주신 노고에 깊이 감사드립니다.' },
    { kind: 'note', text: '시상 일정과 표창 전달 방법은 별도로 안내드리겠습니다.' },
  ]);
}
