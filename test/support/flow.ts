import { postForm, postJson } from './http';
import { type StoredMail, waitForMail } from './outbox';

/** The confirmation link of a draft in the mail to the center's registered address. */
export function draftLinkIn(mail: StoredMail): string {
  const match = /https?:\/\/[^\s"'<>]+\/drafts\/[A-Za-z0-9_-]{43}/.exec(mail.body.text ?? '');
  if (!match) throw new Error(`No draft link in mail '${mail.subject}'`);
  return match[0];
}

/** A link from a mail, pointed at the stack's own address (mails carry PUBLIC_URL's host). */
export function local(link: string, webUrl: string): string {
  return link.replace(/^https?:\/\/[^/]+/, webUrl);
}

/** Waits for the draft confirmation mail of `nomineeName` at the center's registered address. */
export async function draftMail(
  sesUrl: string,
  nomineeName: string,
  address = 'award.seoul@example.test',
): Promise<StoredMail> {
  return waitForMail(sesUrl, address, (mail) => mail.subject.includes(`추천서 확정 요청: ${nomineeName}`));
}

/**
 * Submits a nomination as JSON (202: a draft), then confirms it from the center's registered
 * mailbox, as a center does: returns the confirm answer (201 with the nomination id).
 */
export async function submitAndConfirm(
  urls: { web: string; ses: string },
  body: Record<string, unknown>,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const draft = await postJson(`${urls.web}/nominations`, body);
  if (draft.status !== 202) throw new Error(`Draft answered ${draft.status}: ${JSON.stringify(draft.json)}`);
  const nominee = (body.nominee as { name: string }).name;
  const address = body.centerId === 'busan' ? 'award.busan@example.test' : 'award.seoul@example.test';
  const mail = await draftMail(urls.ses, nominee, address);
  const response = await fetch(local(draftLinkIn(mail), urls.web), {
    method: 'POST',
    headers: { accept: 'application/json' },
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/**
 * Decides as an approver does in a browser: opens the link, then posts the page's form with its
 * hidden fields (the anti-forgery token) and the chosen decision.
 */
export async function decideOnPage(
  url: string,
  decision: string,
  comment = '',
): Promise<{ status: number; text: string }> {
  const page = await (await fetch(url)).text();
  const hidden = Object.fromEntries(
    [...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]),
  );
  return postForm(url, { ...hidden, decision, comment });
}
