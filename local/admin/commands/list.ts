import { existsSync } from 'node:fs';
import path from 'node:path';
import { isStage, STAGES } from '../../../functions/domain/stages';
import type { Command, CommandContext } from '../command';
import type { AdminData, ListQuery, NominationSummary, PageKey } from '../data';
import { usageError } from '../errors';
import { clean, count, formatKst, renderTable, stageText } from '../format';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const KST_OFFSET_MS = 9 * 60 * 60 * 1000;

/**
 * Cycle years worth trying for the default: those configured (the cycle files of AWARD_CONFIG_DIR
 * or config/, read and checked as the functions read them) and this year (KST).
 */
async function candidateCycles(
  env: Readonly<Record<string, string | undefined>>,
  now: Date,
): Promise<string[]> {
  const dir = env.AWARD_CONFIG_DIR || path.join(ROOT, 'config');
  // No config directory here (e.g. an installed copy): this year alone. A broken one is an error.
  let configured: string[] = [];
  if (existsSync(dir)) {
    // Imported when needed: that module also loads the functions' own configuration when evaluated.
    const { filesIn, loadConfig } = await import('../../../functions/adapters/config');
    configured = loadConfig(filesIn(dir)).cycles.map((cycle) => cycle.year);
  }
  const thisYear = new Date(now.getTime() + KST_OFFSET_MS).toISOString().slice(0, 4);
  return [...new Set([...configured, thisYear])].sort().reverse();
}

/** The newest cycle that has nominations (one small Query per candidate), else this year. */
async function defaultCycle(data: AdminData, context: CommandContext): Promise<string> {
  const candidates = await candidateCycles(context.env, context.now());
  for (const year of candidates) if (await data.hasNominations(year)) return year;
  return new Date(context.now().getTime() + KST_OFFSET_MS).toISOString().slice(0, 4);
}

function sortKey(nomination: NominationSummary): [number, string, string] {
  const stage = isStage(nomination.stage) ? STAGES.indexOf(nomination.stage) : STAGES.length;
  return [stage, nomination.createdAt ?? '', nomination.id];
}

function compare(a: NominationSummary, b: NominationSummary): number {
  const [stageA, createdA, idA] = sortKey(a);
  const [stageB, createdB, idB] = sortKey(b);
  return stageA - stageB || createdA.localeCompare(createdB) || idA.localeCompare(idB);
}

function queryFrom(context: CommandContext): Omit<ListQuery, 'cycle'> & { cycle?: string } {
  const { cycle, stage, category } = context.options;
  if (typeof cycle === 'string' && !/^\d{4}$/.test(cycle)) {
    throw usageError(`list: --cycle은 연도(예: 2026)여야 합니다: ${cycle} (--cycle must be a year).`);
  }
  if (typeof stage === 'string' && !isStage(stage)) {
    throw usageError(`list: 알 수 없는 단계입니다: ${stage} (unknown stage). 단계: ${STAGES.join(', ')}`);
  }
  if (typeof category === 'string' && !/^[a-z0-9][a-z0-9-]{0,63}$/.test(category)) {
    throw usageError(
      `list: --category는 분야 ID(예: job-matching)여야 합니다: ${category} (--category is a category id).`,
    );
  }
  return {
    ...(typeof cycle === 'string' ? { cycle } : {}),
    ...(typeof stage === 'string' ? { stage } : {}),
    ...(typeof category === 'string' ? { category } : {}),
  };
}

/** Every page of the query; a progress bar (with a COUNT for its total) once there is more than one page. */
async function readAll(data: AdminData, query: ListQuery, context: CommandContext) {
  const progress = context.progress('추천서 읽는 중 (reading)');
  const items: NominationSummary[] = [];
  let total: number | undefined;
  let startKey: PageKey | undefined;
  try {
    do {
      const page = await data.listPage(query, startKey);
      items.push(...page.items);
      startKey = page.nextKey;
      if (startKey && progress.active && total === undefined) {
        total = -1; // counting
        data.count(query).then(
          (counted) => {
            total = counted;
          },
          () => undefined,
        );
      }
      if (startKey || items.length > 0) progress.update(items.length, total && total > 0 ? total : undefined);
    } while (startKey);
  } finally {
    progress.finish();
  }
  return items;
}

export const listCommand: Command = {
  summary: '추천서 목록: 연도·단계·분야별 (nominations of a cycle, by stage and category)',
  description:
    'gsi1 인덱스(CYCLE#<연도>)를 조회합니다 (Query, no Scan). --cycle을 생략하면 추천서가 있는 가장 최근 연도,\n' +
    '없으면 올해 (default: the newest cycle with nominations, else this year).',
  options: {
    cycle: { type: 'string', value: '<year>', description: '포상 연도 (cycle year), 예: 2026' },
    stage: {
      type: 'string',
      value: '<stage>',
      description: `단계 ID (stage id): ${STAGES.join(' | ')}`,
    },
    category: { type: 'string', value: '<id>', description: '분야 ID (category id), 예: job-matching' },
  },
  examples: ['list', 'list --cycle 2026 --stage center_review', 'list --category job-matching --json'],

  async run(context) {
    const requested = queryFrom(context);
    const data = await context.data();
    const cycle = requested.cycle ?? (await defaultCycle(data, context));
    const query: ListQuery = { ...requested, cycle };
    const nominations = (await readAll(data, query, context)).sort(compare);

    const rows = nominations.map((nomination) => [
      nomination.id,
      stageText(nomination.stage) + (nomination.needsAttention ? ' !' : ''),
      nomination.category ?? '-',
      nomination.nomineeType === 'organization'
        ? '기관'
        : nomination.nomineeType === 'individual'
          ? '개인'
          : '-',
      nomination.centerId ?? '-',
      formatKst(nomination.createdAt).replace(/:\d\d KST$/, ''),
    ]);
    const filters = [
      `${cycle}년${requested.cycle ? '' : ' (--cycle 생략: 기본값 default)'}`,
      `단계 ${query.stage ? stageText(query.stage) : '전체 (all)'}`,
      `분야 ${query.category ? clean(query.category) : '전체 (all)'}`,
    ].join(' · ');
    const attention = nominations.some((nomination) => nomination.needsAttention)
      ? '\n! = 처리 필요 (needs attention): show <id>로 확인하세요.'
      : '';
    const text =
      nominations.length === 0
        ? `추천서가 없습니다 (no nominations): ${filters}\n`
        : `${renderTable(
            [
              { header: '추천서 번호 (id)' },
              { header: '단계 (stage)' },
              { header: '분야 (category)' },
              { header: '후보 (type)' },
              { header: '센터 (center)' },
              { header: '접수 (KST)' },
            ],
            rows,
          )}\n\n${count(nominations.length)}건 (nominations) · ${filters}${attention}\n`;
    return {
      text,
      data: {
        cycle,
        ...(query.stage ? { stage: query.stage } : {}),
        ...(query.category ? { category: query.category } : {}),
        count: nominations.length,
        nominations,
      },
    };
  },
};
