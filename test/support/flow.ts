import { postForm, postJson } from './http';
import { allMail, mentionsNomination, type StoredMail, waitForMail } from './outbox';

/** The confirmation link of a draft in the mail to the center's registered address. */
export function draftLinkIn(mail: StoredMail): string {
  const match = /https?:\/\/[^\s"'<>]+\/drafts\/[A-Za-z0-9_-]{43}/.exec(mail.body.text ?? '');
  if (!match) throw new Error(`No draft link in mail '${mail.subject}'`);
  return match[0];
}

/** The status link (`/nominations/{token}`) in a mail: the receipt, a rejection or return, the cycle results. */
export function statusLinkIn(mail: StoredMail): string {
  const match = /https?:\/\/[^\s"'<>]+\/nominations\/[A-Za-z0-9_-]{43}/.exec(mail.body.text ?? '');
  if (!match) throw new Error(`No status link in mail '${mail.subject}'`);
  return match[0];
}

/**
 * The status page of a nomination as its center reaches it: the link in its receipt mail (the id
 * opens nothing), pointed at the stack's own address. Waits for the receipt (the workflow's first step).
 */
export async function statusUrlOf(
  urls: { web: string; ses: string },
  nominationId: string,
  timeoutMs = 30_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const receipt = (await allMail(urls.ses)).find(
      (mail) => mail.subject.includes('추천서 접수 확인') && mentionsNomination(nominationId)(mail),
    );
    if (receipt) return local(statusLinkIn(receipt), urls.web);
    if (Date.now() > deadline) throw new Error(`No receipt mail of ${nominationId} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
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
  return postForm(url, { ...(await hiddenFields(url, new URL(url).pathname)), decision, comment });
}

/** The hidden fields (the anti-forgery token) of the page's form that posts to `action`. */
export async function hiddenFields(pageUrl: string, action: string): Promise<Record<string, string>> {
  const page = await (await fetch(pageUrl)).text();
  const form = [...page.matchAll(/<form method="post" action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)].find(
    (match) => match[1] === action,
  );
  if (!form) throw new Error(`No form posting to ${action} on ${pageUrl}`);
  return Object.fromEntries(
    [...(form[2] ?? '').matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
      m[1] ?? '',
      m[2] ?? '',
    ]),
  );
}

/** Hands an approval to a colleague as an approver does: the page's delegation form. */
export async function delegateOnPage(
  url: string,
  delegate: string,
): Promise<{ status: number; text: string }> {
  const action = `${new URL(url).pathname}/delegate`;
  return postForm(new URL(action, url).toString(), { ...(await hiddenFields(url, action)), delegate });
}
