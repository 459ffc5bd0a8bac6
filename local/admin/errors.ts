/**
 * What can go wrong, said plainly (Korean, then English) and never as a stack trace. Exit codes:
 * 0 done, 1 not found / refused / could not reach, 2 usage (bad command, option or argument).
 */

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    /** A stable word for scripts (`--json` prints it): not_found, usage, unreachable, ... */
    readonly code: string,
    message: string,
    readonly exitCode: ExitCode = EXIT.failed,
    /** A line of advice printed after the message (e.g. where to find help). */
    readonly hint?: string,
    /** The service's error name behind it (e.g. ExecutionNotRedrivable), for the audit trail. */
    readonly serviceError?: string,
  ) {
    super(message);
  }
}

export function usageError(message: string, hint?: string): CliError {
  return new CliError('usage', message, EXIT.usage, hint);
}

export function notFound(id: string): CliError {
  return new CliError('not_found', `추천서 ${id}를 찾을 수 없습니다 (nomination ${id} not found).`);
}

export function malformedId(id: string): CliError {
  return usageError(
    `추천서 번호 형식이 올바르지 않습니다: ${JSON.stringify(id)}. 예: 2026-abcdefghijkmnpqrstuv ` +
      '(malformed nomination id: <year>-<20 letters and digits>).',
  );
}

export function noExecution(id: string): CliError {
  return new CliError(
    'no_execution',
    `추천서 ${id}에는 워크플로 실행이 없습니다 (nomination ${id} has no workflow execution).`,
  );
}

export function refused(message: string): CliError {
  return new CliError('refused', message);
}

/** An AWS target whose stacks give no link key or public URL: approval mails cannot be made again. */
export function noMailing(): CliError {
  return new CliError(
    'missing_output',
    '배포된 스택에 출력 LinkKeySecretArn·PublicUrl이 없어 승인 메일을 다시 보낼 수 없습니다. 링크 키가 ' +
      '도입된 최신 버전으로 다시 배포하세요: npx cdk deploy --all (the stacks predate the link key: redeploy).',
  );
}

function localUnreachable(endpoint: string): CliError {
  return new CliError(
    'unreachable',
    `로컬 스택에 연결할 수 없습니다 (${endpoint}). npm start가 실행 중인지 확인하세요 ` +
      '(cannot reach the local stack: is `npm start` running?).',
    EXIT.failed,
    'AWS 계정을 대상으로 하려면 --aws 또는 AWS_PROFILE을 쓰세요 (use --aws or AWS_PROFILE for AWS).',
  );
}

function awsUnreachable(what: string, detail: string): CliError {
  return new CliError(
    'unreachable',
    `AWS ${what}에 연결할 수 없습니다: ${detail}. 네트워크와 리전(AWS_REGION)을 확인하세요 ` +
      `(cannot reach AWS ${what}: check the network and the region).`,
  );
}

function credentialsProblem(detail: string): CliError {
  return new CliError(
    'credentials',
    `AWS 자격 증명을 사용할 수 없습니다: ${detail}. AWS_PROFILE(필요하면 aws sso login) 또는 ` +
      'AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY를 확인하세요 (AWS credentials missing, expired or invalid).',
  );
}

function accessDenied(detail: string): CliError {
  return new CliError(
    'access_denied',
    `AWS 권한이 없습니다: ${detail} (access denied: the role or user lacks a permission).`,
  );
}

export function regionMissing(): CliError {
  return new CliError(
    'region',
    'AWS 리전을 알 수 없습니다. AWS_REGION을 설정하거나 프로필에 region을 지정하세요 ' +
      '(no AWS region: set AWS_REGION or the profile’s region).',
  );
}

/** Error names and codes of a call that never reached its service. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'TimeoutError',
  'RequestTimeout',
]);

function codesOf(error: unknown, depth = 0): string[] {
  if (!error || typeof error !== 'object' || depth > 3) return [];
  const record = error as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
  const own = [record.code, record.name].filter((value): value is string => typeof value === 'string');
  const nested = [
    ...codesOf(record.cause, depth + 1),
    ...(Array.isArray(record.errors) ? record.errors.flatMap((inner) => codesOf(inner, depth + 1)) : []),
  ];
  return [...own, ...nested];
}

export function isNetworkError(error: unknown): boolean {
  return codesOf(error).some((code) => NETWORK_CODES.has(code));
}

const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'TokenProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
]);
const ACCESS_ERRORS = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}

/** Where a failed call went: the local endpoint, or an AWS service. */
export interface CallSite {
  readonly kind: 'local' | 'aws';
  /** The local endpoint (local) or the service's name (aws). */
  readonly where: string;
}

/**
 * Any error a call may throw, as a CliError: CliErrors pass through; network, credential and
 * permission failures get their messages; anything else says which call failed and why, in one line.
 */
export function toCliError(error: unknown, site?: CallSite): CliError {
  if (error instanceof CliError) return error;
  const name = error instanceof Error ? error.name : '';
  const message = messageOf(error);
  if (site && isNetworkError(error)) {
    return site.kind === 'local' ? localUnreachable(site.where) : awsUnreachable(site.where, message);
  }
  if (/region is missing/i.test(message)) return regionMissing();
  if (CREDENTIAL_ERRORS.has(name) || /could not load credentials/i.test(message)) {
    return credentialsProblem(message);
  }
  if (ACCESS_ERRORS.has(name)) return accessDenied(message);
  if (name === 'ExecutionNotRedrivable') {
    return new CliError(
      'refused',
      `이 실행은 다시 실행(redrive)할 수 없습니다: ${message} (execution not redrivable).`,
      EXIT.failed,
      undefined,
      name,
    );
  }
  if (name === 'ResourceNotFoundException' && site) {
    return new CliError(
      'missing_resource',
      `${site.where}에서 대상을 찾을 수 없습니다: ${message} (resource not found: wrong table or target?).`,
    );
  }
  return new CliError(
    'failed',
    `요청을 처리하지 못했습니다 (request failed)${site ? ` [${site.where}]` : ''}: ${name ? `${name}: ` : ''}${message}`,
    EXIT.failed,
    undefined,
    name && name !== 'Error' ? name : undefined,
  );
}
