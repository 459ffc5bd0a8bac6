import S3rver from 's3rver';

/** The local S3 API stand-in (s3rver): objects persist under `directory`. */
export interface LocalS3 {
  readonly endpoint: string;
  close(): Promise<void>;
}

/**
 * s3rver checks signatures against its own key pair (S3RVER/S3RVER); the local runtime gives every
 * SDK client one set of dummy credentials, so that pair is registered too.
 */
function acceptCredentials(credentials: { accessKeyId: string; secretAccessKey: string }): void {
  const account = require('s3rver/lib/models/account') as {
    DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void };
  };
  account.DUMMY_ACCOUNT.createKeyPair(credentials.accessKeyId, credentials.secretAccessKey);
}

export async function startLocalS3(options: {
  credentials: { accessKeyId: string; secretAccessKey: string };
  port: number;
  host: string;
  directory: string;
  buckets: readonly string[];
}): Promise<LocalS3> {
  acceptCredentials(options.credentials);
  const server = new S3rver({
    port: options.port,
    address: options.host,
    silent: true,
    directory: options.directory,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
  });
  const { port } = await server.run();
  return {
    endpoint: `http://${options.host}:${port}`,
    close: () => server.close(),
  };
}
