import { DynamoNominationRepository } from '../functions/adapters/dynamo-nominations';
import { createDocumentClient } from '../functions/adapters/dynamo-table';
import { randomIds } from '../functions/adapters/random-ids';
import { createLinkKey } from '../functions/adapters/secrets-link-key';
import { dedupeKey } from '../functions/domain/ids';
import type { Nomination, NominationInput } from '../functions/domain/nomination';
import { inPool } from '../functions/domain/pool';
import type { Stage } from '../functions/domain/stages';
import type { LocalStack } from '../local/stack';
import { mailsFor, nominateToHq, nominees, seedWaitingAtHq } from '../test/support/batch';
import { benchNominee } from './journey';
import { percentile, round, timed } from './measure';

/**
 * A cycle in mid-review besides those waiting at HQ: most still at the centers or already
 * rejected there, a few at the minister or out for correction. Weights, not counts.
 */
const OTHER_STAGES: readonly (readonly [Stage, number])[] = [
  ['center_review', 55],
  ['rejected', 30],
  ['minister_approval', 8],
  ['correction_requested', 4],
  ['returned', 3],
];

/** The stage of the i-th of `count` nominations seeded outside HQ, by OTHER_STAGES' weights. */
function stageOf(index: number, count: number): Stage {
  const total = OTHER_STAGES.reduce((sum, [, weight]) => sum + weight, 0);
  let threshold = 0;
  for (const [stage, weight] of OTHER_STAGES) {
    threshold += (weight / total) * count;
    if (index < threshold) return stage;
  }
  return 'center_review';
}

/**
 * Nominations at stages other than HQ review: the record, its dedupe key and its first audit
 * event through the repository the functions use, nothing else (no execution, no request).
 */
async function seedOtherStages(tableName: string, count: number): Promise<Record<string, number>> {
  const db = createDocumentClient();
  const nominations = new DynamoNominationRepository(db, tableName);
  const byStage: Record<string, number> = {};
  try {
    await inPool(
      Array.from({ length: count }, (_, index) => index),
      16,
      async (index) => {
        const stage = stageOf(index, count);
        const at = new Date(Date.now() - (count - index) * 1000).toISOString();
        const input = benchNominee('다른', 'other', index).body as unknown as NominationInput;
        const nomination: Nomination = {
          ...input,
          id: randomIds.nominationId('2026'),
          centerName: '서울고용복지플러스센터',
          consentAt: at,
          stage,
          version: 1,
          createdAt: at,
          updatedAt: at,
        };
        const created = await nominations.create(nomination, dedupeKey(nomination), {
          type: 'submitted',
          at,
          actor: 'bench',
        });
        if (created.outcome !== 'created') throw new Error(`seeding answered ${created.outcome}`);
        byStage[stage] = (byStage[stage] ?? 0) + 1;
      },
    );
  } finally {
    db.destroy();
  }
  return byStage;
}

export interface SeededCycle {
  readonly reviewId: string;
  readonly waitingAtHq: number;
  readonly byStage: Record<string, number>;
  readonly seconds: number;
}

/**
 * `total` nominations in the 2026 cycle: `waitingAtHq` of them waiting at HQ review with open
 * requests (test/support/batch.ts, as the workflow would have written them), the rest spread over
 * the other stages. Answers the HQ reviewer's batch link.
 */
export async function seedCycle(stack: LocalStack, total: number, waitingAtHq: number): Promise<SeededCycle> {
  const { result, ms } = await timed(async () => {
    const byStage = await seedOtherStages(stack.tableName, total - waitingAtHq);
    const { reviewId } = await seedWaitingAtHq({
      tableName: stack.tableName,
      count: waitingAtHq,
      linkKey: createLinkKey({ LINK_KEY_SECRET_ID: process.env.LINK_KEY_SECRET_ID ?? '' }),
      publicUrl: stack.urls.web,
    });
    return { reviewId, byStage: { ...byStage, hq_review: waitingAtHq } };
  });
  return { ...result, waitingAtHq, seconds: round(ms / 1000, 1) };
}

export interface PageTimes {
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  readonly kilobytes: number;
  /** Waiting rows in all, as the JSON answer counts them (undefined for HTML). */
  readonly total?: number;
}

/** GET of the batch page `repeats` times in one format: its latencies, size, and (JSON) its total. */
export async function timeBatchPage(
  url: string,
  accept: 'text/html' | 'application/json',
  repeats: number,
): Promise<PageTimes> {
  const times: number[] = [];
  let bytes = 0;
  let total: number | undefined;
  for (let run = 0; run < repeats; run += 1) {
    const { result: text, ms } = await timed(async () => {
      const response = await fetch(url, { headers: { accept } });
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
      return response.text();
    });
    times.push(ms);
    bytes = Buffer.byteLength(text);
    if (accept === 'application/json') total = Number((JSON.parse(text) as { total: number }).total);
  }
  return {
    p50Ms: round(percentile(times, 50)),
    p95Ms: round(percentile(times, 95)),
    maxMs: round(Math.max(...times)),
    kilobytes: round(bytes / 1024),
    ...(total === undefined ? {} : { total }),
  };
}

/**
 * `count` real nominations brought to HQ review through the workflow, then approved in one batch
 * POST (each row claimed and handed to its own execution): that POST's time. Returns once every
 * execution has asked the minister, so none is cut off mid-task when the stack closes.
 */
export async function batchApprove(stack: LocalStack, url: string, count: number): Promise<number> {
  const list = nominees('벤치일괄', count);
  const ids = await nominateToHq(stack.urls, list);
  const { result, ms } = await timed(async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ ids, decision: 'approve' }),
    });
    return { status: response.status, answer: (await response.json()) as { counts?: { done?: number } } };
  });
  if (result.status !== 200 || result.answer.counts?.done !== ids.length)
    throw new Error(`batch POST answered ${result.status}: ${JSON.stringify(result.answer.counts)}`);
  const names = list.map((nominee) => nominee.name);
  await mailsFor(
    stack.urls.ses,
    'minister.office@example.test',
    (mail) =>
      mail.subject.includes('장관 승인 요청') && names.some((name) => mail.subject.includes(`: ${name} (`)),
    count,
  );
  return ms;
}
