/**
 * The stage-listing section alone (bench/run.ts runs it among the rest): seeds a cycle, then times
 * GET of the HQ batch page, HTML and JSON. `npx tsx bench/stage-listing-quick.ts`
 * (BENCH_CYCLE_NOMINATIONS, BENCH_HQ_WAITING, BENCH_LISTING_REPEATS as in bench/run.ts).
 */
import { startLocalStack } from '../local/stack';
import { openCycleConfig } from '../test/support/test-config';
import { envInt } from './measure';
import { seedCycle, timeBatchPage } from './stage-listing';

async function main() {
  process.env.LOG_LEVEL = 'error';
  const total = envInt('BENCH_CYCLE_NOMINATIONS', 10_000);
  const waiting = envInt('BENCH_HQ_WAITING', 1_000);
  const repeats = envInt('BENCH_LISTING_REPEATS', 25);
  const stack = await startLocalStack({
    ports: { dynamodb: 0, ses: 0, stepfunctions: 0, web: 0 },
    configDir: openCycleConfig({ quotas: { organization: 100_000, individual: 100_000 } }),
    reminderSweepSeconds: 0,
  });
  try {
    const seeded = await seedCycle(stack, total, waiting);
    console.log(`seeded ${total} (${waiting} at HQ) in ${seeded.seconds} s`);
    const url = `${stack.urls.web}/reviews/${seeded.reviewId}`;
    // One warm-up of each (the handler's first import), as a reviewer's first click would pay.
    await timeBatchPage(url, 'text/html', 1);
    const html = await timeBatchPage(url, 'text/html', repeats);
    const json = await timeBatchPage(url, 'application/json', repeats);
    console.log(JSON.stringify({ html, json, p95Ms: Math.max(html.p95Ms, json.p95Ms) }));
  } finally {
    await stack.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
