import type { NotificationModels } from '../../use-cases/notification';
import { categoryName, nomineeLabel } from '../common';
import { STAGE_LABELS } from '../texts';
import { type Block, type RenderedMail, renderMail } from './render-mail';

/** To each nominating center once every nomination of the cycle is decided: what became of its nominations. */
export function cycleResultsMail(model: NotificationModels['cycleResults']): RenderedMail {
  const { cycle, centerName, rows } = model;
  const count = (outcome: (typeof rows)[number]['outcome']) =>
    rows.filter((row) => row.outcome === outcome).length;
  const label = (row: (typeof rows)[number]) =>
    `${nomineeLabel({ nominee: { name: row.nomineeName }, nomineeType: row.nomineeType })} · ${categoryName(cycle, row.category)}`;
  const blocks: Block[] = [
    { kind: 'p', text: `${centerName} 추천 담당자님께` },
    {
      kind: 'p',
      text: `${cycle.title} 심사가 모두 끝났습니다. ${centerName}에서 추천하신 ${rows.length}건의 결과를 알려 드립니다: 수상 ${count('awarded')}건, 미선정 ${count('rejected')}건, 보완 미완료 ${count('returned')}건.`,
    },
    { kind: 'heading', text: '추천별 결과' },
    { kind: 'fields', rows: rows.map((row) => [label(row), STAGE_LABELS[row.outcome]] as const) },
    ...rows.map(
      (row): Block => ({ kind: 'link', label: `${row.nomineeName} 진행 내역`, url: row.statusUrl }),
    ),
    {
      kind: 'note',
      text: '수상자에게는 표창장(PDF)이 첨부된 축하 메일이 따로 발송되었습니다. 추천과 심사에 협조해 주셔서 감사합니다.',
    },
  ];
  return renderMail(`[고용서비스상] ${cycle.title} 심사 결과 안내: ${centerName} (${rows.length}건)`, blocks);
}
