import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { MailStore } from '../domain/ports';
import { rethrowTransient } from './aws-errors';

/** The intake bucket; the endpoint comes from AWS_ENDPOINT_URL_S3 where set (local runtime). */
export class S3MailStore implements MailStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async readRawMail(key: string): Promise<Uint8Array | undefined> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return object.Body ? await object.Body.transformToByteArray() : undefined;
    } catch (error) {
      if ((error as Error).name === 'NoSuchKey') return undefined;
      rethrowTransient(error, 'Reading the received mail');
    }
  }

  async putAttachment(key: string, content: Uint8Array, contentType: string): Promise<void> {
    try {
      await this.s3.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: content, ContentType: contentType }),
      );
    } catch (error) {
      rethrowTransient(error, 'Storing an attachment');
    }
  }

  async deleteAttachment(key: string): Promise<void> {
    try {
      await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      rethrowTransient(error, 'Removing an attachment');
    }
  }
}

/**
 * Path-style addressing works on AWS and on the local stand-in alike (s3rver knows no
 * virtual-hosted buckets), so the same client serves both.
 */
export function createS3Client(): S3Client {
  return new S3Client({ forcePathStyle: true });
}
