import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ReviewLinkRepository } from '../domain/ports';
import type { BatchStage, ReviewLink } from '../domain/review-link';
import { isConditionFailed, rethrowTransient } from './aws-errors';
import { keys, readItem } from './dynamo-table';

/** The reviewer part of the pointer's key: the address as a SHA-256 (case-insensitive), not in clear. */
function addressHash(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase(), 'utf8').digest('hex');
}

/**
 * Batch review links: the link record (`REVIEW#<hash of the id>`, what the review function finds by
 * the id it is given) and the reviewer's pointer (`REVIEWER#<cycle>#<stage>#<address hash>`, what
 * the mailers find it by), written together once. The pointer holds only what the id is derived
 * from (the nonce) and the record's hash; the record holds the binding and the rolling expiry.
 */
export class DynamoReviewLinkRepository implements ReviewLinkRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  findByHash(idHash: string): Promise<ReviewLink | undefined> {
    return readItem<ReviewLink>(this.db, this.tableName, keys.reviewLink(idHash), 'the review link');
  }

  async findForReviewer(
    cycle: string,
    stage: BatchStage,
    reviewerEmail: string,
  ): Promise<Pick<ReviewLink, 'idHash' | 'linkNonce'> | undefined> {
    const pointer = await readItem<{ idHash?: unknown; linkNonce?: unknown }>(
      this.db,
      this.tableName,
      keys.reviewerLink(cycle, stage, addressHash(reviewerEmail)),
      "the reviewer's review link",
    );
    if (typeof pointer?.idHash !== 'string' || typeof pointer.linkNonce !== 'string') return undefined;
    return { idHash: pointer.idHash, linkNonce: pointer.linkNonce };
  }

  async create(link: ReviewLink): Promise<'created' | 'exists'> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.reviewerLink(link.cycle, link.stage, addressHash(link.reviewer.email)),
                  idHash: link.idHash,
                  linkNonce: link.linkNonce,
                  createdAt: link.createdAt,
                },
                // One link per reviewer, stage and cycle: a second mailer uses the first one's.
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.reviewLink(link.idHash), ...link },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return 'created';
    } catch (error) {
      // Made first by another mailer (a failed condition), or being made right now (a conflict):
      // the caller reads the pointer again.
      if (error instanceof Error && error.name === 'TransactionCanceledException') return 'exists';
      rethrowTransient(error, 'Storing the review link');
    }
  }

  async extend(idHash: string, expiresAt: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.reviewLink(idHash),
          UpdateExpression: 'SET expiresAt = :expiresAt',
          // Never earlier; and never a record made up from nothing.
          ConditionExpression: 'attribute_exists(pk) AND expiresAt < :expiresAt',
          ExpressionAttributeValues: { ':expiresAt': expiresAt },
        }),
      );
    } catch (error) {
      if (isConditionFailed(error)) return;
      rethrowTransient(error, 'Renewing the review link');
    }
  }
}
