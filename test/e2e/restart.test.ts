import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_PORTS } from '../../local/defaults';
import { freePort } from '../../local/ports';
import { decideOnPage, draftLinkIn, draftMail, local, statusLinkIn } from '../support/flow';
import { getJson, postJson, rawRequest } from '../support/http';
import { allMail, approvalLinkIn, mailTo, waitForMail } from '../support/outbox';
import { sampleNomination } from '../support/sample';
import { openCycleConfig } from '../support/test-config';

const ROOT = path.resolve(__dirname, '../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'award-restart-'));
const configDir = openCycleConfig();
let ports: Record<string, number>;
const children: ChildProcess[] = [];

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** `npm start` as a person runs it, with this test's ports and data directory. */
async function npmStart(): Promise<{
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
      DATA_DIR: dataDir,
      AWARD_CONFIG_DIR: configDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!output.includes('Ctrl-C') && child.exitCode === null) {
    if (Date.now() > deadline) throw new Error(`npm start did not come up:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, output: () => output, exited };
}

async function waitUntilClosed(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (await accepts(port)) {
    if (Date.now() > deadline) throw new Error(`port ${port} still open`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  // Every port `npm start` opens, so none collides with another test's stack.
  ports = {};
  for (const name of Object.keys(DEFAULT_PORTS)) ports[name] = await freePort();
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start survives kill -9', () => {
  it('finishes a review from the mail sent before the kill, each mail once, and leaves no process behind', async () => {
    const web = () => `http://127.0.0.1:${ports.WEB_PORT}`;
    const ses = () => `http://127.0.0.1:${ports.SES_PORT}`;
    const first = await npmStart();
    const name = '재시작후보';
    const email = `restart.${Date.now()}@example.test`;
    const body = sampleNomination({
      nominee: { name, affiliation: '서울고용복지플러스센터', position: '주무관', email, serviceYears: 4 },
    });
    expect((await postJson(`${web()}/nominations`, body)).status).toBe(202);
    const confirmed = await fetch(local(draftLinkIn(await draftMail(ses(), name)), web()), {
      method: 'POST',
    });
    expect(confirmed.status).toBe(201);
    const head = await waitForMail(ses(), 'head.seoul@example.test', (mail) => mail.subject.includes(name));
    expect((await decideOnPage(local(approvalLinkIn(head), web()), 'approve')).status).toBe(200);
    const hq = await waitForMail(ses(), 'hq.reviewer@example.test', (mail) => mail.subject.includes(name));

    // Malformed request lines answer 400; the stack lives on.
    for (const line of ['GET http://[/ HTTP/1.1', 'GET //a:99999/ HTTP/1.1', 'GET //[ HTTP/1.1']) {
      expect(await rawRequest(ports.WEB_PORT ?? 0, `${line}\r\nHost: x\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400/);
    }
    expect((await fetch(`${web()}/`)).status).toBe(200);

    // kill -9 in the middle of HQ's review: Java must not outlive it.
    first.child.kill('SIGKILL');
    await first.exited;
    await waitUntilClosed(ports.DYNAMODB_PORT ?? 0);

    const second = await npmStart();
    expect(second.output()).toContain('resumed');
    // The ops console came back on its port, with the execution that was waiting.
    const opsList = await fetch(`http://127.0.0.1:${ports.OPS_PORT}/?status=RUNNING`);
    expect(opsList.status).toBe(200);
    // The outbox kept its mails; the link HQ already had still shows the form and decides.
    expect(
      mailTo(await allMail(ses()), 'hq.reviewer@example.test').some((m) => m.messageId === hq.messageId),
    ).toBe(true);
    const page = await fetch(local(approvalLinkIn(hq), web()));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('value="approve"');
    expect((await decideOnPage(local(approvalLinkIn(hq), web()), 'approve')).status).toBe(200);
    const minister = await waitForMail(ses(), 'minister.office@example.test', (mail) =>
      mail.subject.includes(name),
    );
    expect((await decideOnPage(local(approvalLinkIn(minister), web()), 'approve')).status).toBe(200);
    await waitForMail(ses(), email, (mail) => mail.subject.includes('축하'));

    const receipt = await waitForMail(ses(), 'award.seoul@example.test', (m) =>
      m.subject.includes(`접수 확인: ${name}`),
    );
    // The status link in the receipt (by its token) still opens the page after the restart.
    expect((await getJson(local(statusLinkIn(receipt), web()))).json.status).toBe('awarded');
    const mails = await allMail(ses());
    const about = (address: string) => mailTo(mails, address).filter((mail) => mail.subject.includes(name));
    expect(about('award.seoul@example.test').filter((m) => m.subject.includes('접수 확인'))).toHaveLength(1);
    expect(about('head.seoul@example.test')).toHaveLength(1);
    expect(about('hq.reviewer@example.test')).toHaveLength(1);
    expect(about('minister.office@example.test')).toHaveLength(1);
    expect(mailTo(mails, email)).toHaveLength(1);

    // A second npm start on the same ports says which port is busy and exits.
    const clash = await npmStart();
    expect(await clash.exited).toBe(1);
    expect(clash.output()).toContain(`${ports.WEB_PORT} (WEB_PORT)`);

    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
    for (const port of Object.values(ports)) expect(await accepts(port)).toBe(false);
    // Nothing of this stack runs any more (Java's command line names the data directory).
    expect(() => execFileSync('pgrep', ['-f', dataDir])).toThrow();
  });
});
