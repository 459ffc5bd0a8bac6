import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigurationError } from '../domain/errors';
import type { LinkKey } from '../domain/ports';
import { rethrowTransient } from './aws-errors';

/** Fewest bytes a link key may have: HMAC-SHA256 gains nothing beyond 32, and is weak below. */
export const MIN_LINK_KEY_BYTES = 32;

/**
 * The link key from Secrets Manager (AWS_ENDPOINT_URL_SECRETS_MANAGER locally), read once per
 * container and kept: links minted with it are derived again for reminders, so it never rotates
 * silently (a rotated key still decides old links, which are looked up by hash, but cannot re-send them).
 */
export class SecretsManagerLinkKey implements LinkKey {
  private cached: Promise<Uint8Array> | undefined;

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
  ) {}

  bytes(): Promise<Uint8Array> {
    this.cached ??= this.read().catch((error: unknown) => {
      this.cached = undefined; // a failed read is tried again by the next call
      throw error;
    });
    return this.cached;
  }

  private async read(): Promise<Uint8Array> {
    let secret: string | undefined;
    try {
      ({ SecretString: secret } = await this.client.send(
        new GetSecretValueCommand({ SecretId: this.secretId }),
      ));
    } catch (error) {
      rethrowTransient(error, 'Reading the link key');
    }
    const key = Buffer.from(secret ?? '', 'utf8');
    if (key.length < MIN_LINK_KEY_BYTES) {
      throw new ConfigurationError(
        `The link key ${this.secretId} has fewer than ${MIN_LINK_KEY_BYTES} bytes`,
      );
    }
    return key;
  }
}

export function createLinkKey(env: { LINK_KEY_SECRET_ID: string }, region?: string): SecretsManagerLinkKey {
  return new SecretsManagerLinkKey(
    new SecretsManagerClient(region ? { region } : {}),
    env.LINK_KEY_SECRET_ID,
  );
}
