/**
 * `npm run bench`: prints figures, asserts nothing. Measures
 *  1. the size of each Lambda bundle (esbuild with the options infra/constructs/task-function.ts gives CDK),
 *  2. each bundle's module init time in a fresh Node process (a cold-start proxy, SDK excluded),
 *  3. intake mails parsed per second (mailparser + the template parser, a typical Korean mail),
 *  4. on the local stack: POST /nominations (draft) latency, draft confirmation latency, and the
 *     wall-clock of a scripted submit-to-awarded walk (confirmation, three approvals), mail polling
 *     at 100 ms included,
 *  5. the local Step Functions service restarted with 1,000 waiting callbacks: time until every
 *     task token answers again.
 *  6. batch review on the local stack: the HQ batch page (GET /reviews/{id}) with 500 nominations
 *     waiting, and one POST approving 50 at HQ (each row claimed and handed to its own execution).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { SendTaskHeartbeatCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { build } from 'esbuild';
import { parseIntakeMail } from '../functions/adapters/intake-mail';
import { parseNominationTemplate } from '../functions/adapters/mail-template';
import { createLinkKey } from '../functions/adapters/secrets-link-key';
import {
  CERTIFICATE_FONT_DIR,
  CERTIFICATE_FONT_PACKAGE,
  CERTIFICATE_FONTS,
  type CertificateFontName,
  certificateFontFile,
} from '../functions/contracts/certificates';
import { HTTP_FUNCTIONS } from '../functions/contracts/routes';
import { type LocalStack, startLocalStack } from '../local/stack';
import { startLocalStepFunctions } from '../local/stepfunctions';
import { nominateToHq, nominees, seedWaitingAtHq } from '../test/support/batch';
import { decideOnPage, draftLinkIn, draftMail, local } from '../test/support/flow';
import { buildMail, sampleTemplateBody } from '../test/support/mime';
import { approvalLinkIn, waitForMail } from '../test/support/outbox';
import { sampleNomination } from '../test/support/sample';
import { openCycleConfig } from '../test/support/test-config';
import { NOMINATION_TASKS } from '../workflows/nomination-tasks';

/** Every Lambda entry: the HTTP functions, the workflow's tasks, the sweep and the intake (one list each). */
const FUNCTIONS = [
  ...HTTP_FUNCTIONS,
  ...Object.values(NOMINATION_TASKS).map((task) => task.entry),
  'remind-approvals',
  'inbound-email',
  'mail-events',
];
const ROOT = path.resolve(__dirname, '..');

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** Copies the certificate fonts beside the bundle (`fonts/`), as the function's package has them. */
function shipCertificateFonts(outDir: string): { file: string; bytes: number; gzip: number }[] {
  mkdirSync(path.join(outDir, CERTIFICATE_FONT_DIR), { recursive: true });
  return (Object.keys(CERTIFICATE_FONTS) as CertificateFontName[]).map((font) => {
    const file = path.join(CERTIFICATE_FONT_DIR, certificateFontFile(font));
    const content = readFileSync(require.resolve(`${CERTIFICATE_FONT_PACKAGE}/${CERTIFICATE_FONTS[font]}`));
    writeFileSync(path.join(outDir, file), content);
    return { file, bytes: content.length, gzip: gzipSync(content).length };
  });
}

async function bundles(outDir: string) {
  console.log('\n## Lambda bundles (minified CJS, node22, @aws-sdk/* external)');
  console.log('function              bytes    gzip   init (median of 5, fresh node)');
  for (const name of FUNCTIONS) {
    const outfile = path.join(outDir, `${name}.js`);
    await build({
      entryPoints: [path.join(ROOT, 'functions', `${name}.ts`)],
      outfile,
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      mainFields: ['module', 'main'],
      charset: 'utf8',
      external: ['@aws-sdk/*'],
      logLevel: 'silent',
    });
    const bytes = statSync(outfile).size;
    const gzip = gzipSync(readFileSync(outfile)).length;
    // Files shipped beside a bundle, as infra's bundling hook puts them (the certificate's fonts).
    const assets = name === 'issue-certificate' ? shipCertificateFonts(outDir) : [];
    const script = `const t=process.hrtime.bigint();require(${JSON.stringify(outfile)});console.log(Number(process.hrtime.bigint()-t)/1e6)`;
    const env = {
      ...process.env,
      NODE_PATH: path.join(ROOT, 'node_modules'),
      NODE_NO_WARNINGS: '1',
      TABLE_NAME: 't',
      STATE_MACHINE_ARN: 'arn:aws:states:ap-northeast-2:000000000000:stateMachine:x',
      PUBLIC_URL: 'http://localhost:3000',
      MAIL_FROM: 'a@example.test',
      INTAKE_BUCKET: 'b',
      CERTIFICATE_BUCKET: 'c',
      LINK_KEY_SECRET_ID: 'arn:aws:secretsmanager:ap-northeast-2:000000000000:secret:k',
      AWS_REGION: 'ap-northeast-2',
    };
    const inits = Array.from({ length: 5 }, () =>
      Number(execFileSync('node', ['-e', script], { env }).toString()),
    );
    console.log(
      `${name.padEnd(20)} ${String(bytes).padStart(7)} ${String(gzip).padStart(7)}   ${ms(percentile(inits, 50))}`,
    );
    for (const asset of assets) {
      console.log(
        `  + ${asset.file.padEnd(17)} ${String(asset.bytes).padStart(7)} ${String(asset.gzip).padStart(7)}`,
      );
    }
  }
}

const stamp = Date.now();

async function postNomination(stack: LocalStack, index: number) {
  const email = `bench${index}.${stamp}@example.test`;
  const name = `벤치${index}`;
  const started = performance.now();
  const response = await fetch(`${stack.urls.web}/nominations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(
      sampleNomination({
        nominee: { name, affiliation: '서울고용복지플러스센터', position: '주무관', email, serviceYears: 5 },
      }),
    ),
  });
  if (response.status !== 202) throw new Error(`POST /nominations answered ${response.status}`);
  const draftMs = performance.now() - started;
  const link = local(draftLinkIn(await draftMail(stack.urls.ses, name)), stack.urls.web);
  const confirmStarted = performance.now();
  const confirmed = await fetch(link, { method: 'POST', headers: { accept: 'application/json' } });
  if (confirmed.status !== 201) throw new Error(`confirmation answered ${confirmed.status}`);
  return { draftMs, confirmMs: performance.now() - confirmStarted, name, email };
}

/** Parses the same typical Korean intake mail (text + a small PDF) over and over. */
async function mailParsing() {
  const raw = buildMail({
    from: 'award.seoul@example.test',
    to: 'nominations@example.test',
    subject: '올해의 고용서비스상 후보자 추천',
    text: sampleTemplateBody(),
    charset: 'ks_c_5601-1987',
    transferEncoding: 'quoted-printable',
    attachments: [
      { filename: '공적조서.pdf', contentType: 'application/pdf', content: Buffer.alloc(20_000, 7) },
    ],
  });
  const count = 500;
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    const mail = await parseIntakeMail(raw);
    parseNominationTemplate(mail.text, mail.from?.address ?? '');
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `\n## Intake mail parsing\n${count} mails of ${(raw.length / 1024).toFixed(1)} KB (ks_c_5601-1987, QP, 1 attachment): ${(count / seconds).toFixed(0)} mails/s`,
  );
}

async function approveThrough(stack: LocalStack, name: string) {
  for (const [approver, label] of [
    ['head.seoul@example.test', '센터 심사'],
    ['hq.reviewer@example.test', '본부 심사'],
    ['minister.office@example.test', '장관 승인'],
  ]) {
    const mail = await waitForMail(
      stack.urls.ses,
      approver ?? '',
      (m) => m.subject.includes(name) && m.subject.includes(label ?? ''),
      1,
      30_000,
    );
    const link = approvalLinkIn(mail).replace(/^https?:\/\/[^/]+/, stack.urls.web);
    // As an approver in a browser: open the page, post its form (with the page token).
    const response = await decideOnPage(link, 'approve');
    if (response.status !== 200) throw new Error(`approval answered ${response.status}`);
  }
}

async function localStack() {
  process.env.LOG_LEVEL = 'error';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const bootStart = performance.now();
  const stack = await startLocalStack({
    ports: { dynamodb: 0, ses: 0, stepfunctions: 0, web: 0 },
    configDir: openCycleConfig(),
  });
  console.log(
    `\n## Local stack\nboot (DynamoDB Local + SES + S3 + SMTP + Step Functions + gateway): ${ms(performance.now() - bootStart)}`,
  );
  try {
    const drafts: number[] = [];
    const confirms: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      const { draftMs, confirmMs } = await postNomination(stack, i);
      drafts.push(draftMs);
      confirms.push(confirmMs);
    }
    console.log(
      `POST /nominations (draft + mail) x${drafts.length}: p50 ${ms(percentile(drafts, 50))}, p95 ${ms(percentile(drafts, 95))}`,
    );
    console.log(
      `POST /drafts/{id} (confirm + start) x${confirms.length}: p50 ${ms(percentile(confirms, 50))}, p95 ${ms(percentile(confirms, 95))}`,
    );

    const flows: number[] = [];
    for (let i = 100; i < 105; i += 1) {
      const started = performance.now();
      const { name, email } = await postNomination(stack, i);
      await approveThrough(stack, name);
      await waitForMail(stack.urls.ses, email, (m) => m.subject.includes('축하'), 1, 30_000);
      flows.push(performance.now() - started);
    }
    // Wall-clock of a scripted walk, not of the system alone: every step waits for its mail by polling
    // the outbox every 100 ms (test/support/outbox.ts), so up to ~100 ms per mail (5 mails) is polling.
    console.log(
      `submit -> confirm -> 3 approvals -> awardee mail, scripted, mails polled every 100 ms x${flows.length}: ` +
        `p50 ${ms(percentile(flows, 50))}, max ${ms(Math.max(...flows))} (includes up to ~0.5 s of mail polling)`,
    );
    await consolePages(stack);
    await batchReview(stack);
  } finally {
    await stack.close();
  }
}

/** The ops console's pages, each fetched 20 times over HTTP (with 35 nominations in the cycle). */
async function consolePages(stack: LocalStack) {
  const list = await (await fetch(`${stack.urls.console}/`)).text();
  const execution = /href="(\/executions\/[a-z0-9-]+)"/.exec(list)?.[1];
  if (!execution) throw new Error('no execution on the console list');
  for (const [label, page] of [
    ['executions list', '/'],
    ['execution (graph + history)', execution],
    ['cycle charts', '/cycles/2026'],
  ] as const) {
    const times: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const started = performance.now();
      const response = await fetch(`${stack.urls.console}${page}`);
      await response.text();
      if (response.status !== 200) throw new Error(`${page} answered ${response.status}`);
      times.push(performance.now() - started);
    }
    console.log(`console ${label}: p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}`);
  }
}

/**
 * The HQ batch page with 500 nominations waiting (seeded through the repositories and the
 * request-approval use case, so the page reads what the workflow would have written), fetched 10
 * times as HTML and as JSON; then 50 real nominations brought to HQ review through the workflow and
 * approved in one batch POST.
 */
async function batchReview(stack: LocalStack) {
  const linkKey = createLinkKey({ LINK_KEY_SECRET_ID: process.env.LINK_KEY_SECRET_ID ?? '' });
  const waiting = 500;
  const seedStarted = performance.now();
  const { reviewId } = await seedWaitingAtHq({
    tableName: stack.tableName,
    count: waiting,
    linkKey,
    publicUrl: stack.urls.web,
  });
  const seedMs = performance.now() - seedStarted;
  const url = `${stack.urls.web}/reviews/${reviewId}`;
  for (const [label, accept] of [
    ['HTML', 'text/html'],
    ['JSON', 'application/json'],
  ] as const) {
    const times: number[] = [];
    let bytes = 0;
    let total = 0;
    for (let i = 0; i < 10; i += 1) {
      const started = performance.now();
      const response = await fetch(url, { headers: { accept } });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
      times.push(performance.now() - started);
      bytes = Buffer.byteLength(text);
      total = accept === 'application/json' ? Number((JSON.parse(text) as { total: number }).total) : total;
    }
    if (accept === 'application/json' && total !== waiting)
      throw new Error(`the page listed ${total}, not ${waiting}`);
    console.log(
      `\n${label === 'HTML' ? `## Batch review (seeded ${waiting} at HQ in ${ms(seedMs)})\n` : ''}` +
        `batch page GET /reviews/{id}, ${waiting} waiting, ${label} (${(bytes / 1024).toFixed(0)} KB) x10: ` +
        `p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, max ${ms(Math.max(...times))}`,
    );
  }
  const ids = await nominateToHq(stack.urls, nominees('벤치일괄', 50));
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ ids, decision: 'approve' }),
  });
  const answer = (await response.json()) as { counts?: { done?: number } };
  const postMs = performance.now() - started;
  if (response.status !== 200 || answer.counts?.done !== ids.length)
    throw new Error(`batch POST answered ${response.status}: ${JSON.stringify(answer.counts)}`);
  console.log(
    `batch POST approving ${ids.length} at HQ (claims + hand-overs to ${ids.length} executions, ${waiting + ids.length} waiting): ${ms(postMs)}`,
  );
}

/**
 * The local Step Functions service restarted with 1,000 executions waiting for a callback: how
 * long until every one of their task tokens answers again (journal replay + compaction + relaunch,
 * until SendTaskHeartbeat accepts all 1,000 tokens), and that no waiting function ran again.
 */
async function restartWithWaiting(count = 1000) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'award-bench-sfn-'));
  const definition = JSON.stringify({
    StartAt: 'Wait',
    States: {
      Wait: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: 'wait', Payload: { 'token.$': '$$.Task.Token' } },
        TimeoutSeconds: 3600,
        End: true,
      },
    },
  });
  const tokens: string[] = [];
  const options = {
    port: 0,
    stateMachineName: 'Bench',
    definition,
    dataDir,
    lambdas: {
      wait: async (payload: unknown) => {
        tokens.push((payload as { token: string }).token);
        return {};
      },
    },
  };
  const clientFor = (endpoint: string) =>
    new SFNClient({
      endpoint,
      region: 'ap-northeast-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  try {
    const first = await startLocalStepFunctions(options);
    const client = clientFor(first.endpoint);
    for (let i = 0; i < count; i += 1) {
      await client.send(new StartExecutionCommand({ stateMachineArn: first.stateMachineArn, name: `e${i}` }));
    }
    while (tokens.length < count) await new Promise((resolve) => setTimeout(resolve, 20));
    client.destroy();
    await first.close();
    const waitingBefore = [...tokens];

    const started = performance.now();
    const second = await startLocalStepFunctions(options);
    const upMs = performance.now() - started;
    const after = clientFor(second.endpoint);
    try {
      // Every token answers again: the tasks wait on the same tokens, re-attached.
      let pending = waitingBefore;
      const deadline = Date.now() + 60_000;
      while (pending.length > 0) {
        const answers = await Promise.all(
          pending.map((taskToken) =>
            after.send(new SendTaskHeartbeatCommand({ taskToken })).then(
              () => undefined,
              (error: Error) => {
                if (error.name !== 'InvalidToken') throw error;
                return taskToken;
              },
            ),
          ),
        );
        pending = answers.filter((token): token is string => token !== undefined);
        if (pending.length > 0 && Date.now() > deadline) {
          throw new Error(`${pending.length} of ${count} task tokens still unknown 60 s after the restart`);
        }
      }
      const allAnswerMs = performance.now() - started;
      if (tokens.length !== count) {
        throw new Error(
          `the waiting function ran ${tokens.length - count} more time(s) after the restart: ` +
            'a resumed callback task must wait on its saved token, not invoke its function again',
        );
      }
      console.log(
        `\n## Local Step Functions restart\n${count} executions waiting for a callback: service up in ${upMs.toFixed(0)} ms, ` +
          `all ${count} task tokens answering SendTaskHeartbeat after ${allAnswerMs.toFixed(0)} ms; ` +
          'the waiting function ran again 0 times',
      );
    } finally {
      after.destroy();
      await second.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  // Local machines may run Node 20 (Lambda runs 22): the SDK's notice about its Node 22 floor is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const outDir = mkdtempSync(path.join(tmpdir(), 'award-bench-'));
  try {
    await bundles(outDir);
    await mailParsing();
    await restartWithWaiting();
    await localStack();
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
