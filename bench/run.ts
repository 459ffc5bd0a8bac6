/**
 * `npm run bench`: measures, prints, writes bench/results.json; asserts nothing (issue 9: targets
 * are read from the bench, not from timed tests). In order:
 *  1. bundles: each Lambda bundle's size, and its module init (median of fresh Node processes)
 *     against an empty handler's, bundled and measured the same way in the same run;
 *  2. intake mails parsed per second; the local Step Functions service restarted with 1,000
 *     waiting callbacks;
 *  3. on the local stack (one boot): one traced happy-path journey (the SDK calls it makes: the
 *     floor's recipe; its state transitions), one reminded, one returned and corrected;
 *  4. the pipeline: N nominations submitted and approved through three stages over HTTP, and the
 *     floor: the same N x the journey's DynamoDB writes and SES sends as bare calls;
 *  5. the ops console's pages; the HQ batch page with 10,000 nominations in the cycle; one batch POST.
 * Settings: BENCH_NOMINATIONS (200), BENCH_CONCURRENCY (12), BENCH_INIT_RUNS (21),
 * BENCH_CYCLE_NOMINATIONS (10,000), BENCH_HQ_WAITING (1,000), BENCH_LISTING_REPEATS (25).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { type LocalStack, startLocalStack } from '../local/stack';
import { openCycleConfig } from '../test/support/test-config';
import { BUNDLE_LIMIT_BYTES, EXEMPT_FROM_LIMIT, measureBundles, printBundles } from './bundles';
import { mailParsing } from './intake';
import { envInt, ms, percentile, round, timed } from './measure';
import { OutboxWatch } from './outbox-watch';
import { runFloor, runPipeline, traceOneJourney } from './pipeline';
import { restartWithWaiting } from './restart';
import { batchApprove, seedCycle, timeBatchPage } from './stage-listing';
import {
  costPer1000Nominations,
  remindedJourney,
  returnedOnceJourney,
  stateMilliseconds,
  statesEntered,
  USD_PER_1000_TRANSITIONS,
} from './transitions';

const SETTINGS = {
  nominations: envInt('BENCH_NOMINATIONS', 200),
  concurrency: envInt('BENCH_CONCURRENCY', 12),
  initRuns: envInt('BENCH_INIT_RUNS', 21),
  cycleNominations: envInt('BENCH_CYCLE_NOMINATIONS', 10_000),
  hqWaiting: envInt('BENCH_HQ_WAITING', 1_000),
  listingRepeats: envInt('BENCH_LISTING_REPEATS', 25),
  batchPost: 50,
};
const RESULTS = path.join(__dirname, 'results.json');
/** A reminder falls due this long after each request opens (the sweep runs only when the bench asks). */
const REMINDER_AFTER_SECONDS = 2;
const DAY_SECONDS = 24 * 60 * 60;

const results: Record<string, unknown> = {};
const heading = (title: string) => console.log(`\n## ${title}`);

/**
 * The 2026 cycle open now; quotas no bench run reaches (the pipeline awards hundreds); a reminder
 * due REMINDER_AFTER_SECONDS after a 14-day review opens, sent only by an explicit sweep.
 */
function benchConfig(): string {
  return openCycleConfig({
    quotas: { organization: 100_000, individual: 100_000 },
    reviewDays: { center_review: 14, hq_review: 14, minister_approval: 14 },
    reminders: { daysBeforeDue: [14 - REMINDER_AFTER_SECONDS / DAY_SECONDS], max: 1 },
  });
}

async function bundlesSection(outDir: string) {
  heading(
    `Lambda bundles (minified CJS, node22, @aws-sdk/* external; init = median of ${SETTINGS.initRuns} fresh node processes)`,
  );
  const { empty, bundles } = await measureBundles(outDir, SETTINGS.initRuns);
  printBundles(empty, bundles);
  results.emptyHandler = empty;
  results.bundles = bundles;
}

async function standaloneSections() {
  heading('Intake mail parsing');
  const parsing = await mailParsing();
  console.log(
    `${parsing.mails} mails of ${parsing.kilobytes} KB (ks_c_5601-1987, QP, 1 attachment): ${parsing.perSecond} mails/s`,
  );
  heading('Local Step Functions restart');
  const restart = await restartWithWaiting();
  console.log(
    `${restart.waiting} executions waiting for a callback: up in ${restart.upMs} ms, all tokens answering after ${restart.allAnswerMs} ms; no waiting function ran again`,
  );
  results.intakeParsing = parsing;
  results.stepFunctionsRestart = restart;
}

async function transitionsAndFloorRecipe(stack: LocalStack, sfn: SFNClient, outbox: OutboxWatch) {
  const context = { web: stack.urls.web, outbox };
  heading('One journey traced (happy path), one reminded, one returned once');
  const traced = await traceOneJourney(stack, sfn, context);
  const happy = await statesEntered(sfn, traced.executionArn);
  const tracedStateMs = await stateMilliseconds(sfn, traced.executionArn);
  const reminded = await remindedJourney(stack, sfn, context, REMINDER_AFTER_SECONDS);
  const returned = await returnedOnceJourney(stack, sfn, context);
  console.log(
    `traced journey alone: ${ms(traced.ms)}; SDK requests: ${JSON.stringify(traced.calls.byCommand)}`,
  );
  console.log(`traced journey, ms per state: ${JSON.stringify(tracedStateMs)}`);
  console.log(`happy path:    ${happy.length} states entered (${happy.join(' > ')})`);
  console.log(`with reminder: ${reminded.length} (the reminder is the sweep's mail, outside the workflow)`);
  console.log(`with a return: ${returned.length} (${returned.join(' > ')})`);
  const cost = costPer1000Nominations(happy.length);
  console.log(
    `cost per 1,000 nominations (happy path) = ${happy.length} transitions x 1,000 x USD ${USD_PER_1000_TRANSITIONS} / 1,000 transitions = USD ${cost.toFixed(4)}`,
  );
  results.transitions = {
    happyPath: happy.length,
    withReminder: reminded.length,
    withReturn: returned.length,
    costPer1000NominationsUsd: round(cost, 4),
    counted:
      'StateEntered events in GetExecutionHistory (one per state transition, as Standard workflows bill)',
    formula: `transitions per nomination x 1000 nominations x USD ${USD_PER_1000_TRANSITIONS} / 1000 transitions`,
    states: { happyPath: happy, withReminder: reminded, withReturn: returned },
    tracedJourney: { ms: round(traced.ms), msPerState: tracedStateMs },
  };
  return traced.calls;
}

async function pipelineSection(
  stack: LocalStack,
  outbox: OutboxWatch,
  recipe: Awaited<ReturnType<typeof transitionsAndFloorRecipe>>,
) {
  const { nominations, concurrency } = SETTINGS;
  heading(
    `Pipeline: ${nominations} nominations, ${concurrency} at a time, submit -> confirm -> 3 approvals -> awardee mail over HTTP`,
  );
  const pipeline = await runPipeline({ web: stack.urls.web, outbox }, nominations, concurrency);
  const floorSeconds = await runFloor(stack, recipe, nominations, concurrency);
  const ratioToFloor = pipeline.seconds / floorSeconds;
  console.log(
    `${pipeline.seconds} s (${pipeline.perSecond}/s); per nomination p50 ${ms(pipeline.p50Ms)}, p95 ${ms(pipeline.p95Ms)}, p99 ${ms(pipeline.p99Ms)}`,
  );
  console.log(
    `floor: ${nominations} x (${recipe.dynamoDbWrites} bare PutItem + ${recipe.sesSends} bare SendEmail), ${concurrency} at a time, ` +
      `same DynamoDB Local and SES stand-in: ${floorSeconds.toFixed(2)} s; ratio ${ratioToFloor.toFixed(2)}`,
  );
  console.log(
    "  (the counts are the traced journey's write requests and sends; a TransactWriteItems is one request; reads, HTTP, Step Functions and S3 are not in the floor)",
  );
  results.pipeline = {
    ...pipeline,
    floorSeconds: round(floorSeconds, 2),
    ratioToFloor: round(ratioToFloor, 2),
    floor: {
      perNomination: { dynamoDbPutItem: recipe.dynamoDbWrites, sesSendEmail: recipe.sesSends },
      composition:
        'per nomination: one bare PutItem (small item) per DynamoDB write request the traced journey made ' +
        '(PutItem/UpdateItem/DeleteItem/TransactWriteItems/BatchWriteItem, a transaction counted once), then one bare SESv2 SendEmail ' +
        'per mail it sent; same stand-ins, same concurrency, same run',
      tracedJourneyRequests: recipe.byCommand,
    },
  };
}

/** The ops console's pages, each fetched 20 times over HTTP. */
async function consoleSection(stack: LocalStack) {
  heading('Ops console');
  const list = await (await fetch(`${stack.urls.console}/`)).text();
  const execution = /href="(\/executions\/[a-z0-9-]+)"/.exec(list)?.[1];
  if (!execution) throw new Error('no execution on the console list');
  const pages: Record<string, { p50Ms: number; p95Ms: number }> = {};
  for (const [label, page] of [
    ['executionsList', '/'],
    ['execution', execution],
    ['cycleCharts', '/cycles/2026'],
  ] as const) {
    const times: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const { ms: took } = await timed(async () => {
        const response = await fetch(`${stack.urls.console}${page}`);
        await response.text();
        if (response.status !== 200) throw new Error(`${page} answered ${response.status}`);
      });
      times.push(took);
    }
    pages[label] = { p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)) };
    console.log(`${label}: p50 ${ms(pages[label].p50Ms)}, p95 ${ms(pages[label].p95Ms)}`);
  }
  results.console = pages;
}

async function stageListingSection(stack: LocalStack) {
  const { cycleNominations, hqWaiting, listingRepeats } = SETTINGS;
  heading(`Stage listing: the HQ batch page with ${cycleNominations} nominations seeded in the cycle`);
  const seeded = await seedCycle(stack, cycleNominations, hqWaiting);
  console.log(`seeded in ${seeded.seconds} s: ${JSON.stringify(seeded.byStage)}`);
  const url = `${stack.urls.web}/reviews/${seeded.reviewId}`;
  const html = await timeBatchPage(url, 'text/html', listingRepeats);
  const json = await timeBatchPage(url, 'application/json', listingRepeats);
  if (json.total !== hqWaiting) throw new Error(`the page counted ${json.total} waiting, not ${hqWaiting}`);
  for (const [label, times] of [
    ['HTML', html],
    ['JSON', json],
  ] as const) {
    console.log(
      `GET /reviews/{id} ${label} (${times.kilobytes} KB, first page of ${hqWaiting} waiting) x${listingRepeats}: p50 ${ms(times.p50Ms)}, p95 ${ms(times.p95Ms)}, max ${ms(times.maxMs)}`,
    );
  }
  const batchPostMs = await batchApprove(stack, url, SETTINGS.batchPost);
  console.log(
    `batch POST approving ${SETTINGS.batchPost} at HQ (${hqWaiting + SETTINGS.batchPost} waiting): ${ms(batchPostMs)}`,
  );
  results.stageListing = {
    nominations: cycleNominations + SETTINGS.nominations,
    seeded: cycleNominations,
    waitingAtStage: hqWaiting,
    // The worse of the two formats: a reviewer opens the HTML page, a script reads the JSON.
    p95Ms: Math.max(html.p95Ms, json.p95Ms),
    html,
    json,
    seedSeconds: seeded.seconds,
    byStage: seeded.byStage,
  };
  results.batchPost = {
    approved: SETTINGS.batchPost,
    waiting: hqWaiting + SETTINGS.batchPost,
    ms: round(batchPostMs),
  };
}

async function localStackSections() {
  process.env.LOG_LEVEL = 'error';
  const { result: stack, ms: bootMs } = await timed(() =>
    startLocalStack({
      ports: { dynamodb: 0, ses: 0, stepfunctions: 0, web: 0 },
      configDir: benchConfig(),
      reminderSweepSeconds: 0,
    }),
  );
  heading('Local stack');
  console.log(`boot (DynamoDB Local + SES + S3 + SMTP + Step Functions + gateway): ${ms(bootMs)}`);
  results.localStackBootMs = round(bootMs);
  const sfn = new SFNClient({
    endpoint: stack.urls.stepfunctions,
    region: 'ap-northeast-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const outbox = new OutboxWatch(stack.urls.ses);
  try {
    const recipe = await transitionsAndFloorRecipe(stack, sfn, outbox);
    await pipelineSection(stack, outbox, recipe);
    // Thousands of stored mails would make every later full-store read (test/support) slow.
    await fetch(`${stack.urls.ses}/clear-store`, { method: 'POST' });
    outbox.forget();
    await consoleSection(stack);
    await stageListingSection(stack);
  } finally {
    sfn.destroy();
    await stack.close();
  }
}

interface Target {
  target: string;
  value: string;
  pass: boolean;
}

function targets(): Target[] {
  const bundles = results.bundles as { name: string; bytes: number; initRatio: number; exempt: boolean }[];
  const counted = bundles.filter((b) => !b.exempt);
  const over = counted.filter((b) => b.bytes > BUNDLE_LIMIT_BYTES);
  const largest = counted.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const slowest = bundles.reduce((a, b) => (b.initRatio > a.initRatio ? b : a));
  const overRatio = bundles.filter((b) => b.initRatio > 1.3);
  const pipeline = results.pipeline as { ratioToFloor: number };
  const transitions = results.transitions as { happyPath: number };
  const listing = results.stageListing as { p95Ms: number };
  return [
    {
      target: `every bundle <= 150 KiB (${EXEMPT_FROM_LIMIT} exempt)`,
      value: over.length
        ? `${over.length} over: ${over.map((b) => `${b.name} ${(b.bytes / 1024).toFixed(0)} KiB`).join(', ')}`
        : `largest ${largest.name} ${(largest.bytes / 1024).toFixed(1)} KiB`,
      pass: over.length === 0,
    },
    {
      target: 'initRatio <= 1.3 (every bundle)',
      value: overRatio.length
        ? `${overRatio.length} over; worst ${slowest.name} ${slowest.initRatio}`
        : `worst ${slowest.name} ${slowest.initRatio}`,
      pass: overRatio.length === 0,
    },
    {
      target: 'transitions, happy path <= 12',
      value: String(transitions.happyPath),
      pass: transitions.happyPath <= 12,
    },
    {
      target: 'pipeline ratioToFloor <= 2',
      value: String(pipeline.ratioToFloor),
      pass: pipeline.ratioToFloor <= 2,
    },
    { target: 'stageListing p95 <= 100 ms', value: ms(listing.p95Ms), pass: listing.p95Ms <= 100 },
  ];
}

function printSummary(list: readonly Target[]) {
  heading('Summary (issue 9 targets)');
  const width = Math.max(...list.map((t) => t.target.length));
  for (const t of list) console.log(`${t.pass ? 'PASS' : 'MISS'}  ${t.target.padEnd(width)}  ${t.value}`);
}

async function main() {
  // Local machines may run Node 20 (Lambda runs 22): the SDK's notice about its Node 22 floor is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const started = performance.now();
  results.measuredAt = new Date().toISOString();
  results.machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  results.settings = SETTINGS;
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'award-bench-'));
  try {
    await bundlesSection(outDir);
    await standaloneSections();
    await localStackSections();
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
  const list = targets();
  results.targets = list;
  results.benchSeconds = round((performance.now() - started) / 1000);
  printSummary(list);
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${path.relative(process.cwd(), RESULTS)} written (${results.benchSeconds} s in all)`);
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
