import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsManagerLinkKey } from '../../functions/adapters/secrets-link-key';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/defaults';
import { startLocalSecretsManager } from '../../local/secrets-manager';

/** The local Secrets Manager stand-in, spoken to by the real SDK client (as the functions do). */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'secrets-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function start() {
  return startLocalSecretsManager({
    port: 0,
    host: '127.0.0.1',
    region: LOCAL_REGION,
    directory: dir,
    secrets: { 'award-workflow/link-key': 64 },
  });
}

it('serves a generated secret by name and ARN, the same after a restart, kept 0600', async () => {
  const first = await start();
  const client = new SecretsManagerClient({
    endpoint: first.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  try {
    const byArn = await client.send(
      new GetSecretValueCommand({ SecretId: first.arnOf('award-workflow/link-key') }),
    );
    expect(byArn.SecretString).toMatch(/^[A-Za-z0-9]{64}$/);
    const byName = await client.send(new GetSecretValueCommand({ SecretId: 'award-workflow/link-key' }));
    expect(byName.SecretString).toBe(byArn.SecretString);
    const [file] = ['award-workflow_link-key.secret'].map((name) => path.join(dir, name));
    expect(readFileSync(file ?? '', 'utf8')).toBe(byArn.SecretString);
    expect(statSync(file ?? '').mode & 0o777).toBe(0o600);

    await first.close();
    const second = await start();
    try {
      const again = new SecretsManagerLinkKey(
        new SecretsManagerClient({
          endpoint: second.endpoint,
          region: LOCAL_REGION,
          credentials: LOCAL_CREDENTIALS,
        }),
        second.arnOf('award-workflow/link-key'),
      );
      expect(Buffer.from(await again.bytes()).toString()).toBe(byArn.SecretString);
    } finally {
      await second.close();
    }
  } finally {
    client.destroy();
    await first.close().catch(() => undefined);
  }
});

it('answers an unknown secret as Secrets Manager does', async () => {
  const local = await start();
  const client = new SecretsManagerClient({
    endpoint: local.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  try {
    await expect(client.send(new GetSecretValueCommand({ SecretId: 'other' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  } finally {
    client.destroy();
    await local.close();
  }
});
