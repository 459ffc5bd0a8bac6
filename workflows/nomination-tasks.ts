/**
 * The Task functions of workflows/nomination.asl.json: each one's `${...}` placeholder in the ASL
 * and its entry file (functions/<entry>.ts). The CDK app substitutes function ARNs for the
 * placeholders, the local runtime substitutes local handler names: one list for both. `sendsMail`:
 * the function sends mail through a send-once lease, so it may raise MailInFlight (retry-policy.ts).
 */
export const NOMINATION_TASKS = {
  recordSubmission: {
    placeholder: 'RecordSubmissionFunctionArn',
    entry: 'record-submission',
    sendsMail: true,
  },
  requestApproval: { placeholder: 'RequestApprovalFunctionArn', entry: 'request-approval', sendsMail: true },
  requestCorrection: {
    placeholder: 'RequestCorrectionFunctionArn',
    entry: 'request-correction',
    sendsMail: true,
  },
  notify: { placeholder: 'NotifyFunctionArn', entry: 'notify', sendsMail: true },
  issueCertificate: {
    placeholder: 'IssueCertificateFunctionArn',
    entry: 'issue-certificate',
    sendsMail: false,
  },
  markNeedsAttention: {
    placeholder: 'MarkNeedsAttentionFunctionArn',
    entry: 'mark-needs-attention',
    sendsMail: false,
  },
} as const;

export type NominationTask = keyof typeof NOMINATION_TASKS;

const TASKS = Object.keys(NOMINATION_TASKS) as NominationTask[];

/** One value per task, e.g. its Lambda function. */
export function mapTasks<T>(make: (task: NominationTask) => T): Record<NominationTask, T> {
  return Object.fromEntries(TASKS.map((task) => [task, make(task)])) as Record<NominationTask, T>;
}

/** The ASL's substitutions, given what stands for each task in a runtime (an ARN, a local name). */
export function taskSubstitutions(standIn: (task: NominationTask) => string): Record<string, string> {
  return Object.fromEntries(TASKS.map((task) => [NOMINATION_TASKS[task].placeholder, standIn(task)]));
}
