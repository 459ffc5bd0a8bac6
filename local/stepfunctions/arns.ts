import { executionArnFor } from '../../functions/contracts/names';
import { ServiceError } from './errors';

export interface ServiceLocation {
  region: string;
  accountId: string;
}

export function stateMachineArn(where: ServiceLocation, stateMachineName: string): string {
  return `arn:aws:states:${where.region}:${where.accountId}:stateMachine:${stateMachineName}`;
}

export function executionArn(
  where: ServiceLocation,
  stateMachineName: string,
  executionName: string,
): string {
  return executionArnFor(stateMachineArn(where, stateMachineName), executionName);
}

export function fakeRoleArn(where: ServiceLocation, stateMachineName: string): string {
  return `arn:aws:iam::${where.accountId}:role/${stateMachineName}-local`;
}

/** AWS answers InvalidArn for strings that are not ARNs at all, before looking anything up. */
export function assertArn(value: string, what: string): void {
  if (!/^arn:aws[a-z-]*:states:[^:]*:[^:]*:[A-Za-z]+:.+/.test(value)) {
    throw new ServiceError('InvalidArn', `Invalid Arn: '${value}' is not a valid ${what} ARN`);
  }
}

// AWS rule for execution names: 1-80 characters, none of whitespace, brackets, wildcards,
// the listed punctuation or control characters.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what AWS forbids.
const FORBIDDEN_NAME_CHARACTERS = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

export function assertExecutionName(name: string): void {
  if (name.length < 1 || name.length > 80 || FORBIDDEN_NAME_CHARACTERS.test(name)) {
    throw new ServiceError('InvalidName', `Invalid Name: '${name}'`);
  }
}
