import { readFileSync } from 'node:fs';
import path from 'node:path';
import { STATEFUL_STACK_ID, WORKFLOW_STACK_ID } from '../../infra/app';
import { CliError } from '../../local/admin/errors';
import { LOCAL, resolveTarget, STACK_OUTPUTS, type StackOutputsLookup } from '../../local/admin/target';

/** CloudFormation as a table of stacks: what `--aws` reads the table and state machine from. */
function fakeOutputs(
  stacks: Record<string, Record<string, string>>,
  region: string | null = 'ap-northeast-2',
): StackOutputsLookup & { asked: string[]; closed: boolean } {
  const fake = {
    asked: [] as string[],
    closed: false,
    region: async () => region ?? undefined,
    outputs: async (name: string) => {
      fake.asked.push(name);
      return stacks[name];
    },
    close: () => {
      fake.closed = true;
    },
  };
  return fake;
}

const DEPLOYED = {
  AwardWorkflowStateful: { TableName: 'AwardWorkflowStateful-AwardTable-1ABC', ConfigurationSetName: 'x' },
  AwardWorkflow: {
    StateMachineArn: 'arn:aws:states:ap-northeast-2:123456789012:stateMachine:NominationWorkflow',
    ApiUrl: 'https://example.execute-api.ap-northeast-2.amazonaws.com/',
  },
};

async function problem(promise: Promise<unknown>): Promise<CliError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return error as CliError;
  }
  throw new Error('resolved without an error');
}

describe('admin CLI target resolution', () => {
  it('targets the local stack by default: its ports, table, state machine and dummy credentials', async () => {
    const lookup = jest.fn();
    const target = await resolveTarget({}, {}, lookup);
    expect(target).toMatchObject({
      kind: 'local',
      region: 'ap-northeast-2',
      tableName: 'award-workflow',
      stateMachineArn: 'arn:aws:states:ap-northeast-2:000000000000:stateMachine:NominationWorkflow',
      endpoints: { dynamodb: 'http://127.0.0.1:8000', stepfunctions: 'http://127.0.0.1:8083' },
      credentials: LOCAL.credentials,
    });
    expect(lookup).not.toHaveBeenCalled();
  });

  it('takes the local ports from the variables of npm start, and refuses a port that is not one', async () => {
    const target = await resolveTarget(
      {},
      {
        DYNAMODB_PORT: '18000',
        SFN_PORT: '18083',
        SES_PORT: '18005',
        SECRETS_PORT: '18086',
        WEB_PORT: '13000',
      },
    );
    expect(target.kind === 'local' && target.endpoints).toEqual({
      dynamodb: 'http://127.0.0.1:18000',
      stepfunctions: 'http://127.0.0.1:18083',
      ses: 'http://127.0.0.1:18005',
      secretsmanager: 'http://127.0.0.1:18086',
    });
    expect(target.kind === 'local' && target.mailing.publicUrl).toBe('http://localhost:13000');
    const bad = await problem(resolveTarget({}, { SFN_PORT: 'eighty' }));
    expect(bad.exitCode).toBe(2);
    expect(bad.message).toContain('SFN_PORT');
  });

  it('targets AWS with --aws or AWS_PROFILE: table and state machine from the stacks’ outputs', async () => {
    const outputs = fakeOutputs(DEPLOYED);
    const target = await resolveTarget({ aws: true }, {}, () => outputs);
    expect(target).toEqual({
      kind: 'aws',
      region: 'ap-northeast-2',
      tableName: 'AwardWorkflowStateful-AwardTable-1ABC',
      stateMachineArn: 'arn:aws:states:ap-northeast-2:123456789012:stateMachine:NominationWorkflow',
      label: 'AWS ap-northeast-2',
    });
    // Each stack's outputs are read once.
    expect(outputs.asked.sort()).toEqual(['AwardWorkflow', 'AwardWorkflowStateful']);
    expect(outputs.closed).toBe(true);

    const byProfile = await resolveTarget({}, { AWS_PROFILE: 'award-ops' }, () => fakeOutputs(DEPLOYED));
    expect(byProfile).toMatchObject({
      kind: 'aws',
      profile: 'award-ops',
      label: 'AWS ap-northeast-2 (profile award-ops)',
    });
  });

  it('knows how to re-send mail on AWS only when the stacks export the link key and the public URL', async () => {
    const withKey = {
      AwardWorkflowStateful: {
        ...DEPLOYED.AwardWorkflowStateful,
        LinkKeySecretArn: 'arn:aws:secretsmanager:k',
      },
      AwardWorkflow: { ...DEPLOYED.AwardWorkflow, PublicUrl: 'https://award.example.kr' },
    };
    const target = await resolveTarget({ aws: true }, {}, () => fakeOutputs(withKey));
    expect(target.mailing).toEqual({
      publicUrl: 'https://award.example.kr',
      linkKeySecretId: 'arn:aws:secretsmanager:k',
      configurationSet: 'x',
    });
    expect((await resolveTarget({ aws: true }, {}, () => fakeOutputs(DEPLOYED))).mailing).toBeUndefined();
  });

  it('--local wins over AWS_PROFILE; --aws with --local is a usage error', async () => {
    const lookup = jest.fn();
    expect((await resolveTarget({ local: true }, { AWS_PROFILE: 'award-ops' }, lookup)).kind).toBe('local');
    expect(lookup).not.toHaveBeenCalled();
    const both = await problem(resolveTarget({ aws: true, local: true }, {}, lookup));
    expect(both.exitCode).toBe(2);
  });

  it('says what is missing on AWS: the region, a stack, an output', async () => {
    const noRegion = await problem(resolveTarget({ aws: true }, {}, () => fakeOutputs(DEPLOYED, null)));
    expect(noRegion.message).toContain('AWS 리전을 알 수 없습니다');
    expect(noRegion.exitCode).toBe(1);

    const noStack = await problem(
      resolveTarget({ aws: true }, {}, () =>
        fakeOutputs({ AwardWorkflowStateful: DEPLOYED.AwardWorkflowStateful }),
      ),
    );
    expect(noStack.code).toBe('stack_not_found');
    expect(noStack.message).toContain('스택 AwardWorkflow을(를) ap-northeast-2 리전에서 찾을 수 없습니다');

    const noOutput = await problem(
      resolveTarget({ aws: true }, {}, () =>
        fakeOutputs({ ...DEPLOYED, AwardWorkflowStateful: { ConfigurationSetName: 'x' } }),
      ),
    );
    expect(noOutput.code).toBe('missing_output');
    expect(noOutput.message).toContain('TableName');
  });

  it('reads the stacks infra/app.ts deploys', () => {
    expect(STACK_OUTPUTS.tableName.stack).toBe(STATEFUL_STACK_ID);
    expect(STACK_OUTPUTS.stateMachineArn.stack).toBe(WORKFLOW_STACK_ID);
    const stacks = path.join(__dirname, '..', '..', 'infra', 'stacks');
    expect(readFileSync(path.join(stacks, 'stateful-stack.ts'), 'utf8')).toContain(
      `new CfnOutput(this, '${STACK_OUTPUTS.tableName.output}'`,
    );
    expect(readFileSync(path.join(stacks, 'workflow-stack.ts'), 'utf8')).toContain(
      `new CfnOutput(this, '${STACK_OUTPUTS.stateMachineArn.output}'`,
    );
  });
});
