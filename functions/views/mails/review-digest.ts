import type { Nomination } from '../../domain/nomination';
import type { NotificationModels } from '../../use-cases/notification';
import { formatKst, quotaUsageLine } from '../common';
import { STAGE_LABELS } from '../texts';
import { type RenderedMail, renderMail } from './render-mail';

/** The daily digest to HQ or the minister's office: what waits for them at their stage, and their batch review link. */
export function reviewDigestMail(model: NotificationModels['reviewDigest']): RenderedMail {
  const { cycle, stage, reviewer, link, waiting } = model;
  const stageLabel = STAGE_LABELS[stage];
  const count = (type: Nomination['nomineeType'], category?: string) =>
    waiting.filter((row) => row.nomineeType === type && (category === undefined || row.category === category))
      .length;
  const byCategory = cycle.categories
    .map((category) => {
      const people = count('individual', category.id);
      const organisations = count('organization', category.id);
      return [
        category.name,
        people + organisations > 0 ? `개인 ${people}명, 기관 ${organisations}곳` : undefined,
      ] as const;
    })
    .filter((row): row is readonly [string, string] => row[1] !== undefined);
  const dues = waiting.flatMap((row) => (row.dueAt ? [row.dueAt] : [])).sort();
  const [year, month, date] = model.day.split('-');
  return renderMail(
    `[고용서비스상] ${stageLabel} 대기 현황 (${Number(month)}월 ${Number(date)}일): ${waiting.length}건`,
    [
      { kind: 'p', text: `${reviewer.name} 님께` },
      {
        kind: 'p',
        text: `${year}년 ${Number(month)}월 ${Number(date)}일 현재 ${cycle.title} 추천서 ${waiting.length}건이 ${stageLabel} 결정을 기다리고 있습니다. 아래 일괄 심사 페이지에서 분야별로 확인하고 여러 건을 한 번에 결정하실 수 있습니다.`,
      },
      { kind: 'heading', text: '분야별 대기 건수' },
      { kind: 'fields', rows: byCategory },
      ...(dues[0] ? [{ kind: 'p' as const, text: `가장 이른 처리 기한: ${formatKst(dues[0])}` }] : []),
      { kind: 'heading', text: '수상 한도 현황' },
      { kind: 'quote', text: model.quota.map((usage) => quotaUsageLine(usage)).join('\n') },
      { kind: 'heading', text: '일괄 심사' },
      { kind: 'link', label: '일괄 심사 페이지 열기', url: link },
      {
        kind: 'fields',
        rows: [
          [
            '링크 사용 기한',
            `${formatKst(model.linkExpiresAt)}까지 (승인 요청·대기 현황 메일이 발송될 때마다 연장)`,
          ],
        ],
      },
      {
        kind: 'note',
        text: `이 링크는 ${reviewer.name} 님 전용입니다. 다른 사람에게 전달하지 마세요. 링크를 여는 것만으로는 아무것도 결정되지 않습니다. 이 안내는 결정을 기다리는 추천서가 있는 날 하루 한 번 발송됩니다.`,
      },
    ],
  );
}
