import type { NotificationModels } from '../../use-cases/notification';
import { intakeMessage } from '../messages';
import { type RenderedMail, renderMail } from './render-mail';

/** To the sender of an intake mail that could not become a nomination: each problem, and the template. */
export function intakeProblemsMail(model: NotificationModels['intakeProblems']): RenderedMail {
  return renderMail(`[고용서비스상] 추천 메일을 접수하지 못했습니다: ${model.subject || '(제목 없음)'}`, [
    {
      kind: 'p',
      text: '보내 주신 추천 메일을 접수하지 못했습니다. 아래 항목을 고쳐 다시 보내 주세요. 아무것도 접수되지 않았습니다.',
    },
    { kind: 'heading', text: '확인이 필요한 항목' },
    { kind: 'quote', text: model.problems.map((problem) => `- ${intakeMessage(problem)}`).join('\n') },
    { kind: 'heading', text: '추천 메일 양식 (복사해서 사용하세요)' },
    { kind: 'quote', text: model.template },
  ]);
}
