/** Reads the aws-ses-v2-local outbox (GET /store) the way a person reads the web inbox. */
export interface StoredMail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  at: number;
}

export async function allMail(sesUrl: string): Promise<StoredMail[]> {
  const response = await fetch(`${sesUrl}/store`);
  const store = (await response.json()) as { emails: StoredMail[] };
  return store.emails;
}

export function mailTo(mails: StoredMail[], address: string): StoredMail[] {
  return mails.filter((mail) => mail.destination.to.includes(address));
}

/** Waits until `address` has received `count` mails matching `filter`; returns the newest. */
export async function waitForMail(
  sesUrl: string,
  address: string,
  filter: (mail: StoredMail) => boolean = () => true,
  count = 1,
  timeoutMs = 20_000,
): Promise<StoredMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const matching = mailTo(await allMail(sesUrl), address).filter(filter);
    const newest = matching.at(-1);
    if (matching.length >= count && newest) return newest;
    if (Date.now() > deadline) {
      throw new Error(`No mail #${count} to ${address} within ${timeoutMs} ms (have ${matching.length})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function approvalLinkIn(mail: StoredMail): string {
  const match = /https?:\/\/[^\s"'<>]+\/approvals\/[A-Za-z0-9_-]{43}/.exec(mail.body.text ?? '');
  if (!match) throw new Error(`No approval link in mail '${mail.subject}'`);
  return match[0];
}

export function mentionsNomination(nominationId: string) {
  return (mail: StoredMail) =>
    (mail.body.text ?? '').includes(nominationId) || (mail.body.html ?? '').includes(nominationId);
}
