import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { forgetOutbox, persistOutbox } from '../../local/outbox';

/** aws-ses-v2-local's store module, as local/outbox.ts patches it. */
const store = require('aws-ses-v2-local/dist/store') as {
  saveEmail: (email: unknown) => void;
  clearStore: () => void;
  getStoreReadonly: () => { emails: { messageId: string }[] };
};

const mail = (messageId: string) => ({ messageId, subject: `제목 ${messageId}`, at: 1 });
const ids = () => store.getStoreReadonly().emails.map((email) => email.messageId);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'outbox-'));
});
afterEach(() => {
  forgetOutbox();
  rmSync(dir, { recursive: true, force: true });
});

describe('the outbox journal (aws-ses-v2-local kept across restarts)', () => {
  it('keeps the mail sent after a kill -9 tore the last line, across the next restart', async () => {
    // A kill mid-append left half a line (no newline) after the first mail.
    const journal = path.join(dir, 'outbox.jsonl');
    writeFileSync(journal, `${JSON.stringify(mail('m1'))}\n{"messageId":"m-torn","subj`);

    persistOutbox(dir);
    expect(ids()).toEqual(['m1']);
    expect(readFileSync(journal, 'utf8').endsWith('\n')).toBe(true);
    store.saveEmail(mail('m2'));
    forgetOutbox();

    // The next restart reads both: m2 did not land on the end of the torn line.
    persistOutbox(dir);
    expect(ids()).toEqual(['m1', 'm2']);
    store.saveEmail(mail('m3'));
    forgetOutbox();
    persistOutbox(dir);
    expect(ids()).toEqual(['m1', 'm2', 'm3']);
    expect(
      readFileSync(journal, 'utf8')
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).messageId),
    ).toEqual(['m1', 'm2', 'm3']);
  });

  it('empties the journal when the outbox is cleared, and writes nothing once forgotten', () => {
    persistOutbox(dir);
    store.saveEmail(mail('a'));
    store.clearStore();
    store.saveEmail(mail('b'));
    forgetOutbox();
    store.saveEmail(mail('not kept'));
    persistOutbox(dir);
    expect(ids()).toEqual(['b']);
  });
});
