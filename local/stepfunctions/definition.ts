import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { isJsonObject, type JsonObject, type JsonValue } from './json';

/** The two task resources the project's ASL uses; anything else is refused at startup. */
export const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
export const LAMBDA_INVOKE_WAIT_FOR_TASK_TOKEN = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

/** Node timers overflow above 2^31-1 ms (~24.8 days) and then fire at once. */
export const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** What the task runner needs to know about one Task state. */
export interface TaskSpec {
  stateName: string;
  /** 'invoke' or 'invoke.waitForTaskToken', as AWS reports it in history events. */
  resource: 'invoke' | 'invoke.waitForTaskToken';
  waitForTaskToken: boolean;
  /** Already capped; the library uses the same number for its own timer. */
  timeoutSeconds: number;
}

export interface PreparedDefinition {
  /** A private copy for the library, with task timeouts capped. */
  definition: StateMachineDefinition;
  tasks: Map<string, TaskSpec>;
}

const PLACEHOLDER = /\$\{([^}]*)\}/g;

/** Names of `${Name}` placeholders still present in an ASL text. */
export function findPlaceholders(asl: string): string[] {
  return [...new Set([...asl.matchAll(PLACEHOLDER)].map((match) => match[1] ?? ''))];
}

/**
 * Replaces `${Name}` placeholders like CDK's `definitionSubstitutions`. Values are JSON-string
 * escaped because placeholders sit inside JSON strings (escaping a number is a no-op).
 * Throws when a placeholder has no substitution, so a typo fails at startup, not mid-workflow.
 */
export function substituteDefinition(asl: string, substitutions: Record<string, string>): string {
  const missing = findPlaceholders(asl).filter((name) => !Object.hasOwn(substitutions, name));
  if (missing.length > 0) {
    throw new Error(
      `No substitution for definition placeholder(s): ${missing.map((n) => `\${${n}}`).join(', ')}`,
    );
  }
  return asl.replace(PLACEHOLDER, (_match, name: string) => JSON.stringify(substitutions[name]).slice(1, -1));
}

/**
 * Parses the ASL and makes the copy the library runs. A JSON round trip is the copy
 * (structuredClone under jest silently breaks nested Parameters, see NOTES).
 */
export function prepareDefinition(aslText: string, maxTaskTimeoutSeconds: number): PreparedDefinition {
  const leftover = findPlaceholders(aslText);
  if (leftover.length > 0) {
    throw new Error(`Definition still has placeholder(s): ${leftover.map((n) => `\${${n}}`).join(', ')}`);
  }
  const parsed: JsonValue = JSON.parse(aslText);
  if (!isJsonObject(parsed) || !isJsonObject(parsed.States)) {
    throw new Error('Definition is not an ASL object with States');
  }
  const taskCap = Math.max(1, Math.min(Math.floor(maxTaskTimeoutSeconds), MAX_TIMER_SECONDS));
  const tasks = new Map<string, TaskSpec>();
  collectTasks(parsed, taskCap, tasks);
  if (typeof parsed.TimeoutSeconds === 'number' && parsed.TimeoutSeconds > MAX_TIMER_SECONDS) {
    parsed.TimeoutSeconds = MAX_TIMER_SECONDS;
  }
  // The library validates the shape (asl-validator) when the StateMachine is constructed.
  return { definition: parsed as unknown as StateMachineDefinition, tasks };
}

/** Walks a States scope and nested Parallel/Map scopes: overrides are keyed by state name alone. */
function collectTasks(scope: JsonObject, taskCap: number, tasks: Map<string, TaskSpec>): void {
  const states = scope.States;
  if (!isJsonObject(states)) return;
  for (const [stateName, state] of Object.entries(states)) {
    if (!isJsonObject(state)) continue;
    if (state.Type === 'Task') {
      if (tasks.has(stateName)) throw new Error(`Task state name used twice: ${stateName}`);
      tasks.set(stateName, prepareTask(stateName, state, taskCap));
    }
    for (const branch of Array.isArray(state.Branches) ? state.Branches : []) {
      if (isJsonObject(branch)) collectTasks(branch, taskCap, tasks);
    }
    for (const nested of [state.Iterator, state.ItemProcessor]) {
      if (isJsonObject(nested)) collectTasks(nested, taskCap, tasks);
    }
  }
}

function prepareTask(stateName: string, state: JsonObject, taskCap: number): TaskSpec {
  const resource = state.Resource;
  if (resource !== LAMBDA_INVOKE && resource !== LAMBDA_INVOKE_WAIT_FOR_TASK_TOKEN) {
    throw new Error(
      `Task ${stateName}: resource ${String(resource)} is not supported locally (only ${LAMBDA_INVOKE} and ${LAMBDA_INVOKE_WAIT_FOR_TASK_TOKEN})`,
    );
  }
  if ('TimeoutSecondsPath' in state) {
    // The runner must know the timeout before the library evaluates the path.
    throw new Error(`Task ${stateName}: TimeoutSecondsPath is not supported locally; use TimeoutSeconds`);
  }
  // AWS has no task timeout by default (the library: 60 s), so a missing one becomes the cap.
  const declared = typeof state.TimeoutSeconds === 'number' ? state.TimeoutSeconds : taskCap;
  const timeoutSeconds = Math.min(declared, taskCap);
  state.TimeoutSeconds = timeoutSeconds;
  const waitForTaskToken = resource === LAMBDA_INVOKE_WAIT_FOR_TASK_TOKEN;
  return {
    stateName,
    resource: waitForTaskToken ? 'invoke.waitForTaskToken' : 'invoke',
    waitForTaskToken,
    timeoutSeconds,
  };
}
