import type { Command } from '../command';
import { CliError, EXIT, refused, usageError } from '../errors';
import { count, formatKst, renderTable, stageText } from '../format';

function yearFrom(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}$/.test(value)) {
    throw usageError(
      `close-cycle: --cycle은 연도(예: 2026)여야 합니다: ${value ?? '(없음)'} (--cycle must be a year).`,
    );
  }
  return value;
}

export const closeCycleCommand: Command = {
  summary:
    '심사가 끝난 연도의 결과를 추천 센터마다 메일로 안내 (mail each center its results when a cycle closes)',
  description:
    '접수가 마감되고 그 연도의 추천서가 모두 수상·미선정·보완 미완료로 끝났을 때, 추천한 센터마다 자기 추천서의\n' +
    '결과를 한 통씩 보냅니다. 다시 실행해도 센터마다 한 번만 보냅니다; 결정을 기다리는 추천서가 있으면 보내지 않고\n' +
    '단계별 건수를 알려 줍니다 (once every nomination of the cycle has its outcome; each center once, however often it runs).',
  options: {
    cycle: { type: 'string', value: '<year>', description: '포상 연도 (cycle year), 예: 2026' },
    yes: { type: 'boolean', short: 'y', description: '확인 없이 보내기 (do not ask for confirmation)' },
  },
  examples: ['close-cycle --cycle 2026', 'close-cycle --cycle 2026 --yes --json'],

  async run(context) {
    const year = yearFrom(context.options.cycle);
    const data = await context.data();
    if (context.options.yes !== true) {
      const confirmed = await context.confirm(
        `${year}년 심사 결과를 추천 센터마다 메일로 보낼까요? (결정을 기다리는 추천서가 있으면 보내지 않습니다)\n` +
          `Mail each nominating center its ${year} results? [y/N] `,
      );
      if (!confirmed) throw refused('보내지 않았습니다 (not sent).');
    }
    const result = await data.cycleResults(year);
    switch (result.outcome) {
      case 'unknown_cycle':
        throw new CliError(
          'not_found',
          `${year}년 포상 설정이 없습니다: 연도를 확인하세요 (unknown cycle: ${year}).`,
        );
      case 'submissions_open':
        throw new CliError(
          'refused',
          `${year}년 추천 접수가 아직 마감되지 않았습니다 (마감: ${formatKst(result.deadline)}) ` +
            '(submissions are still open).',
          EXIT.failed,
        );
      case 'still_open': {
        const waiting = Object.entries(result.open)
          .map(([stage, n]) => `${stageText(stage)} ${count(n)}건`)
          .join(', ');
        throw new CliError(
          'refused',
          `${year}년 추천서 중 결과가 나지 않은 추천서가 있어 보내지 않았습니다: ${waiting} ` +
            '(nominations still without an outcome: nothing sent).',
          EXIT.failed,
        );
      }
      case 'closed': {
        const table = renderTable(
          [
            { header: '센터 (center)' },
            { header: '추천 (nominations)', align: 'right' },
            { header: '메일 (mail)' },
          ],
          result.centers.map((center) => [
            center.centerName,
            count(center.nominations),
            center.sent ? '보냄 (sent)' : '이미 보냄 (already sent)',
          ]),
        );
        const unknown = result.unknownCenters.length
          ? `주소록에 없는 센터라 보내지 못했습니다 (not in the directory): ${result.unknownCenters.join(', ')}\n`
          : '';
        return {
          text: `${year}년 심사 결과 안내 (cycle results):\n${table}\n${unknown}`,
          data: { cycle: year, centers: result.centers, unknownCenters: result.unknownCenters },
        };
      }
    }
  },
};
