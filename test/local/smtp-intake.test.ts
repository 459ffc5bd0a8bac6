import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SESEvent } from 'aws-lambda';
import nodemailer from 'nodemailer';
import { rawMailKey } from '../../functions/contracts/intake';
import { startSmtpIntake } from '../../local/smtp-intake';

const ROOT = path.resolve(__dirname, '..', '..');
const INTAKE = 'nominations@example.test';

let dir: string;
let child: ChildProcess | undefined;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'smtp-intake-'));
});
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function send(port: number, subject: string): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({
      envelope: { from: 'award.seoul@example.test', to: [INTAKE] },
      raw: `From: award.seoul@example.test\r\nTo: ${INTAKE}\r\nSubject: ${subject}\r\nMessage-ID: <${subject}@example.test>\r\n\r\n포상연도: 2026\r\n`,
    });
  } finally {
    transport.close();
  }
}

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: nothing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The intake in its own process, whose handler never finishes: killed -9 after the 250. */
async function startDoomedIntake(pendingDir: string): Promise<{ port: number; output: () => string }> {
  const script = path.join(dir, 'doomed-intake.ts');
  writeFileSync(
    script,
    `import { startSmtpIntake } from ${JSON.stringify(path.join(ROOT, 'local', 'smtp-intake'))};
async function main() {
  const smtp = await startSmtpIntake({
    port: 0,
    host: '127.0.0.1',
    intakeAddress: ${JSON.stringify(INTAKE)},
    pendingDir: ${JSON.stringify(pendingDir)},
    store: async () => undefined,
    deliver: () => {
      process.stdout.write('delivering\\n');
      return new Promise(() => undefined);
    },
  });
  process.stdout.write('port ' + smtp.port + '\\n');
}
void main();
`,
  );
  child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const port = await until(() => /port (\d+)/.exec(output)?.[1], `intake child (${output})`, 30_000);
  return { port: Number(port), output: () => output };
}

describe('the SMTP intake (SES receiving stand-in) loses no accepted mail', () => {
  it('delivers a mail accepted before a kill -9 on the next start, once', async () => {
    const pendingDir = path.join(dir, 'pending');
    const doomed = await startDoomedIntake(pendingDir);
    await send(doomed.port, 'before-the-kill');
    // 250 answered and the handler invoked; the process dies before it finished.
    await until(() => (doomed.output().includes('delivering') ? true : undefined), 'the doomed delivery');
    child?.kill('SIGKILL');
    await new Promise((resolve) => child?.once('exit', resolve));
    expect(readdirSync(pendingDir)).toHaveLength(1);

    const delivered: SESEvent[] = [];
    const restarted = await startSmtpIntake({
      port: 0,
      host: '127.0.0.1',
      intakeAddress: INTAKE,
      pendingDir,
      store: async () => undefined,
      deliver: async (event) => {
        delivered.push(event);
      },
    });
    await until(() => (readdirSync(pendingDir).length === 0 ? true : undefined), 'the redelivery');
    await restarted.close();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.Records[0]?.ses.mail.commonHeaders.subject).toBe('before-the-kill');
    expect(readdirSync(pendingDir)).toEqual([]);

    // Delivered means done: the start after that delivers nothing again.
    const again = await startSmtpIntake({
      port: 0,
      host: '127.0.0.1',
      intakeAddress: INTAKE,
      pendingDir,
      store: async () => undefined,
      deliver: async (event) => {
        delivered.push(event);
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await again.close();
    expect(delivered).toHaveLength(1);
  }, 60_000);

  it('notes a mail before answering 250 and forgets it once its handler succeeded', async () => {
    const pendingDir = path.join(dir, 'pending');
    const stored: string[] = [];
    let seenPendingAtDelivery: string[] = [];
    const delivered: SESEvent[] = [];
    const smtp = await startSmtpIntake({
      port: 0,
      host: '127.0.0.1',
      intakeAddress: INTAKE,
      pendingDir,
      store: async (key) => {
        stored.push(key);
      },
      deliver: async (event) => {
        seenPendingAtDelivery = readdirSync(pendingDir);
        delivered.push(event);
      },
    });
    try {
      await send(smtp.port, 'normal');
      await until(
        () => (readdirSync(pendingDir).length === 0 && delivered.length ? true : undefined),
        'done',
      );
    } finally {
      await smtp.close();
    }
    const messageId = delivered[0]?.Records[0]?.ses.mail.messageId;
    expect(stored).toEqual([rawMailKey(messageId ?? '')]);
    expect(seenPendingAtDelivery).toEqual([`${messageId}.json`]);
  });
});
