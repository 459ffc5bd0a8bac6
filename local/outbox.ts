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
  const store = require('aws-ses-v2-local/dist/store') as SesLocalStore;
  const { emails } = store.getStoreReadonly();
  emails.splice(0, emails.length);
  journal = JsonlJournal.open<unknown>(path.join(directory, 'outbox.jsonl'), {
    replay: (email) => emails.push(email),
  }).journal;
  if (patched) return;
  patched = true;
  const save = store.saveEmail;
  const clear = store.clearStore;
  store.saveEmail = (email) => {
    journal?.append(email);
    save(email);
  };
  store.clearStore = () => {
    journal?.clear();
    clear();
  };
}

/** Mails are no longer written anywhere (the stack that owned the journal closed). */
export function forgetOutbox(): void {
  journal?.close();
  journal = undefined;
}
