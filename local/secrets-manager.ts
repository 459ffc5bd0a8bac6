import { randomBytes, randomInt } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';

/**
 * The local Secrets Manager API stand-in: GetSecretValue (AWS JSON 1.1) for the secrets the stack
 * creates, each generated once (letters and digits, as the CDK app's generateSecretString) and
 * kept under `directory` (mode 0600), so links derived from it survive restarts.
 */
export interface LocalSecretsManager {
  readonly endpoint: string;
  /** ARN of each secret by name. */
  arnOf(name: string): string;
  close(): Promise<void>;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function generated(length: number): string {
  return Array.from({ length }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('');
}

function fileName(name: string): string {
  return `${name.replace(/[^A-Za-z0-9_-]/g, '_')}.secret`;
}

export async function startLocalSecretsManager(options: {
  port: number;
  host: string;
  region: string;
  directory: string;
  /** Secret names and generated lengths. */
  secrets: Readonly<Record<string, number>>;
}): Promise<LocalSecretsManager> {
  mkdirSync(options.directory, { recursive: true, mode: 0o700 });
  const arnOf = (name: string) => `arn:aws:secretsmanager:${options.region}:000000000000:secret:${name}`;
  const values = new Map<string, string>();
  for (const [name, length] of Object.entries(options.secrets)) {
    const file = path.join(options.directory, fileName(name));
    if (!existsSync(file)) {
      writeFileSync(file, generated(length), { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
    }
    values.set(name, readFileSync(file, 'utf8'));
  }
  const versionId = randomBytes(16).toString('hex');

  const answer = (response: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': Buffer.byteLength(text),
    });
    response.end(text);
  };
  const handle = (request: IncomingMessage, response: ServerResponse, body: string) => {
    if (request.method !== 'POST' || request.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') {
      answer(response, 400, {
        __type: 'InvalidRequestException',
        message: 'Only GetSecretValue is served locally',
      });
      return;
    }
    let secretId: unknown;
    try {
      secretId = (JSON.parse(body) as { SecretId?: unknown }).SecretId;
    } catch {
      answer(response, 400, { __type: 'InvalidRequestException', message: 'Body is not JSON' });
      return;
    }
    const name = [...values.keys()].find(
      (candidate) => secretId === candidate || secretId === arnOf(candidate),
    );
    if (name === undefined) {
      answer(response, 400, {
        __type: 'ResourceNotFoundException',
        message: "Secrets Manager can't find the specified secret.",
      });
      return;
    }
    answer(response, 200, {
      ARN: arnOf(name),
      Name: name,
      SecretString: values.get(name),
      VersionId: versionId,
      VersionStages: ['AWSCURRENT'],
      CreatedDate: 0,
    });
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handle(request, response, Buffer.concat(chunks).toString('utf8')));
    request.on('error', () => response.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    endpoint: `http://${options.host}:${port}`,
    arnOf,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
