/**
 * The local stack's fixed facts, for `npm start`, the stack itself and the admin CLI that talks to it:
 * one home, so a port or a name changed here changes everywhere.
 */
export const LOCAL_REGION = 'ap-northeast-2';
export const LOCAL_ACCOUNT = '000000000000';

/** Documented ports of `npm start`, each overridable by its variable. */
export const DEFAULT_PORTS = {
  WEB_PORT: 3000,
  DYNAMODB_PORT: 8000,
  SES_PORT: 8005,
  SFN_PORT: 8083,
  S3_PORT: 4569,
  SMTP_PORT: 2525,
  OPS_PORT: 8084,
  SECRETS_PORT: 8086,
} as const;

export type PortVariable = keyof typeof DEFAULT_PORTS;

/** The SES configuration set named in local sends (aws-ses-v2-local ignores it). */
export const LOCAL_CONFIGURATION_SET = 'award-workflow-local';

/** The link key's secret in the local Secrets Manager stand-in (the CDK app generates its own). */
export const LINK_KEY_SECRET_NAME = 'award-workflow/link-key';

/** Dummy credentials every local client signs with. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
