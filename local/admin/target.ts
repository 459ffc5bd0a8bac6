/**
 * Which system the CLI talks to. By default the local stack (`npm start`) on its documented ports;
 * with `--aws` (or when AWS_PROFILE is set) an AWS account through the usual credential chain and
 * region, the table and state machine named by the stacks' CloudFormation outputs. Only this module
 * and clients.ts know the difference: commands get a Target and clients.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DEFAULT_STATE_MACHINE_NAME, DEFAULT_TABLE_NAME } from '../../functions/contracts/names';
import {
  DEFAULT_PORTS,
  LINK_KEY_SECRET_NAME,
  LOCAL_ACCOUNT,
  LOCAL_CONFIGURATION_SET,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type PortVariable,
} from '../defaults';
import { stateMachineArn } from '../stepfunctions/arns';
import { CliError, regionMissing, toCliError, usageError } from './errors';

/** Stack ids of infra/app.ts (= CloudFormation stack names) and the outputs read from them. */
export const STACK_OUTPUTS = {
  tableName: { stack: 'AwardWorkflowStateful', output: 'TableName' },
  stateMachineArn: { stack: 'AwardWorkflow', output: 'StateMachineArn' },
  linkKeySecretArn: { stack: 'AwardWorkflowStateful', output: 'LinkKeySecretArn' },
  configurationSetName: { stack: 'AwardWorkflowStateful', output: 'ConfigurationSetName' },
  publicUrl: { stack: 'AwardWorkflow', output: 'PublicUrl' },
} as const;

/** What local/stack.ts runs: region, table, state machine, dummy credentials. */
export const LOCAL = {
  host: '127.0.0.1',
  region: LOCAL_REGION,
  tableName: DEFAULT_TABLE_NAME,
  stateMachineArn: stateMachineArn(
    { region: LOCAL_REGION, accountId: LOCAL_ACCOUNT },
    DEFAULT_STATE_MACHINE_NAME,
  ),
  credentials: LOCAL_CREDENTIALS,
} as const;

/** What re-sending an approval mail needs besides the table: where links point, the key, SES's set. */
export interface MailingSettings {
  readonly publicUrl: string;
  readonly linkKeySecretId: string;
  readonly configurationSet?: string;
}

interface TargetBase {
  readonly region: string;
  readonly tableName: string;
  readonly stateMachineArn: string;
  /** For messages: `로컬 스택 (local stack)` or `AWS ap-northeast-2 (profile ops)`. */
  readonly label: string;
}

export interface LocalTarget extends TargetBase {
  readonly kind: 'local';
  readonly endpoints: {
    readonly dynamodb: string;
    readonly stepfunctions: string;
    readonly ses: string;
    readonly secretsmanager: string;
  };
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly mailing: MailingSettings;
}

export interface AwsTarget extends TargetBase {
  readonly kind: 'aws';
  readonly profile?: string;
  /** Absent when the deployed stacks predate the link key (re-send is then refused). */
  readonly mailing?: MailingSettings;
}

export type Target = LocalTarget | AwsTarget;

/** Reads stack outputs (CloudFormation on AWS; a fake in tests). */
export interface StackOutputsLookup {
  /** The region the credential chain and environment resolve to; undefined when none. */
  region(): Promise<string | undefined>;
  /** The outputs of a stack by OutputKey, or undefined when the stack does not exist. */
  outputs(stackName: string): Promise<Readonly<Record<string, string>> | undefined>;
  close?(): void;
}

export interface TargetChoice {
  readonly aws?: boolean;
  readonly local?: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

function portFrom(env: Env, name: PortVariable): number {
  const text = env[name];
  if (text === undefined || text === '') return DEFAULT_PORTS[name];
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw usageError(
      `${name}는 1~65535의 포트 번호여야 합니다: ${JSON.stringify(text)} (${name} must be a port).`,
    );
  }
  return value;
}

function wantsAws(choice: TargetChoice, env: Env): boolean {
  if (choice.aws && choice.local) {
    throw usageError('--aws와 --local은 함께 쓸 수 없습니다 (--aws and --local exclude each other).');
  }
  if (choice.local) return false;
  return Boolean(choice.aws) || Boolean(env.AWS_PROFILE);
}

export function localTarget(env: Env): LocalTarget {
  const at = (name: PortVariable) => `http://${LOCAL.host}:${portFrom(env, name)}`;
  const dynamodb = at('DYNAMODB_PORT');
  const stepfunctions = at('SFN_PORT');
  return {
    kind: 'local',
    region: LOCAL.region,
    tableName: LOCAL.tableName,
    stateMachineArn: LOCAL.stateMachineArn,
    endpoints: { dynamodb, stepfunctions, ses: at('SES_PORT'), secretsmanager: at('SECRETS_PORT') },
    credentials: LOCAL.credentials,
    mailing: {
      publicUrl: env.PUBLIC_URL || `http://localhost:${portFrom(env, 'WEB_PORT')}`,
      linkKeySecretId: LINK_KEY_SECRET_NAME,
      configurationSet: LOCAL_CONFIGURATION_SET,
    },
    label: `로컬 스택 (local stack: ${dynamodb}, ${stepfunctions})`,
  };
}

type OutputSpec = (typeof STACK_OUTPUTS)[keyof typeof STACK_OUTPUTS];

/** Each stack's outputs, read once; a stack that does not exist is named with its region. */
async function stackOutputs(lookup: StackOutputsLookup, region: string) {
  const stacks = [...new Set(Object.values(STACK_OUTPUTS).map((spec) => spec.stack))];
  const found = new Map<string, Readonly<Record<string, string>>>();
  await Promise.all(
    stacks.map(async (stack) => {
      const outputs = await lookup.outputs(stack);
      if (!outputs) {
        throw new CliError(
          'stack_not_found',
          `스택 ${stack}을(를) ${region} 리전에서 찾을 수 없습니다. 배포(npx cdk deploy --all)와 ` +
            `리전(AWS_REGION)을 확인하세요 (stack ${stack} not found in ${region}).`,
        );
      }
      found.set(stack, outputs);
    }),
  );
  const optional = (spec: OutputSpec): string | undefined =>
    found.get(spec.stack)?.[spec.output] || undefined;
  const required = (spec: OutputSpec): string => {
    const value = optional(spec);
    if (!value) {
      throw new CliError(
        'missing_output',
        `스택 ${spec.stack}에 출력 ${spec.output}이(가) 없습니다 (stack output ${spec.output} missing): ` +
          '최신 버전으로 다시 배포하세요 (redeploy).',
      );
    }
    return value;
  };
  return { optional, required };
}

async function awsTarget(env: Env, lookup: StackOutputsLookup): Promise<AwsTarget> {
  const region = await lookup.region();
  if (!region) throw regionMissing();
  const { optional, required } = await stackOutputs(lookup, region);
  const tableName = required(STACK_OUTPUTS.tableName);
  const stateMachineArn = required(STACK_OUTPUTS.stateMachineArn);
  const profile = env.AWS_PROFILE || undefined;
  // Only re-sending needs these: stacks deployed before the link key still serve every other command.
  const linkKeySecretId = optional(STACK_OUTPUTS.linkKeySecretArn);
  const publicUrl = optional(STACK_OUTPUTS.publicUrl);
  const configurationSet = optional(STACK_OUTPUTS.configurationSetName);
  return {
    kind: 'aws',
    region,
    tableName,
    stateMachineArn,
    ...(profile ? { profile } : {}),
    ...(linkKeySecretId && publicUrl
      ? { mailing: { publicUrl, linkKeySecretId, ...(configurationSet ? { configurationSet } : {}) } }
      : {}),
    label: `AWS ${region}${profile ? ` (profile ${profile})` : ''}`,
  };
}

/** The target of this run: local unless `--aws` or AWS_PROFILE (and not `--local`). */
export async function resolveTarget(
  choice: TargetChoice,
  env: Env,
  lookup: () => StackOutputsLookup = cloudFormationOutputs,
): Promise<Target> {
  if (!wantsAws(choice, env)) return localTarget(env);
  const outputs = lookup();
  try {
    return await awsTarget(env, outputs);
  } finally {
    outputs.close?.();
  }
}

/** Stack outputs through DescribeStacks, with the SDK's default credential chain and region. */
function cloudFormationOutputs(): StackOutputsLookup {
  const client = new CloudFormationClient({ maxAttempts: 3 });
  const site = { kind: 'aws', where: 'CloudFormation' } as const;
  return {
    async region() {
      try {
        return await client.config.region();
      } catch {
        return undefined;
      }
    },
    async outputs(stackName) {
      try {
        const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: stackName }));
        const stack = Stacks?.[0];
        if (!stack) return undefined;
        return Object.fromEntries(
          (stack.Outputs ?? []).flatMap((output) =>
            output.OutputKey && output.OutputValue !== undefined
              ? [[output.OutputKey, output.OutputValue]]
              : [],
          ),
        );
      } catch (error) {
        const name = error instanceof Error ? error.name : '';
        if (name === 'ValidationError' && /does not exist/i.test(String((error as Error).message))) {
          return undefined;
        }
        throw toCliError(error, site);
      }
    },
    close: () => client.destroy(),
  };
}
