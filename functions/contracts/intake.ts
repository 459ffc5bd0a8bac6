/**
 * Where intake mail lives in the intake bucket: shared by the receipt rule and bucket lifecycle
 * (infra), the inbound-email function and the local SES receiving stand-in. Imports nothing.
 */
export const INTAKE_KEYS = {
  /** SES's S3 action stores the raw mail at `<inbound><SES messageId>`. */
  inboundPrefix: 'inbound/',
  /** Attachments kept with a nomination, at `<attachments><message key>/<n>-<name>` (one folder per mail). */
  attachmentsPrefix: 'attachments/',
} as const;

export function rawMailKey(sesMessageId: string): string {
  return `${INTAKE_KEYS.inboundPrefix}${sesMessageId}`;
}

export function attachmentKey(messageKey: string, position: number, storageName: string): string {
  return `${INTAKE_KEYS.attachmentsPrefix}${messageKey}/${position}-${storageName}`;
}
