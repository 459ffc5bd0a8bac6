import path from 'node:path';
import { JsonlJournal } from './jsonl-journal';

/** The parts of aws-ses-v2-local's store module the outbox journal needs. */
interface SesLocalStore {
  saveEmail: (email: unknown) => void;
  clearStore: () => void;
  getStoreReadonly: () => { emails: unknown[] };
}

/** The journal mails go to, while a stack with a data directory runs. */
let journal: JsonlJournal<unknown> | undefined;
let patched = false;

/**
 * Keeps aws-ses-v2-local's outbox (in memory by design) across restarts: every mail it accepts is
 * appended to `<directory>/outbox.jsonl` (local/jsonl-journal.ts) before SendEmail answers, and read
 * back on start. Its store module is patched in place (the server calls the module's exports at
 * call time).
 */
export function persistOutbox(directory: string): void {
  journal?.close();
  const store = patchStore();
  const { emails } = store.getStoreReadonly();
  emails.splice(0, emails.length);
  journal = JsonlJournal.open<unknown>(path.join(directory, 'outbox.jsonl'), {
    replay: (email) => emails.push(email),
  }).journal;
}

/**
 * Raw MIME mails (functions/adapters/mime.ts) reach the store parsed by mailparser, which gives a
 * header's addresses as one text ("a@x, b@y"); the outbox lists them one by one, as for SES's
 * Destination, so a mail can be found by any of its recipients.
 */
function splitAddresses(email: unknown): unknown {
  if (typeof email !== 'object' || email === null) return email;
  const mail = email as { destination?: Record<string, unknown> };
  if (!mail.destination) return email;
  const destination = Object.fromEntries(
    Object.entries(mail.destination).map(([field, list]) => [
      field,
      Array.isArray(list)
        ? list.flatMap((entry) =>
            typeof entry === 'string'
              ? entry
                  .split(',')
                  .map((part) => /<([^<>]+)>/.exec(part)?.[1] ?? part.trim())
                  .filter((part) => part !== '')
              : [entry],
          )
        : list,
    ]),
  );
  return { ...mail, destination };
}

/** Patches aws-ses-v2-local's store once: addresses listed one by one, every mail journaled while a journal is open. */
export function patchStore(): SesLocalStore {
  const store = require('aws-ses-v2-local/dist/store') as SesLocalStore;
  if (patched) return store;
  patched = true;
  const save = store.saveEmail;
  const clear = store.clearStore;
  store.saveEmail = (email) => {
    const listed = splitAddresses(email);
    journal?.append(listed);
    save(listed);
  };
  store.clearStore = () => {
    journal?.clear();
    clear();
  };
  return store;
}

/** Mails are no longer written anywhere (the stack that owned the journal closed). */
export function forgetOutbox(): void {
  journal?.close();
  journal = undefined;
}
