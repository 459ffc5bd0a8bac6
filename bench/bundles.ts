import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import {
  CERTIFICATE_FONT_DIR,
  CERTIFICATE_FONT_PACKAGE,
  CERTIFICATE_FONTS,
  type CertificateFontName,
  certificateFontFile,
} from '../functions/contracts/certificates';
import { HTTP_FUNCTIONS } from '../functions/contracts/routes';
import { NOMINATION_TASKS } from '../workflows/nomination-tasks';
import { median, round } from './measure';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');

/** Every Lambda entry: the HTTP functions, the workflow's tasks, the sweep and the intake. */
export const FUNCTIONS = [
  ...new Set([
    ...HTTP_FUNCTIONS,
    ...Object.values(NOMINATION_TASKS).map((task) => task.entry),
    'remind-approvals',
    'inbound-email',
    'mail-events',
  ]),
];
/** The bundle budget: 150 KiB. */
export const BUNDLE_LIMIT_BYTES = 150 * 1024;
/** Ships its fonts beside the bundle and is exempt from the budget (issue 9). */
export const EXEMPT_FROM_LIMIT = 'issue-certificate';
const EMPTY_HANDLER = '(empty handler)';

/** What the functions read at init; values only need to be well-formed. */
const INIT_ENV = {
  NODE_NO_WARNINGS: '1',
  TABLE_NAME: 't',
  STATE_MACHINE_ARN: 'arn:aws:states:ap-northeast-2:000000000000:stateMachine:x',
  PUBLIC_URL: 'http://localhost:3000',
  MAIL_FROM: 'a@example.test',
  INTAKE_BUCKET: 'b',
  CERTIFICATE_BUCKET: 'c',
  LINK_KEY_SECRET_ID: 'arn:aws:secretsmanager:ap-northeast-2:000000000000:secret:k',
  AWS_REGION: 'ap-northeast-2',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

export interface EmptyHandler {
  bytes: number;
  initMs: number;
  requireMs: number;
}

export interface BundleFigures {
  name: string;
  bytes: number;
  gzipBytes: number;
  initMs: number;
  requireMs: number;
  initRatio: number;
  overLimit: boolean;
  exempt: boolean;
  assets?: { file: string; bytes: number; gzipBytes: number }[];
}

/** esbuild with the options infra/constructs/task-function.ts gives CDK (minified CJS, node22, SDK external). */
async function bundle(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
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
}

/**
 * A cold-start proxy from `runs` fresh Node processes that each require the bundle, one after
 * another (parallel processes would measure the CPU's contention, not the bundle):
 * - `initMs`: the median wall time of the whole process, spawn to exit: Node's boot plus the
 *   bundle's init, as a Lambda cold start is the runtime's boot plus the handler's init. An empty
 *   handler's is what any function pays, so the ratio reads as "x times a do-nothing function".
 * - `requireMs`: the median of `require` alone, timed inside the process (the figure this bench
 *   printed before): the bundle's own init, SDK modules (external, as in the Lambda runtime) included.
 */
async function initTimes(outfile: string, runs: number): Promise<{ initMs: number; requireMs: number }> {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(outfile)});console.log(Number(process.hrtime.bigint()-t)/1e6)`;
  const env = { ...process.env, ...INIT_ENV, NODE_PATH: path.join(ROOT, 'node_modules') };
  const walls: number[] = [];
  const requires: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const started = performance.now();
    const { stdout } = await run('node', ['-e', script], { env });
    walls.push(performance.now() - started);
    requires.push(Number(stdout));
  }
  return { initMs: median(walls), requireMs: median(requires) };
}

/** Copies the certificate fonts beside the bundle (`fonts/`), as the function's package has them. */
function shipCertificateFonts(outDir: string): NonNullable<BundleFigures['assets']> {
  mkdirSync(path.join(outDir, CERTIFICATE_FONT_DIR), { recursive: true });
  return (Object.keys(CERTIFICATE_FONTS) as CertificateFontName[]).map((font) => {
    const file = path.join(CERTIFICATE_FONT_DIR, certificateFontFile(font));
    const content = readFileSync(require.resolve(`${CERTIFICATE_FONT_PACKAGE}/${CERTIFICATE_FONTS[font]}`));
    writeFileSync(path.join(outDir, file), content);
    return { file, bytes: content.length, gzipBytes: gzipSync(content).length };
  });
}

async function measure(name: string, entry: string, outDir: string, runs: number) {
  const outfile = path.join(outDir, `${name === EMPTY_HANDLER ? 'empty-handler' : name}.js`);
  await bundle(entry, outfile);
  const assets = name === EXEMPT_FROM_LIMIT ? shipCertificateFonts(outDir) : undefined;
  return {
    bytes: statSync(outfile).size,
    gzipBytes: gzipSync(readFileSync(outfile)).length,
    ...(await initTimes(outfile, runs)),
    ...(assets ? { assets } : {}),
  };
}

/**
 * Every function's bundle: size and init, and init against an empty handler bundled and measured
 * the same way in the same run (what any function costs before its own code: the ratio is what
 * this code adds, whatever the machine's speed).
 */
export async function measureBundles(
  outDir: string,
  runs: number,
): Promise<{ empty: EmptyHandler; bundles: BundleFigures[] }> {
  const emptyEntry = path.join(outDir, 'empty-handler.entry.js');
  writeFileSync(emptyEntry, 'exports.handler = async () => ({});\n');
  const empty = await measure(EMPTY_HANDLER, emptyEntry, outDir, runs);
  const bundles: BundleFigures[] = [];
  for (const name of FUNCTIONS) {
    const figures = await measure(name, path.join(ROOT, 'functions', `${name}.ts`), outDir, runs);
    bundles.push({
      name,
      ...figures,
      initMs: round(figures.initMs, 2),
      requireMs: round(figures.requireMs, 2),
      initRatio: round(figures.initMs / empty.initMs, 2),
      overLimit: figures.bytes > BUNDLE_LIMIT_BYTES,
      exempt: name === EXEMPT_FROM_LIMIT,
    });
  }
  return {
    empty: { bytes: empty.bytes, initMs: round(empty.initMs, 2), requireMs: round(empty.requireMs, 2) },
    bundles,
  };
}

export function printBundles(empty: EmptyHandler, bundles: readonly BundleFigures[]) {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  const msCell = (value: number) => `${value.toFixed(1)} ms`.padStart(9);
  console.log('function                   size       gzip  process  require  ratio  150 KiB');
  const row = (name: string, sizes: [number, number], times: [number, number], ratio: number, mark: string) =>
    console.log(
      `${name.padEnd(20)} ${kib(sizes[0]).padStart(10)} ${kib(sizes[1]).padStart(10)} ${msCell(times[0])} ${msCell(times[1])}  ${ratio.toFixed(2).padStart(5)}  ${mark}`,
    );
  row('(empty handler)', [empty.bytes, empty.bytes], [empty.initMs, empty.requireMs], 1, '');
  for (const b of bundles) {
    const mark = b.overLimit ? (b.exempt ? 'over (exempt: fonts beside it)' : 'OVER') : 'ok';
    row(b.name, [b.bytes, b.gzipBytes], [b.initMs, b.requireMs], b.initRatio, mark);
    for (const asset of b.assets ?? [])
      console.log(`  + ${asset.file} ${kib(asset.bytes)} (gzip ${kib(asset.gzipBytes)})`);
  }
  console.log(
    "process = median wall time of a fresh `node -e` requiring the bundle (spawn to exit); require = the require alone; ratio = process / the empty handler's process",
  );
}
