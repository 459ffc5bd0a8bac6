import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { CertificateStore } from '../domain/ports';
import { rethrowTransient } from './aws-errors';

/** Issued certificates (표창장 PDFs) in the certificates bucket, under `certificates/` (functions/domain/certificate.ts). */
export class S3CertificateStore implements CertificateStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return object.Body ? await object.Body.transformToByteArray() : undefined;
    } catch (error) {
      if ((error as Error).name === 'NoSuchKey') return undefined;
      rethrowTransient(error, 'Reading a certificate');
    }
  }

  async put(key: string, content: Uint8Array): Promise<void> {
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: content,
          ContentType: 'application/pdf',
        }),
      );
    } catch (error) {
      rethrowTransient(error, 'Storing a certificate');
    }
  }
}
