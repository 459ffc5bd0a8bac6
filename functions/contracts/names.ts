/**
 * Physical names fixed so that a stack in another region (SES receiving) and the local runtime and
 * ops tools can address them without cross-stack references. Imports nothing.
 */
export const DEFAULT_TABLE_NAME = 'award-workflow';
export const DEFAULT_STATE_MACHINE_NAME = 'NominationWorkflow';

/** The ARN of a nomination's execution: its name is the nomination id. */
export function executionArnFor(stateMachineArn: string, nominationId: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${nominationId}`;
}

/**
 * Characters of the generated link key (letters and digits, ~380 bits; HMAC-SHA256 needs 256):
 * Secrets Manager generates it on AWS, the local stand-in the same way.
 */
export const LINK_KEY_LENGTH = 64;

/**
 * Seconds a function may run, for infra (the Lambda timeout) and the local runtime (the context's
 * remaining time): the HTTP functions (`web`, `review`, `export`) answer API Gateway, whose HTTP API gives
 * up at 30 s (a batch decision of many rows needs more than a page does, and stops in time: see
 * batch-review's time budget).
 */
export const FUNCTION_TIMEOUT_SECONDS = { web: 29, review: 29, export: 29, task: 30, sweep: 300 } as const;
