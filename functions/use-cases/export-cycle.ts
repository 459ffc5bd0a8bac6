import { type Cycle, findCycle } from '../domain/cycle';
import { TransientError } from '../domain/errors';
import { inPool } from '../domain/pool';
import type { Clock, ReviewLinkRepository } from '../domain/ports';
import {
  BATCH_STAGES,
  type BatchStage,
  isBatchStage,
  isReviewLinkExpired,
  type ReviewLink,
} from '../domain/review-link';
import { hashLinkId, isWellFormedLinkId } from '../domain/secret-links';
import { isStage, REVIEW_STAGES, type ReviewStage, STAGES } from '../domain/stages';
import { ReviewLinkExpired, ReviewLinkNotFound } from './batch-review';

/**
 * The HQ export of a cycle (issue 8): every nomination of the cycle with its standing decisions, read
 * through a port (gsi1 page by page, then each nomination's own partition: Query/GetItem only, never
 * a Scan). One core for both doors: the admin CLI (`npm run admin -- export`) and the `export` HTTP
 * function behind the batch review page. The columns and their Korean texts are views/export-columns.ts',
 * the files adapters/csv.ts' and adapters/xlsx.ts'.
 */

/** The parts of a nomination the export starts from (the cycle's index entry; no addresses, no merit texts). */
export interface ExportNomination {
  readonly id: string;
  readonly cycle?: string;
  readonly stage: string;
  readonly category?: string;
  readonly nomineeType?: string;
  readonly centerId?: string;
  readonly centerName?: string;
  readonly createdAt?: string;
  readonly updatedAt?: string;
}

/** The fields of ExportNomination, for the reads that project them (the export's, the admin CLI's). */
export const EXPORT_NOMINATION_FIELDS = [
  'id',
  'cycle',
  'stage',
  'category',
  'nomineeType',
  'centerId',
  'centerName',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof ExportNomination)[];

/** The nominee and correction round of a nomination, for the export only. */
export interface ExportDetails {
  readonly name?: string;
  readonly affiliation?: string;
  readonly position?: string;
  readonly correctionRound?: number;
}

/** One audit event as stored (`type`, `at`, `stage`, `decision`, `comment`, ...). */
export type AuditRecord = Readonly<Record<string, unknown>> & {
  readonly at?: string;
  readonly type?: string;
};

/** What one row is made of: the index entry, the nominee details and the audit trail. */
export interface ExportSource {
  readonly nomination: ExportNomination;
  readonly details?: ExportDetails;
  readonly events: readonly AuditRecord[];
}

export type ExportPageKey = Record<string, unknown>;

/** What the export reads (adapters/dynamo-cycle-export.ts on the functions' side, the admin CLI's own data). */
export interface CycleExportReader {
  /** One page of the cycle's nominations (gsi1). */
  listPage(
    cycle: string,
    startKey?: ExportPageKey,
  ): Promise<{ readonly items: readonly ExportNomination[]; readonly nextKey?: ExportPageKey }>;
  /** A nomination's details and audit trail, oldest event first. */
  trail(id: string): Promise<{ readonly details?: ExportDetails; readonly events: readonly AuditRecord[] }>;
}

export interface StageDecision {
  readonly decision: string;
  readonly at?: string;
  readonly comment?: string;
}

/**
 * The decision that stands at each review stage: the newest `decided` event of the stage that no
 * later `decision_voided` event (same stage and decision) took back.
 */
export function standingDecisions(
  events: readonly AuditRecord[],
): Partial<Record<ReviewStage, StageDecision>> {
  const decided: { stage: string; decision: string; at?: string; comment?: string; voided: boolean }[] = [];
  for (const event of events) {
    const stage = typeof event.stage === 'string' ? event.stage : '';
    const decision = typeof event.decision === 'string' ? event.decision : '';
    if (event.type === 'decided') {
      decided.push({
        stage,
        decision,
        ...(typeof event.at === 'string' ? { at: event.at } : {}),
        ...(typeof event.comment === 'string' ? { comment: event.comment } : {}),
        voided: false,
      });
    } else if (event.type === 'decision_voided') {
      const target = decided.findLast(
        (entry) => !entry.voided && entry.stage === stage && entry.decision === decision,
      );
      if (target) target.voided = true;
    }
  }
  const result: Partial<Record<ReviewStage, StageDecision>> = {};
  for (const stage of REVIEW_STAGES) {
    const standing = decided.findLast((entry) => !entry.voided && entry.stage === stage);
    if (standing) {
      result[stage] = {
        decision: standing.decision,
        ...(standing.at ? { at: standing.at } : {}),
        ...(standing.comment ? { comment: standing.comment } : {}),
      };
    }
  }
  return result;
}

function stageOrder(stage: string): number {
  return isStage(stage) ? STAGES.indexOf(stage) : STAGES.length;
}

/** The export's order: category, then stage (in workflow order), then submission time, then id. */
export function compareSources(a: ExportSource, b: ExportSource): number {
  const x = a.nomination;
  const y = b.nomination;
  return (
    (x.category ?? '').localeCompare(y.category ?? '') ||
    stageOrder(x.stage) - stageOrder(y.stage) ||
    (x.createdAt ?? '').localeCompare(y.createdAt ?? '') ||
    x.id.localeCompare(y.id)
  );
}

/** The export could not finish inside the time it has (the HTTP function's timeout): 503, nothing half-written. */
export class ExportOutOfTime extends TransientError {
  constructor(read: number, total: number) {
    super(`The export read ${read} of ${total} nominations before its time ran out`);
  }
}

export interface ReadCycleOptions {
  readonly reader: CycleExportReader;
  /** Trails read at once. @default 16 */
  readonly concurrency?: number;
  /** Milliseconds left in the invocation; the read stops (ExportOutOfTime) when fewer than `reserveMs` remain. */
  readonly remainingMs?: () => number;
  /** Time kept for writing and sending the file. @default 5000 */
  readonly reserveMs?: number;
  /** Called as nominations are listed (`total` absent) and as their trails are read. */
  readonly onProgress?: (done: number, total?: number) => void;
}

/** Every nomination of the cycle with its details and trail, in the export's order. */
export async function readCycleExport(cycle: string, options: ReadCycleOptions): Promise<ExportSource[]> {
  const { reader, remainingMs, onProgress } = options;
  const reserveMs = options.reserveMs ?? 5_000;
  const outOfTime = () => remainingMs !== undefined && remainingMs() < reserveMs;
  const nominations: ExportNomination[] = [];
  let startKey: ExportPageKey | undefined;
  do {
    if (outOfTime()) throw new ExportOutOfTime(0, nominations.length);
    const page = await reader.listPage(cycle, startKey);
    nominations.push(...page.items);
    startKey = page.nextKey;
    onProgress?.(nominations.length);
  } while (startKey);

  let done = 0;
  const sources = await inPool(nominations, Math.max(1, options.concurrency ?? 16), async (nomination) => {
    if (outOfTime()) throw new ExportOutOfTime(done, nominations.length);
    const { details, events } = await reader.trail(nomination.id);
    done += 1;
    onProgress?.(done, nominations.length);
    return { nomination, ...(details ? { details } : {}), events } satisfies ExportSource;
  });
  return sources.sort(compareSources);
}

/* ------------------------------------------------------------------ the review page's door */

/** The stages whose batch review link may export its cycle: every batch stage (its page links the export). */
export const EXPORT_STAGES: readonly BatchStage[] = BATCH_STAGES;

export interface ExportLinkDeps {
  readonly reviewLinks: Pick<ReviewLinkRepository, 'findByHash'>;
  readonly clock: Clock;
  readonly cycles: readonly Cycle[];
}

/**
 * The batch review link a download is asked through: known (by the hash of its id: no link key is
 * needed), of a stage that may export, not expired. ReviewLinkNotFound (404) or ReviewLinkExpired
 * (410) otherwise, as on the batch page.
 */
export async function openExportLink(
  reviewId: string,
  deps: ExportLinkDeps,
): Promise<{ link: ReviewLink; cycle: Cycle | undefined }> {
  if (!isWellFormedLinkId(reviewId)) throw new ReviewLinkNotFound();
  const link = await deps.reviewLinks.findByHash(hashLinkId(reviewId));
  if (!link || !isBatchStage(link.stage) || !EXPORT_STAGES.includes(link.stage))
    throw new ReviewLinkNotFound();
  if (isReviewLinkExpired(link, deps.clock.now())) throw new ReviewLinkExpired();
  return { link, cycle: findCycle(deps.cycles, link.cycle) };
}
