import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE_SCHEMA } from '../contracts/table-schema';
import {
  type AuditRecord,
  type CycleExportReader,
  EXPORT_NOMINATION_FIELDS,
  type ExportDetails,
  type ExportNomination,
  type ExportPageKey,
} from '../use-cases/export-cycle';
import { rethrowTransient } from './aws-errors';
import { keys, parseStageIndexKey } from './dynamo-table';

const INDEX_ATTRIBUTES = [...EXPORT_NOMINATION_FIELDS, TABLE_SCHEMA.index.sortKey] as const;

/** What a trail read keeps of each item: the audit fields and the nominee's name, affiliation, position. */
const TRAIL_PROJECTION = {
  ProjectionExpression:
    '#sk, #type, #at, #stage, #decision, #comment, #nominee.#name, #nominee.#affiliation, #nominee.#position, #round',
  ExpressionAttributeNames: {
    '#sk': TABLE_SCHEMA.sortKey,
    '#type': 'type',
    '#at': 'at',
    '#stage': 'stage',
    '#decision': 'decision',
    '#comment': 'comment',
    '#nominee': 'nominee',
    '#name': 'name',
    '#affiliation': 'affiliation',
    '#position': 'position',
    '#round': 'correctionRound',
  },
} as const;

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

function nominationOf(item: Record<string, unknown>): ExportNomination {
  const indexed = parseStageIndexKey(String(item[TABLE_SCHEMA.index.sortKey] ?? ''));
  const result: Record<string, string> = {};
  for (const name of INDEX_ATTRIBUTES) {
    const value = text(item[name]);
    if (value !== undefined && name !== TABLE_SCHEMA.index.sortKey) result[name] = value;
  }
  const createdAt = result.createdAt ?? indexed?.createdAt;
  return {
    ...result,
    id: result.id ?? indexed?.id ?? '',
    stage: result.stage ?? indexed?.stage ?? 'unknown',
    ...(createdAt ? { createdAt } : {}),
  };
}

function detailsOf(item: Record<string, unknown>): ExportDetails {
  const nominee = (typeof item.nominee === 'object' && item.nominee ? item.nominee : {}) as Record<
    string,
    unknown
  >;
  const name = text(nominee.name);
  const affiliation = text(nominee.affiliation);
  const position = text(nominee.position);
  return {
    ...(name !== undefined ? { name } : {}),
    ...(affiliation !== undefined ? { affiliation } : {}),
    ...(position !== undefined ? { position } : {}),
    ...(typeof item.correctionRound === 'number' ? { correctionRound: item.correctionRound } : {}),
  };
}

/**
 * The export's reads: the cycle's nominations from gsi1 (page by page), then per nomination one
 * Query of its own partition from `EVENT#` to `NOMINATION` (the audit trail and the record itself, in
 * one request; the `MAIL#` items between are skipped), projected to what the export shows. Query only:
 * never a Scan.
 */
export class DynamoCycleExportReader implements CycleExportReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listPage(cycle: string, startKey?: ExportPageKey) {
    try {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: TABLE_SCHEMA.index.name,
          KeyConditionExpression: '#gpk = :gpk',
          ProjectionExpression: INDEX_ATTRIBUTES.map((_, index) => `#p${index}`).join(', '),
          ExpressionAttributeNames: {
            '#gpk': TABLE_SCHEMA.index.partitionKey,
            ...Object.fromEntries(INDEX_ATTRIBUTES.map((name, index) => [`#p${index}`, name])),
          },
          ExpressionAttributeValues: { ':gpk': keys.cycleIndex(cycle) },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      return {
        items: (page.Items ?? []).map(nominationOf),
        ...(page.LastEvaluatedKey ? { nextKey: page.LastEvaluatedKey } : {}),
      };
    } catch (error) {
      rethrowTransient(error, `Listing the nominations of ${cycle}`);
    }
  }

  async trail(id: string): Promise<{ details?: ExportDetails; events: AuditRecord[] }> {
    const record = keys.nomination(id);
    const events: AuditRecord[] = [];
    let details: ExportDetails | undefined;
    let startKey: ExportPageKey | undefined;
    try {
      do {
        const page = await this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
            ProjectionExpression: TRAIL_PROJECTION.ProjectionExpression,
            ExpressionAttributeNames: {
              ...TRAIL_PROJECTION.ExpressionAttributeNames,
              '#pk': TABLE_SCHEMA.partitionKey,
            },
            ExpressionAttributeValues: { ':pk': record.pk, ':from': keys.eventPrefix, ':to': record.sk },
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
        for (const item of page.Items ?? []) {
          const sk = String(item[TABLE_SCHEMA.sortKey] ?? '');
          if (sk === record.sk) details = detailsOf(item);
          else if (sk.startsWith(keys.eventPrefix)) {
            const { [TABLE_SCHEMA.sortKey]: _sk, ...event } = item;
            events.push(event);
          }
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    } catch (error) {
      rethrowTransient(error, `Reading the trail of ${id}`);
    }
    return { ...(details ? { details } : {}), events };
  }
}
