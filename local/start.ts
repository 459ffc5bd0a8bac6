import path from 'node:path';
import { DEFAULT_PORTS, LOCAL_REGION, type PortVariable } from './defaults';
import { assertPortsFree } from './ports';
import { ROOT, startLocalStack } from './stack';

/** `npm start`: the whole system on this machine, on the documented (overridable) ports. */
function port(name: PortVariable): number {
  const value = Number(process.env[name] ?? DEFAULT_PORTS[name]);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new Error(`${name} must be a port number`);
  return value;
}

// Local machines may run Node 20 (Lambda runs 22): the SDK's notice about its future Node 22 floor is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main() {
  // One failing part (a handler bug, a broken socket) is logged; it never takes the others down.
  process.on('uncaughtException', (error) =>
    console.error(`uncaught error: ${error.stack ?? error.message}`),
  );
  process.on('unhandledRejection', (reason) => console.error(`unhandled rejection: ${String(reason)}`));
  const ports = Object.fromEntries(
    (Object.keys(DEFAULT_PORTS) as PortVariable[]).map((name) => [name, port(name)]),
  ) as Record<PortVariable, number>;
  const webPort = ports.WEB_PORT;
  const host = process.env.HOST ?? '127.0.0.1';
  await assertPortsFree(ports, host);
  const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${webPort}`;
  const stack = await startLocalStack({
    ports: {
      dynamodb: ports.DYNAMODB_PORT,
      ses: ports.SES_PORT,
      stepfunctions: ports.SFN_PORT,
      web: ports.WEB_PORT,
      s3: ports.S3_PORT,
      smtp: ports.SMTP_PORT,
      ops: ports.OPS_PORT,
      secrets: ports.SECRETS_PORT,
    },
    host,
    dataDir: process.env.DATA_DIR ?? path.join(ROOT, '.data'),
    ...(process.env.AWARD_CONFIG_DIR ? { configDir: process.env.AWARD_CONFIG_DIR } : {}),
    // SES checks SPF/DKIM/DMARC in DNS; locally mail from this machine passes unless told otherwise.
    mailVerdict: () => (process.env.SMTP_VERDICT === 'FAIL' ? 'FAIL' : 'PASS'),
    publicUrl,
    reminderSweepSeconds: Number(process.env.REMINDER_SWEEP_SECONDS ?? 60),
    log: (line) => console.log(`  ${line}`),
  });
  console.log(`
올해의 고용서비스상 추천·승인 시스템이 실행 중입니다 (award-workflow, local).

  추천서 작성 (nomination form)   ${publicUrl}/
  메일함 (outbox, approval links) ${stack.urls.outbox.replace('127.0.0.1', 'localhost')}/
  운영 콘솔 (ops console)          ${stack.urls.console.replace('127.0.0.1', 'localhost')}/
  추천 메일 접수 (SMTP intake)    localhost:${stack.smtpPort}  ->  nominations@example.test
    swaks --server localhost:${stack.smtpPort} --from award.seoul@example.test --to nominations@example.test \\
      --header "Subject: 고용서비스상 추천" --add-header "Content-Type: text/plain; charset=utf-8" \\
      --body config/intake-mail-example.txt
  Step Functions endpoint         ${stack.urls.stepfunctions}
    aws stepfunctions list-executions --endpoint-url ${stack.urls.stepfunctions} \\
      --state-machine-arn ${stack.stateMachineArn} --region ${LOCAL_REGION}

Ctrl-C로 종료합니다 (stop with Ctrl-C).`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping...`);
    await stack.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: Error) => {
  console.error(`Could not start: ${error.message}`);
  process.exit(1);
});
