import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { assertArn } from './arns';
import { ServiceError } from './errors';
import type { ExecutionManager, StateMachineIdentity } from './executions';
import { isJsonObject, type JsonObject, type JsonValue, tryParseJson } from './json';
import type { ExecutionRecord, ExecutionStatus, HistoryEvent } from './store';

/** What the API describes besides executions. */
export interface StateMachineDescription extends StateMachineIdentity {
  definition: string;
  /** Epoch milliseconds. */
  creationDate: number;
}

type Operation = (params: Params) => JsonObject;

const TARGET_PREFIX = 'AWSStepFunctions.';
const ERROR_TYPE_PREFIX = 'com.amazonaws.swf.service.v2.model#';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
const MAX_BODY_BYTES = 1024 * 1024; // AWS caps input/output at 256 KiB; leave room for the envelope
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;
const STATUSES: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

/** The Step Functions operations this service answers, by the name in `x-amz-target`. */
export function createOperations(
  manager: ExecutionManager,
  stateMachine: StateMachineDescription,
): Record<string, Operation> {
  const store = manager.store;

  const requireStateMachine = (arn: string): void => {
    assertArn(arn, 'state machine');
    if (arn !== stateMachine.arn) {
      throw new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    }
  };
  const requireExecution = (arn: string): Readonly<ExecutionRecord> => {
    assertArn(arn, 'execution');
    const record = store.get(arn);
    if (!record) throw new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return record;
  };

  return {
    StartExecution: (params) => {
      requireStateMachine(params.requiredString('stateMachineArn'));
      const record = manager.start({
        name: params.optionalString('name'),
        input: params.optionalString('input'),
      });
      return { executionArn: record.executionArn, startDate: toEpochSeconds(record.startDate) };
    },

    DescribeExecution: (params) => describeExecution(requireExecution(params.requiredString('executionArn'))),

    StopExecution: (params) => {
      const arn = params.requiredString('executionArn');
      requireExecution(arn);
      const { stopDate } = manager.stop(arn, params.optionalString('error'), params.optionalString('cause'));
      return { stopDate: toEpochSeconds(stopDate) };
    },

    RedriveExecution: (params) => {
      const arn = params.requiredString('executionArn');
      requireExecution(arn);
      const { redriveDate } = manager.redrive(arn, params.optionalString('clientToken'));
      return { redriveDate: toEpochSeconds(redriveDate) };
    },

    ListExecutions: (params) => {
      requireStateMachine(params.requiredString('stateMachineArn'));
      const statusFilter = params.optionalString('statusFilter');
      if (statusFilter !== undefined && !STATUSES.includes(statusFilter as ExecutionStatus)) {
        throw new ServiceError('ValidationException', `Invalid statusFilter: ${statusFilter}`);
      }
      const matching = store
        .listNewestFirst()
        .filter((record) => statusFilter === undefined || record.status === statusFilter);
      // The token names the last execution returned: executions started meanwhile do not shift pages.
      const after = decodePageToken(params.optionalString('nextToken'), 'afterExecutionArn');
      let start = 0;
      if (after !== undefined) {
        start = matching.findIndex((record) => record.executionArn === after) + 1;
        if (start === 0) throw new ServiceError('InvalidToken', 'Invalid Token: unknown nextToken');
      }
      const page = matching.slice(start, start + params.pageSize());
      const last = page.at(-1);
      return {
        executions: page.map(listItem),
        ...(last && start + page.length < matching.length
          ? { nextToken: encodePageToken({ afterExecutionArn: last.executionArn }) }
          : {}),
      };
    },

    GetExecutionHistory: (params) => {
      const record = requireExecution(params.requiredString('executionArn'));
      const reverse = params.optionalBoolean('reverseOrder') ?? false;
      const includeData = params.optionalBoolean('includeExecutionData') ?? true;
      const ordered = reverse
        ? [...store.events(record.executionArn)].reverse()
        : store.events(record.executionArn);
      const afterId = decodePageToken(params.optionalString('nextToken'), 'afterEventId');
      const afterIdNumber = afterId === undefined ? undefined : Number(afterId);
      const remaining =
        afterIdNumber === undefined
          ? ordered
          : ordered.filter((event) => (reverse ? event.id < afterIdNumber : event.id > afterIdNumber));
      const page = remaining.slice(0, params.pageSize());
      const last = page.at(-1);
      return {
        events: page.map((event) => historyEventToWire(event, includeData)),
        ...(last && page.length < remaining.length
          ? { nextToken: encodePageToken({ afterEventId: String(last.id) }) }
          : {}),
      };
    },

    SendTaskSuccess: (params) => {
      const taskToken = params.requiredString('taskToken');
      const output = tryParseJson(params.requiredString('output'));
      if (!output) throw new ServiceError('InvalidOutput', 'Invalid Output: the task output is not JSON');
      manager.completeTask(taskToken, { kind: 'success', output: output.value });
      return {};
    },

    SendTaskFailure: (params) => {
      manager.completeTask(params.requiredString('taskToken'), {
        kind: 'failure',
        error: params.optionalString('error') ?? '',
        cause: params.optionalString('cause') ?? '',
      });
      return {};
    },

    SendTaskHeartbeat: (params) => {
      manager.heartbeatTask(params.requiredString('taskToken'));
      return {};
    },

    DescribeStateMachine: (params) => {
      requireStateMachine(params.requiredString('stateMachineArn'));
      return {
        stateMachineArn: stateMachine.arn,
        name: stateMachine.name,
        status: 'ACTIVE',
        definition: stateMachine.definition,
        roleArn: stateMachine.roleArn,
        type: 'STANDARD',
        creationDate: toEpochSeconds(stateMachine.creationDate),
        loggingConfiguration: { level: 'OFF', includeExecutionData: false },
        tracingConfiguration: { enabled: false },
      };
    },

    ListStateMachines: () => ({
      stateMachines: [
        {
          stateMachineArn: stateMachine.arn,
          name: stateMachine.name,
          type: 'STANDARD',
          creationDate: toEpochSeconds(stateMachine.creationDate),
        },
      ],
    }),
  };
}

/** The HTTP side of the AWS JSON 1.0 protocol: POST / with `x-amz-target`. */
export function createRequestListener(
  operations: Record<string, Operation>,
  log: (line: string) => void,
): RequestListener {
  return (request, response) => {
    void handleRequest(operations, log, request, response);
  };
}

async function handleRequest(
  operations: Record<string, Operation>,
  log: (line: string) => void,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  let operationName = '?';
  try {
    const target = request.headers['x-amz-target'];
    const targetText = Array.isArray(target) ? target[0] : target;
    operationName = targetText?.startsWith(TARGET_PREFIX) ? targetText.slice(TARGET_PREFIX.length) : '';
    const body = await readBody(request);
    if (request.method !== 'POST') {
      throw new ServiceError('UnknownOperationException', `Unsupported method ${request.method}`);
    }
    const operation = Object.hasOwn(operations, operationName) ? operations[operationName] : undefined;
    if (!operation) {
      throw new ServiceError('UnknownOperationException', `Unknown operation: ${targetText ?? '(none)'}`);
    }
    const parsed = body.length === 0 ? { value: {} } : tryParseJson(body);
    if (!parsed || !isJsonObject(parsed.value)) {
      throw new ServiceError('SerializationException', 'The request body is not a JSON object');
    }
    send(response, 200, operation(new Params(parsed.value)));
  } catch (error) {
    const serviceError =
      error instanceof ServiceError
        ? error
        : new ServiceError('InternalFailure', error instanceof Error ? error.message : String(error));
    if (serviceError.code === 'InternalFailure') log(`${operationName} failed: ${String(error)}`);
    send(response, serviceError.httpStatus, {
      __type: `${ERROR_TYPE_PREFIX}${serviceError.code}`,
      message: serviceError.message,
    });
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ServiceError('SerializationException', 'The request body is too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: JsonObject): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(text);
}

/** Typed access to request members; a wrong type is a ValidationException, as in AWS. */
class Params {
  constructor(private readonly body: JsonObject) {}

  requiredString(name: string): string {
    const value = this.optionalString(name);
    if (value === undefined)
      throw new ServiceError('ValidationException', `Missing required parameter: ${name}`);
    return value;
  }

  optionalString(name: string): string | undefined {
    return this.typed(name, 'string', (value): value is string => typeof value === 'string');
  }

  optionalBoolean(name: string): boolean | undefined {
    return this.typed(name, 'boolean', (value): value is boolean => typeof value === 'boolean');
  }

  /** maxResults: 0 or absent means the default page size. */
  pageSize(): number {
    const value = this.typed('maxResults', 'integer', (v): v is number => Number.isInteger(v));
    if (value !== undefined && (value < 0 || value > MAX_PAGE_SIZE)) {
      throw new ServiceError('ValidationException', `maxResults must be between 0 and ${MAX_PAGE_SIZE}`);
    }
    return value || DEFAULT_PAGE_SIZE;
  }

  private typed<T>(
    name: string,
    typeName: string,
    guard: (value: JsonValue) => value is T & JsonValue,
  ): T | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (!guard(value))
      throw new ServiceError('ValidationException', `Parameter ${name} must be a ${typeName}`);
    return value;
  }
}

function toEpochSeconds(epochMs: number): number {
  return epochMs / 1000;
}

function describeExecution(record: Readonly<ExecutionRecord>): JsonObject {
  const described: JsonObject = {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: toEpochSeconds(record.startDate),
    input: record.input,
    inputDetails: { included: true },
  };
  if (record.stopDate !== undefined) described.stopDate = toEpochSeconds(record.stopDate);
  if (record.output !== undefined) {
    described.output = record.output;
    described.outputDetails = { included: true };
  }
  if (record.error !== undefined) described.error = record.error;
  if (record.cause !== undefined) described.cause = record.cause;
  if (record.redriveCount !== undefined) described.redriveCount = record.redriveCount;
  if (record.redriveDate !== undefined) described.redriveDate = toEpochSeconds(record.redriveDate);
  return described;
}

function listItem(record: Readonly<ExecutionRecord>): JsonObject {
  const item: JsonObject = {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: toEpochSeconds(record.startDate),
  };
  if (record.stopDate !== undefined) item.stopDate = toEpochSeconds(record.stopDate);
  if (record.redriveCount !== undefined) item.redriveCount = record.redriveCount;
  return item;
}

const EXECUTION_DATA_MEMBERS = new Set(['input', 'output', 'parameters']);

function historyEventToWire(event: HistoryEvent, includeExecutionData: boolean): JsonObject {
  const wire: JsonObject = {
    id: event.id,
    previousEventId: event.previousEventId,
    timestamp: toEpochSeconds(event.timestamp),
    type: event.type,
  };
  if (event.details) {
    wire[event.details.key] = includeExecutionData
      ? event.details.value
      : Object.fromEntries(
          Object.entries(event.details.value).filter(([key]) => !EXECUTION_DATA_MEMBERS.has(key)),
        );
  }
  return wire;
}

function encodePageToken(position: Record<string, string>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function decodePageToken(token: string | undefined, member: string): string | undefined {
  if (token === undefined) return undefined;
  const parsed = tryParseJson(Buffer.from(token, 'base64url').toString('utf8'));
  const value = parsed && isJsonObject(parsed.value) ? parsed.value[member] : undefined;
  if (typeof value !== 'string') throw new ServiceError('InvalidToken', 'Invalid Token: malformed nextToken');
  return value;
}
