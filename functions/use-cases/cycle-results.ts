import { type Cycle, type Directory, findCenter, findCycle } from '../domain/cycle';
import type { Nomination } from '../domain/nomination';
import type { Clock, SentMailLog } from '../domain/ports';
import { type FinalStage, isFinal, isStage } from '../domain/stages';
import { type CycleExportReader, type ExportSource, readCycleExport } from './export-cycle';
import type { CycleResultRow, Notifier } from './notification';
import { sendOnce } from './send-once';
import { type StatusLinkDeps, statusLinkOf } from './status-links';

/**
 * The cycle's close (심사 결과 안내): once submissions have closed and every nomination of the cycle
 * has its outcome, each nominating center is mailed what became of its nominations, once per center
 * however often an operator runs it. Reads the cycle as the HQ export does (Query only).
 */
export interface CycleResultsDeps extends StatusLinkDeps {
  readonly reader: CycleExportReader;
  readonly sentMail: SentMailLog;
  readonly notifier: Notifier<'cycleResults'>;
  readonly cycles: readonly Cycle[];
  readonly directory: Directory;
  readonly clock: Clock;
}

export interface CenterResults {
  readonly centerId: string;
  readonly centerName: string;
  readonly nominations: number;
  /** This run mailed the center (false: an earlier run did). */
  readonly sent: boolean;
}

export type CycleResultsOutcome =
  | { readonly outcome: 'unknown_cycle' }
  | { readonly outcome: 'submissions_open'; readonly deadline: string }
  /** Nominations without an outcome yet, by stage: the cycle has not closed. */
  | { readonly outcome: 'still_open'; readonly open: Readonly<Record<string, number>> }
  | {
      readonly outcome: 'closed';
      readonly centers: readonly CenterResults[];
      /** Centers that nominated but are no longer in the directory: nobody to mail. */
      readonly unknownCenters: readonly string[];
    };

/** The sent-mail log's partition of a cycle's own mails (not a nomination's). */
export function cycleMailLogId(year: string): string {
  return `CYCLE-${year}`;
}

function finalStageOf(source: ExportSource): FinalStage | undefined {
  const stage = source.nomination.stage;
  return isStage(stage) && isFinal(stage) ? stage : undefined;
}

export async function sendCycleResults(year: string, deps: CycleResultsDeps): Promise<CycleResultsOutcome> {
  const cycle = findCycle(deps.cycles, year);
  if (!cycle) return { outcome: 'unknown_cycle' };
  if (deps.clock.now().getTime() < Date.parse(cycle.submissionDeadline)) {
    return { outcome: 'submissions_open', deadline: cycle.submissionDeadline };
  }
  const sources = await readCycleExport(year, { reader: deps.reader, concurrency: 8 });
  const open: Record<string, number> = {};
  for (const source of sources) {
    if (!finalStageOf(source)) open[source.nomination.stage] = (open[source.nomination.stage] ?? 0) + 1;
  }
  if (Object.keys(open).length > 0) return { outcome: 'still_open', open };

  const byCenter = new Map<string, ExportSource[]>();
  for (const source of sources) {
    const centerId = source.nomination.centerId ?? '';
    byCenter.set(centerId, [...(byCenter.get(centerId) ?? []), source]);
  }
  const centers: CenterResults[] = [];
  const unknownCenters: string[] = [];
  for (const [centerId, nominations] of byCenter) {
    const center = findCenter(deps.directory, centerId);
    if (!center) {
      unknownCenters.push(centerId);
      continue;
    }
    // Each row links the nomination's status page by its token (the same link as its receipt's).
    const rows = async (): Promise<CycleResultRow[]> => {
      const built: CycleResultRow[] = [];
      for (const source of nominations) {
        built.push({
          nominationId: source.nomination.id,
          nomineeName: source.details?.name ?? '',
          nomineeType: (source.nomination.nomineeType ?? 'individual') as Nomination['nomineeType'],
          category: source.nomination.category ?? '',
          outcome: finalStageOf(source) as FinalStage,
          statusUrl: await statusLinkOf(source.nomination.id, deps),
        });
      }
      return built;
    };
    const sent = await sendOnce(deps, cycleMailLogId(year), `results:${centerId}`, async () => ({
      kind: 'cycleResults',
      to: center.nominatingAddresses,
      model: { cycle, centerName: center.name, rows: await rows() },
    }));
    centers.push({ centerId, centerName: center.name, nominations: nominations.length, sent });
  }
  return { outcome: 'closed', centers, unknownCenters };
}
