import * as fs from 'node:fs';
import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { type NominationTask, taskSubstitutions } from '../../workflows/nomination-tasks';

/** The Lambda functions behind the workflow's Task states. */
export type NominationTaskFunctions = Readonly<Record<NominationTask, lambda.IFunction>>;

export interface NominationStateMachineProps {
  /** Path of the ASL file (`workflows/nomination.asl.json`), shared with the local runtime. */
  readonly definitionFile: string;
  readonly tasks: NominationTaskFunctions;
  /**
   * Physical name. Fixed (not generated) so that a stack in another region can build the ARN without
   * a cross-stack reference (SES receiving, see IntakeStack).
   * @default a CloudFormation-generated name
   */
  readonly stateMachineName?: string;
  /** @default logs.RetentionDays.SIX_MONTHS */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Placeholders of the ASL file -> task functions. The one definition is loaded as is; only these
 * `${...}` substitutions differ between AWS and the local runtime.
 */
export function definitionSubstitutions(tasks: NominationTaskFunctions): Record<string, string> {
  return taskSubstitutions((task) => tasks[task].functionArn);
}

/** `${Name}` placeholders used in an ASL text (Step Functions definition substitutions). */
export function placeholdersOf(definition: string): string[] {
  return [...new Set([...definition.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1] as string))].sort();
}

/**
 * The nomination workflow: a STANDARD state machine from the shared ASL file, all events logged
 * (without execution data: task tokens, names and e-mail addresses stay out of the logs), no X-Ray
 * (as the functions: see TaskFunction), and a role that may invoke exactly the four task functions.
 */
export class NominationStateMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: NominationStateMachineProps) {
    super(scope, id);

    const definition = fs.readFileSync(props.definitionFile, 'utf8');
    JSON.parse(definition); // fail synth early on a broken file
    const substitutions = definitionSubstitutions(props.tasks);
    const used = placeholdersOf(definition);
    const given = Object.keys(substitutions).sort();
    if (used.join(',') !== given.join(',')) {
      throw new Error(
        `${props.definitionFile}: placeholders [${used.join(', ')}] do not match the substitutions [${given.join(', ')}]`,
      );
    }

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.SIX_MONTHS,
    });

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(definition),
      definitionSubstitutions: substitutions,
      comment: '올해의 고용서비스상 추천·승인 워크플로',
      tracingEnabled: false,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });

    // A definition given as a string is opaque to CDK: grant the task invocations explicitly, on
    // exactly the four unqualified function ARNs the definition names. (fn.grantInvoke would add
    // `<arn>:*` for versions and aliases too, which the workflow never calls.)
    iam.Grant.addToPrincipal({
      grantee: this.stateMachine,
      actions: ['lambda:InvokeFunction'],
      resourceArns: (Object.values(props.tasks) as lambda.IFunction[]).map((fn) => fn.functionArn),
    });

    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Resource "*" only for the actions CDK adds for CloudWatch Logs delivery (logs:CreateLogDelivery, ' +
        'GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, ' +
        'DescribeResourcePolicies, DescribeLogGroups); none of them supports resource-level permissions.',
    });
    Validations.of(this.stateMachine).acknowledge({
      id: 'AwsSolutions-SF2',
      reason:
        'X-Ray is off for the whole system by decision (see TaskFunction): the functions are not traced, so a ' +
        'trace would show only what the execution history already shows, state by state with timings.',
    });
  }
}
