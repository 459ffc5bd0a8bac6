/** What several commands share: the id argument, and finding a nomination's execution. */
import { isWellFormedNominationId } from '../../../functions/domain/ids';
import type { OpsAction } from '../../ops-labels';
import type { CommandContext, OptionSpec, PositionalSpec } from '../command';
import type { AdminData, ExecutionSummary } from '../data';
import { type CliError, malformedId, noExecution, notFound, toCliError } from '../errors';

/** Who did it, in the audit trail (the ops console writes `ops-console`). */
const CLI_ACTOR = 'admin-cli';

export const ID_ARGUMENT: PositionalSpec = {
  name: 'id',
  description: '추천서 번호 = 실행 이름 (nomination id = execution name), 예: 2026-abcdefghijkmnpqrstuv',
};

/** The `<id>` argument, checked for form (a malformed id is a usage error, exit 2). */
export function nominationId(context: CommandContext): string {
  const id = context.args[0] ?? '';
  if (!isWellFormedNominationId(id)) throw malformedId(id);
  return id;
}

/** The nomination's execution; a missing one says whether the nomination itself is unknown. */
export async function requireExecution(data: AdminData, id: string): Promise<ExecutionSummary> {
  const execution = await data.execution(id);
  if (execution) return execution;
  throw (await data.nomination(id)) ? noExecution(id) : notFound(id);
}

/** Fails a run whose history could not be found, the same way. */
export async function missingExecution(data: AdminData, id: string): Promise<never> {
  throw (await data.nomination(id)) ? noExecution(id) : notFound(id);
}

export const REASON_OPTION: OptionSpec = {
  type: 'string',
  value: '<text>',
  description: '사유, 처리 이력에 기록 (reason, kept in the audit trail)',
};

/** The `--reason` text, trimmed; undefined when none was given. */
export function reasonOf(context: CommandContext): string | undefined {
  const reason = typeof context.options.reason === 'string' ? context.options.reason.trim() : '';
  return reason || undefined;
}

/**
 * Runs an operator's action on a nomination's execution and records it, succeeded or failed, as an
 * `ops_action` event in the nomination's audit trail (as the ops console does). Failures that
 * never reached the service (network, credentials) leave nothing to record. `audited` says whether
 * the event was written; the action's own failure is rethrown after recording it.
 */
export async function auditedAction<T>(
  context: CommandContext,
  data: AdminData,
  id: string,
  action: OpsAction,
  act: () => Promise<T>,
): Promise<{ result: T; audited: boolean }> {
  const at = context.now().toISOString();
  let failure: CliError | undefined;
  let result: T | undefined;
  try {
    result = await act();
  } catch (error) {
    failure = toCliError(error);
  }
  let audited = false;
  if (!failure || failure.code === 'refused' || failure.code === 'failed') {
    try {
      const reason = reasonOf(context);
      audited = await data.audit(id, {
        at,
        actor: CLI_ACTOR,
        action,
        outcome: failure ? 'failed' : 'succeeded',
        ...(failure ? { error: failure.serviceError ?? failure.code } : {}),
        ...(reason ? { reason } : {}),
      });
    } catch {
      audited = false;
    }
  }
  if (failure) throw failure;
  return { result: result as T, audited };
}

export const AUDIT_MISSING =
  '주의: 처리 이력에 이 조치를 기록하지 못했습니다 (warning: the audit event was not written).';
