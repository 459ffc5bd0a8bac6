import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, SESEvent } from 'aws-lambda';
import sesLocal from 'aws-ses-v2-local';
import type { LiveConfig } from '../functions/adapters/config';
import { saveConfig } from '../functions/adapters/dynamo-config';
import {
  DEFAULT_STATE_MACHINE_NAME,
  DEFAULT_TABLE_NAME,
  FUNCTION_TIMEOUT_SECONDS,
  LINK_KEY_LENGTH,
} from '../functions/contracts/names';
import { HTTP_FUNCTIONS, type HttpFunctionName } from '../functions/contracts/routes';
import { NOMINATION_TASKS, taskSubstitutions } from '../workflows/nomination-tasks';
import { startConsole } from './console';
import { LINK_KEY_SECRET_NAME, LOCAL_CONFIGURATION_SET, LOCAL_REGION } from './defaults';
import { ensureTable, localCredentials, startDynamoDbLocal } from './dynamodb-local';
import { type HttpLambda, startGateway } from './gateway';
import { lambdaContext } from './lambda-context';
import { approvalResender } from './ops-resend';
import { forgetOutbox, patchStore, persistOutbox } from './outbox';
import { freePort } from './ports';
import { startLocalS3 } from './s3';
import { startLocalSecretsManager } from './secrets-manager';
import { watchSimulatorMail } from './ses-events';
import { startSmtpIntake, type Verdict } from './smtp-intake';
import { type LocalLambda, startLocalStepFunctions, substituteDefinition } from './stepfunctions';
import { MAX_TIMER_SECONDS } from './stepfunctions/definition';

export const ROOT = path.resolve(__dirname, '..');
export const ASL_PATH = path.join(ROOT, 'workflows', 'nomination.asl.json');
const REGION = LOCAL_REGION;
const INTAKE_BUCKET = 'award-intake';
/** Issued certificates (표창장 PDFs): the stateful stack's certificates bucket on AWS. */
const CERTIFICATE_BUCKET = 'award-certificates';

async function loadConfigIntoTable(endpoint: string, tableName: string, config: LiveConfig): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: REGION, credentials: localCredentials });
  try {
    await saveConfig(DynamoDBDocumentClient.from(client), tableName, config);
  } finally {
    client.destroy();
  }
}

/** What SES's S3 action does: one PutObject of the raw message. */
async function putObject(endpoint: string, bucket: string, key: string, body: Buffer): Promise<void> {
  const s3 = new S3Client({ endpoint, forcePathStyle: true, region: REGION, credentials: localCredentials });
  try {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  } finally {
    s3.destroy();
  }
}

export interface LocalStackOptions {
  /** 0 picks a free port (tests); npm start passes the documented defaults. */
  readonly ports: {
    dynamodb: number;
    ses: number;
    stepfunctions: number;
    web: number;
    s3?: number;
    smtp?: number;
    ops?: number;
    secrets?: number;
  };
  readonly host?: string;
  /** Where local state lives (DynamoDB Local's files under dynamodb/, S3 objects under s3/); omitted = a temporary place. */
  readonly dataDir?: string;
  /** Cycle and directory files to run with (AWARD_CONFIG_DIR); omitted = the bundled config/. */
  readonly configDir?: string;
  /** SPF/DKIM/DMARC verdicts the SMTP stand-in stamps on mail from a sender; default PASS. */
  readonly mailVerdict?: (sender: string) => Verdict;
  readonly publicUrl?: string;
  readonly tableName?: string;
  /** Seconds between reminder sweeps (EventBridge's rate on AWS is 15 minutes); 0 = only on demand. @default 60 */
  readonly reminderSweepSeconds?: number;
  /** Caps human-wait timeouts locally (see NOTES: JS timers overflow past ~24.8 days). */
  readonly maxTaskTimeoutSeconds?: number;
  readonly log?: (line: string) => void;
}

export interface LocalStack {
  readonly urls: {
    web: string;
    outbox: string;
    ses: string;
    stepfunctions: string;
    dynamodb: string;
    s3: string;
    /** The local ops console (executions, graphs, cycle charts, stop/redrive). */
    console: string;
  };
  /** The SMTP port that stands in for SES receiving. */
  readonly smtpPort: number;
  readonly intakeBucket: string;
  readonly certificateBucket: string;
  readonly stateMachineArn: string;
  readonly tableName: string;
  /** Runs one reminder sweep now, as the schedule would (tests; waits for a running one first). */
  sweepReminders(): Promise<unknown>;
  close(): Promise<void>;
}

type Handler = (event: unknown, context: Context) => Promise<unknown>;

async function loadHandler(name: string): Promise<Handler> {
  // Loaded only after the environment is set: handlers read their config once, at init.
  const module = (await import(`../functions/${name}`)) as { handler: Handler };
  return module.handler;
}

function asLocalLambda(name: string, handler: Handler): LocalLambda {
  // A JSON round trip, like the Lambda service: handlers never share objects with the engine.
  return async (payload) =>
    JSON.parse(
      JSON.stringify((await handler(JSON.parse(JSON.stringify(payload)), lambdaContext(name))) ?? null),
    );
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    const address = server.address();
    if (typeof address === 'object' && address) resolve(address.port);
    else server.once('listening', () => resolve(listen(server)));
  });
}

/**
 * Starts the whole system on this machine: DynamoDB Local, aws-ses-v2-local, the local Step
 * Functions service running workflows/nomination.asl.json, and the gateway in front of the HTTP
 * functions of the route table (`web`, `review`, `export`).
 * Handlers find the stand-ins only through the standard AWS_ENDPOINT_URL_* variables.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);
  const tableName = options.tableName ?? DEFAULT_TABLE_NAME;
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  try {
    const dynamodbPort = options.ports.dynamodb || (await freePort());
    const dynamodb = await startDynamoDbLocal({
      port: dynamodbPort,
      ...(options.dataDir ? { dataDir: path.join(options.dataDir, 'dynamodb') } : {}),
    });
    closers.push(() => dynamodb.close());
    await ensureTable(dynamodb.endpoint, tableName);
    log(`DynamoDB Local      ${dynamodb.endpoint}`);

    patchStore();
    if (options.dataDir) {
      persistOutbox(path.join(options.dataDir, 'ses'));
      closers.push(async () => forgetOutbox());
    }
    const sesServer = await sesLocal({ host, port: options.ports.ses });
    // SES's mailbox simulator: bounce@, complaint@ and success@simulator.amazonses.com report back.
    const simulator = watchSimulatorMail(sesServer, { region: REGION });
    closers.push(() => new Promise((resolve) => sesServer.close(() => resolve())));
    const sesUrl = `http://${host}:${await listen(sesServer)}`;
    log(`SES (outbox)        ${sesUrl}`);

    const s3Dir = options.dataDir
      ? path.join(options.dataDir, 's3')
      : mkdtempSync(path.join(tmpdir(), 'award-s3-'));
    // Without a DATA_DIR, objects live as long as the stack (like DynamoDB Local's -inMemory).
    if (!options.dataDir) closers.push(async () => rmSync(s3Dir, { recursive: true, force: true }));
    const s3 = await startLocalS3({
      port: options.ports.s3 ?? 0,
      host,
      directory: s3Dir,
      buckets: [INTAKE_BUCKET, CERTIFICATE_BUCKET],
      credentials: localCredentials,
    });
    closers.push(() => s3.close());
    log(`S3                  ${s3.endpoint}`);

    const secretsDir = options.dataDir
      ? path.join(options.dataDir, 'secrets')
      : mkdtempSync(path.join(tmpdir(), 'award-secrets-'));
    if (!options.dataDir) closers.push(async () => rmSync(secretsDir, { recursive: true, force: true }));
    const secrets = await startLocalSecretsManager({
      port: options.ports.secrets ?? 0,
      host,
      region: REGION,
      directory: secretsDir,
      secrets: { [LINK_KEY_SECRET_NAME]: LINK_KEY_LENGTH },
    });
    closers.push(() => secrets.close());
    log(`Secrets Manager     ${secrets.endpoint}`);

    const webPort = options.ports.web || (await freePort());
    const publicUrl = options.publicUrl ?? `http://localhost:${webPort}`;
    const stateMachineName = DEFAULT_STATE_MACHINE_NAME;
    const stepFunctionsPort = options.ports.stepfunctions || (await freePort());
    const stateMachineArn = `arn:aws:states:${REGION}:000000000000:stateMachine:${stateMachineName}`;

    Object.assign(process.env, {
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      AWS_ENDPOINT_URL_SES: sesUrl,
      AWS_ENDPOINT_URL_SESV2: sesUrl,
      AWS_ENDPOINT_URL_SFN: `http://${host}:${stepFunctionsPort}`,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      LINK_KEY_SECRET_ID: secrets.arnOf(LINK_KEY_SECRET_NAME),
      TABLE_NAME: tableName,
      STATE_MACHINE_ARN: stateMachineArn,
      PUBLIC_URL: publicUrl,
      SES_CONFIGURATION_SET: LOCAL_CONFIGURATION_SET,
      INTAKE_BUCKET,
      CERTIFICATE_BUCKET,
    });
    if (options.configDir) process.env.AWARD_CONFIG_DIR = options.configDir;
    else delete process.env.AWARD_CONFIG_DIR;
    // Read after AWARD_CONFIG_DIR is set, as the handlers read it at init.
    const shipped = (await import('../functions/adapters/config')).shippedConfig();
    const { directory } = shipped;
    process.env.MAIL_FROM = directory.mailFrom;
    // Ops changes reach the functions within seconds locally (30 s on AWS).
    process.env.CONFIG_CACHE_SECONDS ??= '2';
    // As `load-config` does on AWS: the cycles and directory become data in the table.
    await loadConfigIntoTable(dynamodb.endpoint, tableName, shipped);

    // Each task's local function name stands where the ARN stands on AWS.
    const lambdas: Record<string, LocalLambda> = {};
    for (const { entry } of Object.values(NOMINATION_TASKS)) {
      lambdas[`local:${entry}`] = asLocalLambda(entry, await loadHandler(entry));
    }
    const substitutions = taskSubstitutions((task) => `local:${NOMINATION_TASKS[task].entry}`);
    const stepFunctions = await startLocalStepFunctions({
      port: stepFunctionsPort,
      host,
      region: REGION,
      stateMachineName,
      definition: substituteDefinition(readFileSync(ASL_PATH, 'utf8'), substitutions),
      lambdas,
      // The ASL's own review waits (21 days: review plus escalation) fit under the ~24.8-day JS
      // timer limit, the only cap by default: links live as long as on AWS.
      maxTaskTimeoutSeconds: options.maxTaskTimeoutSeconds ?? MAX_TIMER_SECONDS,
      ...(options.dataDir ? { dataDir: path.join(options.dataDir, 'stepfunctions') } : {}),
      log,
    });
    closers.push(() => stepFunctions.close());

    // The ops console talks to the stand-ins only through their AWS APIs, as it would to AWS.
    const local = (endpoint: string) => ({ endpoint, region: REGION, credentials: localCredentials });
    const consoleClients = {
      sfn: new SFNClient(local(stepFunctions.endpoint)),
      dynamodb: new DynamoDBClient(local(dynamodb.endpoint)),
      ses: new SESv2Client(local(sesUrl)),
      secrets: new SecretsManagerClient(local(secrets.endpoint)),
    };
    const opsConsole = await startConsole({
      port: options.ports.ops ?? 0,
      host,
      stateMachineArn: stepFunctions.stateMachineArn,
      tableName,
      sfn: consoleClients.sfn,
      dynamodb: consoleClients.dynamodb,
      resend: approvalResender({
        db: DynamoDBDocumentClient.from(consoleClients.dynamodb),
        ses: consoleClients.ses,
        secrets: consoleClients.secrets,
        tableName,
        publicUrl,
        linkKeySecretId: LINK_KEY_SECRET_NAME,
        configurationSet: LOCAL_CONFIGURATION_SET,
      }),
      definition: readFileSync(ASL_PATH, 'utf8'),
      ...(options.configDir ? { configDir: options.configDir } : {}),
      log,
    });
    closers.push(async () => {
      await opsConsole.close();
      for (const client of Object.values(consoleClients)) client.destroy();
    });

    // Each HTTP function as on AWS: its own module (and init), the routes the table gives it.
    const handlers = {} as Record<HttpFunctionName, HttpLambda>;
    for (const fn of HTTP_FUNCTIONS) handlers[fn] = (await loadHandler(fn)) as unknown as HttpLambda;
    const gateway = await startGateway({ port: webPort, host, handlers });
    closers.push(
      () =>
        new Promise((resolve) => {
          gateway.closeAllConnections();
          gateway.close(() => resolve());
        }),
    );
    log(`Web (API Gateway)   http://${host}:${webPort} -> ${HTTP_FUNCTIONS.join(', ')}`);

    const inbound = await loadHandler('inbound-email');
    const smtp = await startSmtpIntake({
      port: options.ports.smtp ?? 0,
      host,
      intakeAddress: directory.intakeAddress,
      store: (key, raw) => putObject(s3.endpoint, INTAKE_BUCKET, key, raw),
      deliver: (event: SESEvent) =>
        inbound(JSON.parse(JSON.stringify(event)), lambdaContext('inbound-email')),
      ...(options.mailVerdict ? { verdictFor: options.mailVerdict } : {}),
      // Mails answered 250 but not yet handed to the function are delivered after a restart.
      ...(options.dataDir ? { pendingDir: path.join(options.dataDir, 'smtp-pending') } : {}),
      log,
    });
    closers.push(() => smtp.close());
    log(`SMTP (SES receiving) ${host}:${smtp.port} -> ${directory.intakeAddress}`);

    // What the configuration set's EventBridge destination and rule do on AWS (local/ses-events.ts).
    simulator.publishTo(asLocalLambda('mail-events', await loadHandler('mail-events')));
    closers.push(() => simulator.settle());

    // What the EventBridge schedule does on AWS: one sweep at a time, never overlapping.
    const remind = await loadHandler('remind-approvals');
    let sweeping: Promise<unknown> = Promise.resolve();
    const sweepReminders = () => {
      sweeping = sweeping
        .catch(() => undefined)
        .then(() =>
          remind(
            { source: 'local.schedule' },
            lambdaContext('remind-approvals', FUNCTION_TIMEOUT_SECONDS.sweep * 1000),
          ),
        );
      return sweeping;
    };
    const sweepSeconds = options.reminderSweepSeconds ?? 60;
    if (sweepSeconds > 0) {
      const timer = setInterval(() => {
        sweepReminders().catch((error: Error) => log(`reminder sweep failed: ${error.message}`));
      }, sweepSeconds * 1000);
      timer.unref();
      closers.push(async () => {
        clearInterval(timer);
        await sweeping.catch(() => undefined);
      });
    }
    log(`Reminder sweep      every ${sweepSeconds > 0 ? `${sweepSeconds} s` : '(on demand)'}`);

    return {
      urls: {
        web: `http://${host}:${webPort}`,
        outbox: sesUrl,
        ses: sesUrl,
        stepfunctions: stepFunctions.endpoint,
        console: opsConsole.url,
        dynamodb: dynamodb.endpoint,
        s3: s3.endpoint,
      },
      smtpPort: smtp.port,
      intakeBucket: INTAKE_BUCKET,
      certificateBucket: CERTIFICATE_BUCKET,
      stateMachineArn: stepFunctions.stateMachineArn,
      tableName,
      sweepReminders,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
