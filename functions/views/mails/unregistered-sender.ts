import type { NotificationModels } from '../../use-cases/notification';
import { type RenderedMail, renderMail } from './render-mail';

/** To a sender who is not a registered address of any center (sent only when SPF passed). */
export function unregisteredSenderMail(model: NotificationModels['unregisteredSender']): RenderedMail {
  return renderMail('[고용서비스상] 등록되지 않은 주소에서 보낸 추천 메일입니다', [
    {
      kind: 'p',
      text: `${model.intakeAddress}(으)로 보내 주신 메일은 추천 센터가 등록한 주소에서 보낸 메일이 아니어서 접수하지 않았습니다.`,
    },
    {
      kind: 'p',
      text: '추천은 각 고용복지플러스센터가 등록한 추천 담당 메일 주소에서 보내거나, 웹 양식으로 제출한 뒤 센터가 등록된 주소로 확정해야 접수됩니다. 주소 등록은 고용서비스정책과에 문의해 주세요.',
    },
  ]);
}
