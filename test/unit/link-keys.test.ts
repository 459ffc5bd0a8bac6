import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { randomIds } from '../../functions/adapters/random-ids';
import { SecretsManagerLinkKey } from '../../functions/adapters/secrets-link-key';
import { approvalLinkId } from '../../functions/domain/approval';
import { deriveLinkId, isWellFormedLinkId, isWellFormedLinkNonce } from '../../functions/domain/secret-links';

const key = Buffer.from('k'.repeat(64));

describe('derived link ids', () => {
  it('are the same for the same key and nonce, and pass the link-id check', () => {
    const nonce = randomIds.linkNonce();
    expect(isWellFormedLinkNonce(nonce)).toBe(true);
    const id = approvalLinkId(key, nonce);
    expect(approvalLinkId(Buffer.from(key), nonce)).toBe(id);
    expect(isWellFormedLinkId(id)).toBe(true);
  });

  it('differ by nonce, by key and by purpose', () => {
    const nonce = randomIds.linkNonce();
    const ids = new Set([
      approvalLinkId(key, nonce),
      approvalLinkId(key, randomIds.linkNonce()),
      approvalLinkId(Buffer.from('j'.repeat(64)), nonce),
      deriveLinkId(key, 'batch', nonce),
    ]);
    expect(ids.size).toBe(4);
  });

  it('nonces are 128 random bits', () => {
    const nonces = new Set(Array.from({ length: 200 }, () => randomIds.linkNonce()));
    expect(nonces.size).toBe(200);
    expect(Buffer.from([...nonces][0] ?? '', 'base64url')).toHaveLength(16);
    expect(isWellFormedLinkNonce('short')).toBe(false);
  });
});

describe('SecretsManagerLinkKey', () => {
  const secrets = mockClient(SecretsManagerClient);
  afterEach(() => secrets.reset());

  it('reads the secret once and keeps it', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'a'.repeat(64) });
    const linkKey = new SecretsManagerLinkKey(new SecretsManagerClient({}), 'arn:secret');
    const [first, second] = await Promise.all([linkKey.bytes(), linkKey.bytes()]);
    expect(Buffer.from(first).toString()).toBe('a'.repeat(64));
    expect(second).toBe(first);
    await linkKey.bytes();
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(secrets.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({ SecretId: 'arn:secret' });
  });

  it('refuses a key that is too short, and tries again after a failed read', async () => {
    secrets
      .on(GetSecretValueCommand)
      .rejectsOnce(new ResourceNotFoundException({ message: 'no such secret', $metadata: {} }))
      .resolvesOnce({ SecretString: 'short' })
      .resolves({ SecretString: 'b'.repeat(32) });
    const linkKey = new SecretsManagerLinkKey(new SecretsManagerClient({}), 'arn:secret');
    await expect(linkKey.bytes()).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(linkKey.bytes()).rejects.toMatchObject({ name: 'ConfigurationError' });
    await expect(linkKey.bytes()).resolves.toHaveLength(32);
  });
});
