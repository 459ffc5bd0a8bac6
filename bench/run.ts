/**
 * `npm run bench`: prints figures, asserts nothing. Measures
 *  1. the size of each Lambda bundle (esbuild with the options infra/constructs/task-function.ts gives CDK),
 *  2. each bundle's module init time in a fresh Node process (a cold-start proxy, SDK excluded),
 *  3. on the local stack: POST /nominations latency, and submit-to-awarded time through three approvals.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { type LocalStack, startLocalStack } from '../local/stack';
import { approvalLinkIn, waitForMail } from '../test/support/outbox';
import { sampleNomination } from '../test/support/sample';

const FUNCTIONS = ['web', 'record-submission', 'request-approval', 'notify', 'mark-needs-attention'];
const ROOT = path.resolve(__dirname, '..');

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

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
    const script = `const t=process.hrtime.bigint();require(${JSON.stringify(outfile)});console.log(Number(process.hrtime.bigint()-t)/1e6)`;
    const env = {
      ...process.env,
      NODE_PATH: path.join(ROOT, 'node_modules'),
      NODE_NO_WARNINGS: '1',
      TABLE_NAME: 't',
      STATE_MACHINE_ARN: 'arn:aws:states:ap-northeast-2:000000000000:stateMachine:x',
      PUBLIC_URL: 'http://localhost:3000',
      MAIL_FROM: 'a@example.test',
      AWS_REGION: 'ap-northeast-2',
    };
    const inits = Array.from({ length: 5 }, () =>
      Number(execFileSync('node', ['-e', script], { env }).toString()),
    );
    console.log(
      `${name.padEnd(20)} ${String(bytes).padStart(7)} ${String(gzip).padStart(7)}   ${ms(percentile(inits, 50))}`,
    );
  }
}

const stamp = Date.now();

async function postNomination(stack: LocalStack, index: number) {
  const email = `bench${index}.${stamp}@example.test`;
  const started = performance.now();
  const response = await fetch(`${stack.urls.web}/nominations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(
      sampleNomination({
        nominee: {
          name: `벤치${index}`,
          affiliation: '서울고용복지플러스센터',
          position: '주무관',
          email,
        },
      }),
    ),
  });
  const body = (await response.json()) as { id: string };
  if (response.status !== 201) throw new Error(`POST /nominations answered ${response.status}`);
  return { id: body.id, ms: performance.now() - started, name: `벤치${index}`, email };
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
    const response = await fetch(link, {
      method: 'POST',
      body: new URLSearchParams({ decision: 'approve' }),
    });
    if (response.status !== 200) throw new Error(`approval answered ${response.status}`);
  }
}

async function localStack() {
  process.env.LOG_LEVEL = 'error';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const bootStart = performance.now();
  const stack = await startLocalStack({ ports: { dynamodb: 0, ses: 0, stepfunctions: 0, web: 0 } });
  console.log(
    `\n## Local stack\nboot (DynamoDB Local + SES + Step Functions + gateway): ${ms(performance.now() - bootStart)}`,
  );
  try {
    const submits: number[] = [];
    for (let i = 0; i < 30; i += 1) submits.push((await postNomination(stack, i)).ms);
    console.log(
      `POST /nominations x${submits.length}: p50 ${ms(percentile(submits, 50))}, p95 ${ms(percentile(submits, 95))}`,
    );

    const flows: number[] = [];
    for (let i = 100; i < 105; i += 1) {
      const started = performance.now();
      const { name, email } = await postNomination(stack, i);
      await approveThrough(stack, name);
      await waitForMail(stack.urls.ses, email, (m) => m.subject.includes('축하'), 1, 30_000);
      flows.push(performance.now() - started);
    }
    console.log(
      `submit -> 3 approvals -> awardee mail x${flows.length}: p50 ${ms(percentile(flows, 50))}, max ${ms(Math.max(...flows))}`,
    );
  } finally {
    await stack.close();
  }
}

async function main() {
  const outDir = mkdtempSync(path.join(tmpdir(), 'award-bench-'));
  try {
    await bundles(outDir);
    await localStack();
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
