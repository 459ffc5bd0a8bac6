import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOperations, createRequestListener } from './api';
import { fakeRoleArn, stateMachineArn } from './arns';
import { prepareDefinition } from './definition';
import { ExecutionManager } from './executions';
import { FileExecutionStore } from './file-store';
import { installPromiseWithResolvers } from './polyfills';
import { InMemoryExecutionStore } from './store';
import type { LocalLambda } from './tasks';
import { TaskTokenRegistry } from './tokens';

export { substituteDefinition } from './definition';
export type { LocalLambda } from './tasks';

export interface LocalStepFunctionsOptions {
  /** 0 = any free port. */
  port: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 'ap-northeast-2'. */
  region?: string;
  /** Default '000000000000'. */
  accountId?: string;
  /** E.g. 'NominationWorkflow'. */
  stateMachineName: string;
  /** ASL JSON text, `${...}` substitutions already applied. */
  definition: string;
  /** Keyed by the exact FunctionName string in the task's Parameters. */
  lambdas: Record<string, LocalLambda>;
  /** Cap for TimeoutSeconds locally (timers overflow above ~24.8 days); default 7 days. */
  maxTaskTimeoutSeconds?: number;
  /**
   * Where executions, histories and waiting callbacks are kept across restarts (and kill -9);
   * on start, every RUNNING execution found there continues. Omitted = in memory.
   */
  dataDir?: string;
  log?: (line: string) => void;
}

export interface LocalStepFunctions {
  /** E.g. http://127.0.0.1:8083 */
  readonly endpoint: string;
  /** arn:aws:states:<region>:<account>:stateMachine:<name> */
  readonly stateMachineArn: string;
  /** Stops the server and every running execution's timers so the process can exit. */
  close(): Promise<void>;
}

const SEVEN_DAYS_SECONDS = 7 * 24 * 60 * 60;

/** Serves the Step Functions JSON API for one state machine, run by aws-local-stepfunctions. */
export async function startLocalStepFunctions(opts: LocalStepFunctionsOptions): Promise<LocalStepFunctions> {
  installPromiseWithResolvers();
  const log = opts.log ?? (() => {});
  const location = { region: opts.region ?? 'ap-northeast-2', accountId: opts.accountId ?? '000000000000' };
  const prepared = prepareDefinition(opts.definition, opts.maxTaskTimeoutSeconds ?? SEVEN_DAYS_SECONDS);
  const identity = {
    name: opts.stateMachineName,
    arn: stateMachineArn(location, opts.stateMachineName),
    roleArn: fakeRoleArn(location, opts.stateMachineName),
  };
  const fileStore = opts.dataDir ? new FileExecutionStore(opts.dataDir) : undefined;
  const manager = new ExecutionManager({
    location,
    stateMachine: identity,
    prepared,
    store: fileStore ?? new InMemoryExecutionStore(),
    tokens: new TaskTokenRegistry(),
    lambdas: opts.lambdas,
    log,
  });
  const operations = createOperations(manager, {
    ...identity,
    definition: opts.definition,
    creationDate: Date.now(),
  });
  const server = createServer(createRequestListener(operations, log));
  const host = opts.host ?? '127.0.0.1';
  let resumed: number;
  try {
    resumed = manager.resumeRunning();
    await listen(server, opts.port, host);
  } catch (error) {
    // Not started (the port is taken): the data directory is free for the next try.
    await manager.close();
    fileStore?.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log(
    `Step Functions (${identity.name}) listening on ${endpoint}${resumed ? `, ${resumed} execution(s) resumed` : ''}`,
  );

  let closed: Promise<void> | undefined;
  return {
    endpoint,
    stateMachineArn: identity.arn,
    close: () => {
      closed ??= (async () => {
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        // SDK clients keep sockets alive; close() alone would wait for them to time out.
        server.closeAllConnections();
        await manager.close();
        await serverClosed;
        fileStore?.close();
      })();
      return closed;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
