import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Draft, DraftOutcome } from '../domain/draft';
import type { DraftRepository } from '../domain/ports';
import { conditionFailedAt, rethrowTransient } from './aws-errors';
import { keys, readItem, retryingConflicts } from './dynamo-table';

/** Drafts stay a week past their expiry (a late click still says "expired"), then TTL destroys them. */
const KEEP_AFTER_EXPIRY_S = 7 * 24 * 60 * 60;

/** A condition of the transaction's item at `index` failed (retryingConflicts may have wrapped the error). */
function failedAt(error: unknown, index: number): boolean {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return conditionFailedAt(error, index) || conditionFailedAt(cause, index);
}

function purgeAt(draft: Draft): number {
  return Math.floor(Date.parse(draft.expiresAt) / 1000) + KEEP_AFTER_EXPIRY_S;
}

/**
 * Drafts follow DRAFT_TRANSITIONS (domain/draft.ts): pending -> confirmed. The guard item holds the
 * pending draft of a nominee and center until it expires or is confirmed, so a double-clicked
 * form makes one draft and one confirmation mail.
 */
export class DynamoDraftRepository implements DraftRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async save(
    draft: Draft,
    guardKey: string,
  ): Promise<{ saved: true } | { saved: false; pendingUntil: string }> {
    try {
      await retryingConflicts('Storing the draft', () =>
        this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...keys.draftGuard(guardKey),
                    idHash: draft.idHash,
                    expiresAt: draft.expiresAt,
                    purgeAt: purgeAt(draft),
                  },
                  // A guard whose draft expired no longer holds the nominee.
                  ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
                  ExpressionAttributeValues: { ':now': draft.createdAt },
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: { ...keys.draft(draft.idHash), ...draft, purgeAt: purgeAt(draft) },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        ),
      );
      return { saved: true };
    } catch (error) {
      if (!failedAt(error, 0)) rethrowTransient(error, 'Storing the draft');
      const guard = await readItem<{ expiresAt?: string }>(
        this.db,
        this.tableName,
        keys.draftGuard(guardKey),
        'the pending draft',
      );
      // Gone meanwhile (confirmed or expired): the caller may simply submit again.
      return { saved: false, pendingUntil: guard?.expiresAt ?? draft.createdAt };
    }
  }

  findByHash(idHash: string): Promise<Draft | undefined> {
    return readItem<Draft>(this.db, this.tableName, keys.draft(idHash), 'the draft');
  }

  async markConfirmed(draft: Draft, outcome: DraftOutcome, at: string, guardKey: string): Promise<void> {
    const confirm = this.confirmation(draft, outcome, at);
    // The nominee is free for the center again (e.g. to resubmit after a return).
    const releaseGuard = {
      Delete: {
        TableName: this.tableName,
        Key: keys.draftGuard(guardKey),
        ConditionExpression: 'attribute_not_exists(pk) OR idHash = :hash',
        ExpressionAttributeValues: { ':hash': draft.idHash },
      },
    };
    try {
      await this.transact('Confirming the draft', [confirm, releaseGuard]);
    } catch (error) {
      // Confirmed already (a second click): nothing to change.
      if (failedAt(error, 0)) return;
      if (!failedAt(error, 1)) throw error;
      // The guard belongs to a newer draft of the same nominee: confirm this one alone.
      try {
        await this.transact('Confirming the draft', [confirm]);
      } catch (again) {
        if (!failedAt(again, 0)) throw again;
      }
    }
  }

  /** pending -> confirmed, the one transition of DRAFT_TRANSITIONS. */
  private confirmation(draft: Draft, outcome: DraftOutcome, at: string) {
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.draft(draft.idHash),
        UpdateExpression: 'SET #status = :confirmed, confirmedAt = :at, outcome = :outcome',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':confirmed': 'confirmed',
          ':pending': 'pending',
          ':at': at,
          ':outcome': outcome,
        },
      },
    };
  }

  private async transact(what: string, items: NonNullable<TransactWriteCommandInput['TransactItems']>) {
    try {
      await retryingConflicts(what, () => this.db.send(new TransactWriteCommand({ TransactItems: items })));
    } catch (error) {
      if (failedAt(error, 0) || failedAt(error, 1)) throw error;
      rethrowTransient(error, what);
    }
  }

  async discard(draft: Draft, guardKey: string): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: this.tableName,
                Key: keys.draftGuard(guardKey),
                ConditionExpression: 'attribute_not_exists(pk) OR idHash = :hash',
                ExpressionAttributeValues: { ':hash': draft.idHash },
              },
            },
            { Delete: { TableName: this.tableName, Key: keys.draft(draft.idHash) } },
          ],
        }),
      );
    } catch (error) {
      rethrowTransient(error, 'Discarding the draft');
    }
  }
}
