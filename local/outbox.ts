import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The parts of aws-ses-v2-local's store module the outbox journal needs. */
interface SesLocalStore {
  saveEmail: (email: unknown) => void;
  clearStore: () => void;
  getStoreReadonly: () => { emails: unknown[] };
}

/** The journal mails go to, while a stack with a data directory runs. */
let journal: string | undefined;
let patched = false;

/**
 * Keeps aws-ses-v2-local's outbox (in memory by design) across restarts: every mail it accepts is
 * appended to `<directory>/outbox.jsonl` before SendEmail answers, and read back on start. Its
 * store module is patched in place (the server calls the module's exports at call time).
 */
export function persistOutbox(directory: string): void {
  mkdirSync(directory, { recursive: true });
  journal = path.join(directory, 'outbox.jsonl');
  const store = require('aws-ses-v2-local/dist/store') as SesLocalStore;
  const { emails } = store.getStoreReadonly();
  emails.splice(0, emails.length);
  if (existsSync(journal)) {
    for (const line of readFileSync(journal, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        emails.push(JSON.parse(line));
      } catch {
        // a torn last line from a kill mid-write: that mail was never acknowledged
      }
    }
  }
  if (patched) return;
  patched = true;
  const save = store.saveEmail;
  const clear = store.clearStore;
  store.saveEmail = (email) => {
    if (journal) appendFileSync(journal, `${JSON.stringify(email)}\n`);
    save(email);
  };
  store.clearStore = () => {
    if (journal) writeFileSync(journal, '');
    clear();
  };
}

/** Mails are no longer written anywhere (the stack that owned the journal closed). */
export function forgetOutbox(): void {
  journal = undefined;
}
