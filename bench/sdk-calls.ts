import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

type AnyCommand = { constructor: { name: string } };
type Send = (this: { config?: { serviceId?: string } }, command: AnyCommand, ...rest: unknown[]) => unknown;

/** DynamoDB requests that write (lib-dynamodb's Put, Update, ... and the raw PutItem, UpdateItem, ...). */
const DYNAMODB_WRITE = /^(Put|Update|Delete|TransactWrite|BatchWrite)(Item|Items)?$/;
/** Mail sends through SES v2 (SendEmail, raw MIME included) or v1 (SendEmail, SendRawEmail). */
const SES_SEND = /^Send(Raw)?Email$/;

export interface CallCounts {
  /** Requests by `service command`, e.g. `DynamoDB TransactWrite: 2`. */
  readonly byCommand: Record<string, number>;
  readonly dynamoDbWrites: number;
  readonly sesSends: number;
}

/**
 * Counts every AWS SDK request made in this process while `work` runs. The local stack runs the
 * functions in this process, and every SDK v3 client (DynamoDB's document client included) sends
 * through the one base class's `send`: counting there sees what the code really does, so the
 * floor cannot drift from the functions as they change.
 */
export async function countSdkCalls<T>(work: () => Promise<T>): Promise<{ result: T; calls: CallCounts }> {
  const base = Object.getPrototypeOf(DynamoDBClient.prototype) as { send: Send };
  const original = base.send;
  const byCommand: Record<string, number> = {};
  base.send = function countingSend(command, ...rest) {
    const key = `${this.config?.serviceId ?? 'unknown'} ${command.constructor.name.replace(/Command$/, '')}`;
    byCommand[key] = (byCommand[key] ?? 0) + 1;
    return original.call(this, command, ...rest);
  };
  try {
    const result = await work();
    return { result, calls: summarise(byCommand) };
  } finally {
    base.send = original;
  }
}

function summarise(byCommand: Record<string, number>): CallCounts {
  let dynamoDbWrites = 0;
  let sesSends = 0;
  for (const [key, count] of Object.entries(byCommand)) {
    const [service = '', command = ''] = key.split(' ');
    if (service === 'DynamoDB' && DYNAMODB_WRITE.test(command)) dynamoDbWrites += count;
    if (service.startsWith('SES') && SES_SEND.test(command)) sesSends += count;
  }
  return { byCommand, dynamoDbWrites, sesSends };
}
