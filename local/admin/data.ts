/**
 * What the admin commands read and do, through the DynamoDB API (Query, GetItem; no Scan) and the
 * Step Functions API (and, to re-send an approval mail, SES and Secrets Manager). The same code for the local stack and AWS: only the clients differ (made in
 * `openAdminData` from the Target). Every call's failure becomes a CliError that names where it went.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import {
  DescribeExecutionCommand,
  type HistoryEvent,
  RedriveExecutionCommand,
  SFNClient,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LiveConfig } from '../../functions/adapters/config';
import { shippedConfig } from '../../functions/adapters/config';
import { DynamoConfigSource, saveConfig } from '../../functions/adapters/dynamo-config';
import { DynamoSuppressionList } from '../../functions/adapters/dynamo-mail-events';
import { keys, parseStageIndexKey } from '../../functions/adapters/dynamo-table';
import { executionArnFor } from '../../functions/contracts/names';
import { TABLE_SCHEMA } from '../../functions/contracts/table-schema';
import { NominationNotFound, NothingToResend } from '../../functions/domain/errors';
import type { Suppression } from '../../functions/domain/ports';
import type { CycleResultsOutcome } from '../../functions/use-cases/cycle-results';
import { EXPORT_NOMINATION_FIELDS, type ExportNomination } from '../../functions/use-cases/export-cycle';
import type { ResendApprovalResult } from '../../functions/use-cases/resend-approval';
import { type OpsActionEvent, recordOpsAction } from '../ops-audit';
import { readExecutionHistory } from '../ops-history';
import type { Resend } from '../ops-resend';
import { type CallSite, noMailing, toCliError } from './errors';
import type { Target } from './target';

/** The parts of a nomination the CLI shows: no nominee names, addresses or merit texts. */
export interface NominationSummary extends ExportNomination {
  readonly executionArn?: string;
  readonly needsAttention?: { readonly error?: string; readonly cause?: string; readonly at?: string };
  /** Epoch seconds when DynamoDB TTL destroys the record; an operator's audit event goes with it. */
  readonly purgeAt?: number;
}

/** The newest approval request of a stage (never its task token). */
export interface ApprovalSummary {
  readonly stage?: string;
  readonly approver?: { readonly name?: string; readonly email?: string };
  readonly status?: string;
  readonly createdAt?: string;
  /** The review deadline; expiresAt is when the links stop working (later during an escalation). */
  readonly dueAt?: string;
  readonly expiresAt?: string;
  readonly decision?: string;
  readonly decidedAt?: string;
}

export interface ExecutionSummary {
  readonly executionArn: string;
  readonly status?: string;
  readonly startDate?: string;
  readonly stopDate?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly redriveCount?: number;
  readonly redriveDate?: string;
}

export type AuditRecord = Readonly<Record<string, unknown>> & {
  readonly at?: string;
  readonly type?: string;
};

export interface ListQuery {
  readonly cycle: string;
  readonly stage?: string;
  readonly category?: string;
}

export type PageKey = Record<string, unknown>;

/** The nominee and correction round of a nomination, for the HQ export only. */
export interface ExportDetails {
  readonly name?: string;
  readonly affiliation?: string;
  readonly position?: string;
  readonly correctionRound?: number;
}

const NOMINATION_ATTRIBUTES = [
  ...EXPORT_NOMINATION_FIELDS,
  'executionArn',
  'needsAttention',
  'purgeAt',
] as const;
const APPROVAL_ATTRIBUTES = [
  'stage',
  'approver',
  'status',
  'createdAt',
  'dueAt',
  'expiresAt',
  'decision',
  'decidedAt',
];

function projection(attributes: readonly string[]) {
  return {
    ProjectionExpression: attributes.map((_, index) => `#p${index}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(attributes.map((name, index) => [`#p${index}`, name])),
  };
}

function iso(date: Date | undefined): string | undefined {
  return date ? date.toISOString() : undefined;
}

function isExecutionMissing(error: unknown): boolean {
  return error instanceof Error && error.name === 'ExecutionDoesNotExist';
}

/** The key condition (and category filter) of a cycle's nominations on gsi1. */
function cycleQuery(query: ListQuery) {
  const names: Record<string, string> = { '#gpk': TABLE_SCHEMA.index.partitionKey };
  const values: Record<string, unknown> = { ':gpk': keys.cycleIndex(query.cycle) };
  let condition = '#gpk = :gpk';
  if (query.stage) {
    names['#gsk'] = TABLE_SCHEMA.index.sortKey;
    values[':gsk'] = keys.stageIndexPrefix(query.stage);
    condition += ' AND begins_with(#gsk, :gsk)';
  }
  if (query.category) {
    names['#category'] = 'category';
    values[':category'] = query.category;
  }
  return {
    IndexName: TABLE_SCHEMA.index.name,
    KeyConditionExpression: condition,
    ...(query.category ? { FilterExpression: '#category = :category' } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** An index item as a summary; the index sort key (stage, creation time, id) fills what is missing. */
function summaryOf(item: Record<string, unknown>): NominationSummary {
  const indexed = parseStageIndexKey(String(item[TABLE_SCHEMA.index.sortKey] ?? ''));
  const summary: Record<string, unknown> = {};
  for (const name of NOMINATION_ATTRIBUTES) if (item[name] !== undefined) summary[name] = item[name];
  return {
    ...summary,
    id: String(item.id ?? indexed?.id ?? ''),
    stage: String(item.stage ?? indexed?.stage ?? 'unknown'),
    ...(item.createdAt || indexed?.createdAt
      ? { createdAt: String(item.createdAt ?? indexed?.createdAt) }
      : {}),
  } as NominationSummary;
}

export class AdminData {
  private readonly dynamoSite: CallSite;
  private readonly sfnSite: CallSite;
  /** Made on the first re-send only: most commands never mail. */
  private resender: { resend: Promise<Resend>; close(): void } | undefined;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly sfn: SFNClient,
    readonly target: Target,
  ) {
    this.dynamoSite =
      target.kind === 'local'
        ? { kind: 'local', where: target.endpoints.dynamodb }
        : { kind: 'aws', where: 'DynamoDB' };
    this.sfnSite =
      target.kind === 'local'
        ? { kind: 'local', where: target.endpoints.stepfunctions }
        : { kind: 'aws', where: 'Step Functions' };
  }

  private async dynamo<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toCliError(error, this.dynamoSite);
    }
  }

  private async stepFunctions<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toCliError(error, this.sfnSite);
    }
  }

  /** The cycles and directory as the functions see them now (the table's, else the shipped ones). */
  async liveConfig(): Promise<LiveConfig> {
    return this.dynamo(() =>
      new DynamoConfigSource(this.db, this.target.tableName, shippedConfig(), 0).current(),
    );
  }

  /** Writes checked cycles and directory into the table (the functions pick them up within their cache time). */
  async loadConfig(config: LiveConfig): Promise<void> {
    await this.dynamo(() => saveConfig(this.db, this.target.tableName, config));
  }

  /** Addresses no mail goes to (a recipient complained), newest first. */
  async suppressions(): Promise<Suppression[]> {
    return this.dynamo(() => new DynamoSuppressionList(this.db, this.target.tableName).list());
  }

  /** Lifts the suppression of an address: false when it was not suppressed. */
  async unsuppress(address: string): Promise<boolean> {
    return this.dynamo(() => new DynamoSuppressionList(this.db, this.target.tableName).clear(address));
  }

  /** The execution of a nomination (the execution name is the nomination id). */
  executionArn(id: string): string {
    return executionArnFor(this.target.stateMachineArn, id);
  }

  /** One page of a cycle's nominations from gsi1 (optionally one stage; category filtered by DynamoDB). */
  async listPage(
    query: ListQuery,
    startKey?: PageKey,
  ): Promise<{ items: NominationSummary[]; nextKey?: PageKey }> {
    const base = cycleQuery(query);
    const names = projection([...NOMINATION_ATTRIBUTES, TABLE_SCHEMA.index.sortKey]);
    const page = await this.dynamo(() =>
      this.db.send(
        new QueryCommand({
          TableName: this.target.tableName,
          ...base,
          ProjectionExpression: names.ProjectionExpression,
          ExpressionAttributeNames: { ...base.ExpressionAttributeNames, ...names.ExpressionAttributeNames },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      ),
    );
    return {
      items: (page.Items ?? []).map(summaryOf),
      ...(page.LastEvaluatedKey ? { nextKey: page.LastEvaluatedKey } : {}),
    };
  }

  /** How many nominations match (Select COUNT over the same query; for the progress bar). */
  async count(query: ListQuery): Promise<number> {
    let total = 0;
    let startKey: PageKey | undefined;
    do {
      const page = await this.dynamo(() =>
        this.db.send(
          new QueryCommand({
            TableName: this.target.tableName,
            ...cycleQuery(query),
            Select: 'COUNT',
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        ),
      );
      total += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return total;
  }

  /** Whether a cycle has any nomination (one Query, one item at most). */
  async hasNominations(cycle: string): Promise<boolean> {
    const page = await this.dynamo(() =>
      this.db.send(
        new QueryCommand({
          TableName: this.target.tableName,
          ...cycleQuery({ cycle }),
          Select: 'COUNT',
          Limit: 1,
        }),
      ),
    );
    return (page.Count ?? 0) > 0;
  }

  async nomination(id: string): Promise<NominationSummary | undefined> {
    const { Item } = await this.dynamo(() =>
      this.db.send(
        new GetCommand({
          TableName: this.target.tableName,
          Key: keys.nomination(id),
          ConsistentRead: true,
          ...projection(NOMINATION_ATTRIBUTES),
        }),
      ),
    );
    return Item ? summaryOf({ id, ...Item }) : undefined;
  }

  /**
   * What the HQ export shows of a nomination besides the summary: the nominee's name, affiliation
   * and position (no e-mail address or merit texts) and the correction round. One GetItem.
   */
  async exportDetails(id: string): Promise<ExportDetails | undefined> {
    const { Item } = await this.dynamo(() =>
      this.db.send(
        new GetCommand({
          TableName: this.target.tableName,
          Key: keys.nomination(id),
          ConsistentRead: true,
          ProjectionExpression: '#nominee.#name, #nominee.#affiliation, #nominee.#position, #round',
          ExpressionAttributeNames: {
            '#nominee': 'nominee',
            '#name': 'name',
            '#affiliation': 'affiliation',
            '#position': 'position',
            '#round': 'correctionRound',
          },
        }),
      ),
    );
    if (!Item) return undefined;
    const nominee = (Item.nominee ?? {}) as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    const name = text(nominee.name);
    const affiliation = text(nominee.affiliation);
    const position = text(nominee.position);
    return {
      ...(name !== undefined ? { name } : {}),
      ...(affiliation !== undefined ? { affiliation } : {}),
      ...(position !== undefined ? { position } : {}),
      ...(typeof Item.correctionRound === 'number' ? { correctionRound: Item.correctionRound } : {}),
    };
  }

  /** `OPEN_APPROVAL#<stage>` -> `APPROVAL#<hash>`: the newest request of the stage. */
  async approval(id: string, stage: string): Promise<ApprovalSummary | undefined> {
    const { Item: pointer } = await this.dynamo(() =>
      this.db.send(
        new GetCommand({
          TableName: this.target.tableName,
          Key: keys.openApproval(id, stage),
          ConsistentRead: true,
          ...projection(['idHash']),
        }),
      ),
    );
    const idHash = typeof pointer?.idHash === 'string' ? pointer.idHash : undefined;
    if (!idHash) return undefined;
    const { Item } = await this.dynamo(() =>
      this.db.send(
        new GetCommand({
          TableName: this.target.tableName,
          Key: keys.approval(idHash),
          ConsistentRead: true,
          ...projection(APPROVAL_ATTRIBUTES),
        }),
      ),
    );
    return Item as ApprovalSummary | undefined;
  }

  /** The audit trail (`EVENT#...` of `NOM#<id>`), oldest first. */
  async auditEvents(id: string): Promise<AuditRecord[]> {
    const events: AuditRecord[] = [];
    let startKey: PageKey | undefined;
    do {
      const page = await this.dynamo(() =>
        this.db.send(
          new QueryCommand({
            TableName: this.target.tableName,
            KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
            ExpressionAttributeNames: { '#pk': TABLE_SCHEMA.partitionKey, '#sk': TABLE_SCHEMA.sortKey },
            ExpressionAttributeValues: { ':pk': keys.nomination(id).pk, ':prefix': keys.eventPrefix },
            ConsistentRead: true,
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        ),
      );
      for (const item of page.Items ?? []) {
        const { pk: _pk, sk: _sk, purgeAt: _purgeAt, ...event } = item;
        events.push(event);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return events;
  }

  async execution(id: string): Promise<ExecutionSummary | undefined> {
    const executionArn = this.executionArn(id);
    try {
      const execution = await this.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return {
        executionArn,
        ...(execution.status ? { status: execution.status } : {}),
        ...(execution.startDate ? { startDate: iso(execution.startDate) } : {}),
        ...(execution.stopDate ? { stopDate: iso(execution.stopDate) } : {}),
        ...(execution.error ? { error: execution.error } : {}),
        ...(execution.cause ? { cause: execution.cause } : {}),
        ...(execution.redriveCount !== undefined ? { redriveCount: execution.redriveCount } : {}),
        ...(execution.redriveDate ? { redriveDate: iso(execution.redriveDate) } : {}),
      };
    } catch (error) {
      if (isExecutionMissing(error)) return undefined;
      throw toCliError(error, this.sfnSite);
    }
  }

  /** GetExecutionHistory, every page (AWS keeps at most 25,000 events); `onPage` reports progress. */
  async history(id: string, onPage?: (loaded: number) => void): Promise<HistoryEvent[] | undefined> {
    try {
      return await readExecutionHistory(this.sfn, this.executionArn(id), {
        includeExecutionData: false,
        ...(onPage ? { onPage } : {}),
      });
    } catch (error) {
      if (isExecutionMissing(error)) return undefined;
      throw toCliError(error, this.sfnSite);
    }
  }

  async stop(id: string, cause: string): Promise<{ stopDate?: string }> {
    const { stopDate } = await this.stepFunctions(() =>
      this.sfn.send(
        new StopExecutionCommand({ executionArn: this.executionArn(id), error: 'StoppedByOperator', cause }),
      ),
    );
    return { ...(stopDate ? { stopDate: iso(stopDate) } : {}) };
  }

  async redrive(id: string): Promise<{ redriveDate?: string }> {
    const { redriveDate } = await this.stepFunctions(() =>
      this.sfn.send(
        new RedriveExecutionCommand({ executionArn: this.executionArn(id), clientToken: randomUUID() }),
      ),
    );
    return { ...(redriveDate ? { redriveDate: iso(redriveDate) } : {}) };
  }

  /**
   * One `ops_action` event in `NOM#<id>`'s audit trail (append-only, destroyed with the nomination);
   * false when the table has no such nomination (nothing written).
   */
  audit(id: string, event: Omit<OpsActionEvent, 'type' | 'executionArn'>): Promise<boolean> {
    return this.dynamo(() =>
      recordOpsAction(this.db, this.target.tableName, id, { ...event, executionArn: this.executionArn(id) }),
    );
  }

  /** Whether this target can re-send approval mails (an AWS one needs the link key's stack outputs). */
  canResend(): boolean {
    return this.target.kind === 'local' || this.target.mailing !== undefined;
  }

  /**
   * Re-sends the open approval mail of the nomination's current stage with its same link
   * (functions/use-cases/resend-approval.ts); `requestKey` dedupes (the same key mails once).
   * NothingToResend and NominationNotFound pass through for the command to word; every other
   * failure becomes a CliError.
   */
  async resend(id: string, requestKey: string): Promise<ResendApprovalResult> {
    const site: CallSite =
      this.target.kind === 'local'
        ? {
            kind: 'local',
            where: [
              this.target.endpoints.dynamodb,
              this.target.endpoints.ses,
              this.target.endpoints.secretsmanager,
            ].join(', '),
          }
        : { kind: 'aws', where: 'DynamoDB, SES, Secrets Manager' };
    try {
      const resend = await this.openResender();
      return await resend({ nominationId: id, requestKey });
    } catch (error) {
      if (error instanceof NothingToResend || error instanceof NominationNotFound) throw error;
      throw toCliError(error, site);
    }
  }

  private openResender(): Promise<Resend> {
    const target = this.target;
    const mailing = target.mailing;
    if (!mailing) throw noMailing();
    if (!this.resender) {
      const common = this.clientOptions();
      const ses = this.sesClient();
      const secrets = new SecretsManagerClient({
        ...common,
        ...(target.kind === 'local' ? { endpoint: target.endpoints.secretsmanager } : {}),
      });
      const tableName = target.tableName;
      const db = this.db;
      // Imported when first needed: the functions' adapters (logger, metrics) are not for every command.
      const resend = import('../ops-resend').then(({ approvalResender }) =>
        approvalResender({
          db,
          ses,
          secrets,
          tableName,
          publicUrl: mailing.publicUrl,
          linkKeySecretId: mailing.linkKeySecretId,
          ...(mailing.configurationSet ? { configurationSet: mailing.configurationSet } : {}),
        }),
      );
      this.resender = {
        resend,
        close: () => {
          ses.destroy();
          secrets.destroy();
        },
      };
    }
    return this.resender.resend;
  }

  /** SDK client options for the mailing clients of this target. */
  private clientOptions() {
    const target = this.target;
    return {
      region: target.region,
      requestHandler: {
        connectionTimeout: target.kind === 'local' ? 2_000 : 5_000,
        requestTimeout: 30_000,
      },
      ...(target.kind === 'local' ? { credentials: target.credentials, maxAttempts: 2 } : { maxAttempts: 3 }),
    };
  }

  private sesClient(): SESv2Client {
    return new SESv2Client({
      ...this.clientOptions(),
      ...(this.target.kind === 'local' ? { endpoint: this.target.endpoints.ses } : {}),
    });
  }

  /**
   * Mails each nominating center the cycle's outcomes once every nomination has one
   * (functions/use-cases/cycle-results.ts); each center once, however often it runs.
   */
  async cycleResults(year: string): Promise<CycleResultsOutcome> {
    const mailing = this.target.mailing;
    if (!mailing) throw noMailing();
    const site: CallSite =
      this.target.kind === 'local'
        ? { kind: 'local', where: [this.target.endpoints.dynamodb, this.target.endpoints.ses].join(', ') }
        : { kind: 'aws', where: 'DynamoDB, SES' };
    const ses = this.sesClient();
    // The rows link each nomination's status page by its token, derived under the link key.
    const secrets = new SecretsManagerClient({
      ...this.clientOptions(),
      ...(this.target.kind === 'local' ? { endpoint: this.target.endpoints.secretsmanager } : {}),
    });
    try {
      const { sendCycleResultsWith } = await import('../ops-cycle-results');
      return await sendCycleResultsWith(year, {
        db: this.db,
        ses,
        secrets,
        tableName: this.target.tableName,
        publicUrl: mailing.publicUrl,
        linkKeySecretId: mailing.linkKeySecretId,
        ...(mailing.configurationSet ? { configurationSet: mailing.configurationSet } : {}),
      });
    } catch (error) {
      throw toCliError(error, site);
    } finally {
      ses.destroy();
      secrets.destroy();
    }
  }

  close(): void {
    this.db.destroy();
    this.sfn.destroy();
    this.resender?.close();
  }
}

/** The SDK clients of a target: local endpoints and dummy credentials, or the AWS default chain. */
export function openAdminData(target: Target): AdminData {
  const common = {
    region: target.region,
    requestHandler: { connectionTimeout: target.kind === 'local' ? 2_000 : 5_000, requestTimeout: 30_000 },
  };
  const local =
    target.kind === 'local' ? { credentials: target.credentials, maxAttempts: 2 } : { maxAttempts: 3 };
  const dynamodb = new DynamoDBClient({
    ...common,
    ...local,
    ...(target.kind === 'local' ? { endpoint: target.endpoints.dynamodb } : {}),
  });
  const sfn = new SFNClient({
    ...common,
    ...local,
    ...(target.kind === 'local' ? { endpoint: target.endpoints.stepfunctions } : {}),
  });
  const db = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  return new AdminData(db, sfn, target);
}
