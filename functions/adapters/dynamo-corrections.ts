import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { CorrectionClosed, type CorrectionRequest } from '../domain/correction';
import { StageConflict, TransientError, ValidationError } from '../domain/errors';
import type { AuditEvent, Nomination, NominationInput, Revision } from '../domain/nomination';
import type { CorrectionEdits, CorrectionRepository } from '../domain/ports';
import { CORRECTION_STAGE } from '../domain/stages';
import { conditionFailedAt, rethrowTransient } from './aws-errors';
import { eventItem } from './dynamo-nominations';
import { keys, readItem, retryingConflicts } from './dynamo-table';

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/** A condition of the transaction's item at `index` failed (retryingConflicts may have wrapped the error). */
function failedAt(error: unknown, index: number): boolean {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return conditionFailedAt(error, index) || conditionFailedAt(cause, index);
}

/** The nominee is already nominated by another nomination this cycle (the new nominee key is taken). */
const NOMINEE_TAKEN =
  '바꾼 후보자는 이번 회차에 이미 다른 추천서로 추천되어 있습니다. 한 후보자는 한 회차에 한 번만 추천할 수 있습니다.';

/**
 * Edit links (CORRECTION#<hash>) follow open -> used | superseded | void. A correction is one
 * transaction: the link's claim, the nomination's new version with the values it replaced, the
 * audit event, and (when the nominee's identity changed) the move of its dedupe key. This class
 * reads links and records corrections (the `web` function); opening links is the full repository's.
 */
export class DynamoCorrectionEdits implements CorrectionEdits {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  findByHash(idHash: string): Promise<CorrectionRequest | undefined> {
    return readItem<CorrectionRequest>(this.db, this.tableName, keys.correction(idHash), 'the edit link');
  }

  async apply(
    request: CorrectionRequest,
    nomination: Nomination,
    corrected: NominationInput,
    revision: Revision,
    event: AuditEvent,
    dedupe?: { readonly from: string; readonly to: string },
  ): Promise<void> {
    const names: Record<string, string> = { '#stage': 'stage', '#version': 'version' };
    const values: Record<string, unknown> = {
      ':stage': CORRECTION_STAGE,
      ':version': nomination.version,
      ':next': nomination.version + 1,
      ':at': event.at,
      ':revision': [revision],
      ':none': [],
    };
    const sets = [
      '#version = :next',
      'updatedAt = :at',
      'revisions = list_append(if_not_exists(revisions, :none), :revision)',
    ];
    const removes: string[] = [];
    const fields: Record<string, unknown> = {
      category: corrected.category,
      nomineeType: corrected.nomineeType,
      nominee: corrected.nominee,
      meritPeriod: corrected.meritPeriod,
      meritSummary: corrected.meritSummary,
      meritDetails: corrected.meritDetails,
      priorAwards: corrected.priorAwards,
      disciplinaryHistory: corrected.disciplinaryHistory,
      consent: corrected.consent,
      submitter: corrected.submitter,
      ...(dedupe ? { dedupeKey: dedupe.to } : {}),
    };
    Object.entries(fields).forEach(([name, value], index) => {
      names[`#f${index}`] = name;
      if (value === undefined) removes.push(`#f${index}`);
      else {
        sets.push(`#f${index} = :f${index}`);
        values[`:f${index}`] = value;
      }
    });
    const items: TransactItems = [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.correction(request.idHash),
          UpdateExpression: 'SET #status = :used, usedAt = :at',
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':used': 'used', ':open': 'open', ':at': event.at },
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: keys.nomination(nomination.id),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: '#stage = :stage AND #version = :version',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
      { Put: { TableName: this.tableName, Item: eventItem(nomination.id, event, nomination.purgeAt) } },
      ...(dedupe
        ? [
            {
              Delete: {
                TableName: this.tableName,
                Key: keys.dedupe(dedupe.from),
                ConditionExpression: 'attribute_not_exists(pk) OR nominationId = :id',
                ExpressionAttributeValues: { ':id': nomination.id },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.dedupe(dedupe.to),
                  nominationId: nomination.id,
                  centerId: nomination.centerId,
                  createdAt: nomination.createdAt,
                  ...(nomination.purgeAt ? { purgeAt: nomination.purgeAt } : {}),
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ]
        : []),
    ];
    try {
      await retryingConflicts('Storing the correction', () =>
        this.db.send(new TransactWriteCommand({ TransactItems: items })),
      );
    } catch (error) {
      if (failedAt(error, 0)) throw new CorrectionClosed('used');
      if (failedAt(error, 1)) {
        throw new StageConflict(`Nomination ${nomination.id} changed meanwhile (expected a correction)`);
      }
      if (failedAt(error, 4)) {
        const field = corrected.nomineeType === 'individual' ? 'nominee.email' : 'nominee.name';
        throw new ValidationError({ [field]: NOMINEE_TAKEN });
      }
      if (failedAt(error, 3)) throw new TransientError('The dedupe record changed meanwhile');
      rethrowTransient(error, 'Storing the correction');
    }
  }

  async markHandedOver(request: CorrectionRequest): Promise<void> {
    await this.update(
      request,
      'SET handedOver = :yes',
      { ':yes': true },
      'Marking the correction handed over',
    );
  }

  async markVoid(request: CorrectionRequest): Promise<void> {
    await this.update(request, 'SET #status = :void', { ':void': 'void' }, 'Closing the edit link', {
      '#status': 'status',
    });
  }

  private async update(
    request: CorrectionRequest,
    expression: string,
    values: Record<string, unknown>,
    what: string,
    names?: Record<string, string>,
  ): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.correction(request.idHash),
          UpdateExpression: expression,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: values,
          ...(names ? { ExpressionAttributeNames: names } : {}),
        }),
      );
    } catch (error) {
      rethrowTransient(error, what);
    }
  }
}

/** All of it, with opening edit links (the RequestCorrection step). */
export class DynamoCorrectionRepository extends DynamoCorrectionEdits implements CorrectionRepository {
  async open(nomination: Nomination, request: CorrectionRequest, event: AuditEvent): Promise<Nomination> {
    const pointerKey = keys.openCorrection(nomination.id);
    const moving = nomination.stage !== CORRECTION_STAGE;
    try {
      const { Item: pointer } = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: pointerKey, ConsistentRead: true }),
      );
      const previousHash = pointer?.idHash as string | undefined;
      const previous = previousHash ? await this.findByHash(previousHash) : undefined;
      const items: TransactItems = [
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.correction(request.idHash), ...request },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: { ...pointerKey, idHash: request.idHash, updatedAt: request.createdAt },
            ConditionExpression: previousHash ? 'idHash = :previous' : 'attribute_not_exists(pk)',
            ...(previousHash ? { ExpressionAttributeValues: { ':previous': previousHash } } : {}),
          },
        },
        moving
          ? {
              Update: {
                TableName: this.tableName,
                Key: keys.nomination(nomination.id),
                UpdateExpression:
                  'SET #stage = :to, #version = :next, updatedAt = :at, gsi1sk = :gsi1sk, correctionRound = :round',
                ConditionExpression: '#stage = :from AND #version = :version',
                ExpressionAttributeNames: { '#stage': 'stage', '#version': 'version' },
                ExpressionAttributeValues: {
                  ':to': CORRECTION_STAGE,
                  ':from': nomination.stage,
                  ':version': nomination.version,
                  ':next': nomination.version + 1,
                  ':at': request.createdAt,
                  ':round': request.round,
                  ':gsi1sk': keys.byCycleAndStage(
                    nomination.cycle,
                    CORRECTION_STAGE,
                    nomination.createdAt,
                    nomination.id,
                  ).gsi1sk,
                },
              },
            }
          : {
              // A retried step: the nomination waits for this very round still.
              ConditionCheck: {
                TableName: this.tableName,
                Key: keys.nomination(nomination.id),
                ConditionExpression: '#stage = :stage AND correctionRound = :round',
                ExpressionAttributeNames: { '#stage': 'stage' },
                ExpressionAttributeValues: { ':stage': CORRECTION_STAGE, ':round': request.round },
              },
            },
        ...(moving
          ? [
              {
                Put: { TableName: this.tableName, Item: eventItem(nomination.id, event, nomination.purgeAt) },
              },
            ]
          : []),
        // A still-open earlier link (a retried step) stops working; a used one keeps its record.
        ...(previous?.status === 'open'
          ? [
              {
                Update: {
                  TableName: this.tableName,
                  Key: keys.correction(previous.idHash),
                  UpdateExpression: 'SET #status = :superseded',
                  ConditionExpression: '#status = :open',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':superseded': 'superseded', ':open': 'open' },
                },
              },
            ]
          : []),
      ];
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (failedAt(error, 2)) {
        throw new StageConflict(
          `Nomination ${nomination.id} changed meanwhile (expected ${nomination.stage}, round ${request.round})`,
        );
      }
      // The pointer or the earlier link changed between our read and this write: the workflow
      // retries the step, which reads again.
      if (error instanceof Error && error.name === 'TransactionCanceledException') {
        throw new TransientError(`Opening the edit link raced another writer: ${error.message}`);
      }
      rethrowTransient(error, 'Opening the edit link');
    }
    return moving
      ? {
          ...nomination,
          stage: CORRECTION_STAGE,
          version: nomination.version + 1,
          updatedAt: request.createdAt,
          correctionRound: request.round,
        }
      : nomination;
  }
}
