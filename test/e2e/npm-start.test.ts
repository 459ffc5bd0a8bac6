import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_PORTS } from '../../local/defaults';
import { freePort } from '../../local/ports';
import { waitForMail } from '../support/outbox';
import { openCycleConfig } from '../support/test-config';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

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

describe('npm start (local/start.ts)', () => {
  let child: ChildProcess | undefined;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'award-start-'));
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints where to click, serves the form, takes a nomination mail sent with swaks, and stops everything on Ctrl-C', async () => {
    // Every port `npm start` opens, so none collides with another test's stack.
    const ports: Record<string, string> = {};
    for (const name of Object.keys(DEFAULT_PORTS)) ports[name] = String(await freePort());
    child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...ports,
        DATA_DIR: dataDir,
        // The sample cycle, open whatever today's date (the bundled one closes at its deadline).
        AWARD_CONFIG_DIR: openCycleConfig(),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));

    const deadline = Date.now() + 45_000;
    while (!output.includes('Ctrl-C')) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`npm start did not come up:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(output).toContain(`추천서 작성 (nomination form)   http://localhost:${ports.WEB_PORT}/`);
    expect(output).toContain(`http://localhost:${ports.SES_PORT}/`);
    expect(output).toContain(
      `aws stepfunctions list-executions --endpoint-url http://127.0.0.1:${ports.SFN_PORT}`,
    );
    expect(output).toContain(`운영 콘솔 (ops console)          http://localhost:${ports.OPS_PORT}/`);
    expect((await fetch(`http://localhost:${ports.OPS_PORT}/`)).status).toBe(200);
    const form = await fetch(`http://localhost:${ports.WEB_PORT}/`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('고용서비스상');

    // The swaks line it prints, as a person would paste it (README documents the same).
    const swaks = /swaks --server[^\n]*\\\n[^\n]*\\\n[^\n]*/.exec(output)?.[0];
    expect(swaks).toContain(`localhost:${ports.SMTP_PORT}`);
    await run('bash', ['-c', (swaks ?? '').replace(/\\\n/g, ' ')], { cwd: ROOT });
    const request = await waitForMail(
      `http://127.0.0.1:${ports.SES_PORT}`,
      'head.seoul@example.test',
      (mail) => mail.subject.includes('이서연'),
    );
    expect(request.subject).toContain('센터 심사');

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    // DynamoDB Local (a Java child) went down with it.
    for (const port of Object.values(ports)) expect(await accepts(Number(port))).toBe(false);
  });
});
