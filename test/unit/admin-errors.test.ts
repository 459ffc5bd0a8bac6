import {
  CliError,
  isNetworkError,
  malformedId,
  noExecution,
  notFound,
  toCliError,
} from '../../local/admin/errors';

function named(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name }, extra);
}

/** What Node and the SDK throw when nothing listens on the port. */
function refusedConnection(port: number): Error {
  return Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:${port}`), {
    code: 'ECONNREFUSED',
    errno: -111,
    syscall: 'connect',
    $metadata: { attempts: 2 },
  });
}

describe('admin CLI error messages', () => {
  it('names an unknown, malformed or execution-less nomination in Korean, then English', () => {
    expect(notFound('2026-abcdefghijkmnpqrstuv')).toMatchObject({
      code: 'not_found',
      exitCode: 1,
      message:
        '추천서 2026-abcdefghijkmnpqrstuv를 찾을 수 없습니다 (nomination 2026-abcdefghijkmnpqrstuv not found).',
    });
    expect(malformedId('x')).toMatchObject({ code: 'usage', exitCode: 2 });
    expect(malformedId('x').message).toContain('추천서 번호 형식이 올바르지 않습니다: "x"');
    expect(noExecution('2026-abcdefghijkmnpqrstuv').message).toContain('워크플로 실행이 없습니다');
  });

  it('tells a user whose local stack is not running to start it', () => {
    const error = toCliError(refusedConnection(8000), { kind: 'local', where: 'http://127.0.0.1:8000' });
    expect(error).toMatchObject({ code: 'unreachable', exitCode: 1 });
    expect(error.message).toBe(
      '로컬 스택에 연결할 수 없습니다 (http://127.0.0.1:8000). npm start가 실행 중인지 확인하세요 ' +
        '(cannot reach the local stack: is `npm start` running?).',
    );
    // `localhost` tries IPv6 and IPv4: Node reports an AggregateError of both.
    const both = Object.assign(new AggregateError([refusedConnection(8083), refusedConnection(8083)], ''), {
      code: 'ECONNREFUSED',
    });
    expect(toCliError(both, { kind: 'local', where: 'http://127.0.0.1:8083' }).code).toBe('unreachable');
    expect(isNetworkError(named('TimeoutError', 'Connection timed out after 2000 ms'))).toBe(true);
    expect(isNetworkError(named('Error', 'x', { cause: { code: 'ENOTFOUND' } }))).toBe(true);
    expect(isNetworkError(named('ResourceNotFoundException', 'x'))).toBe(false);
  });

  it('on AWS: network, credentials, permissions and region problems each get their own message', () => {
    const network = toCliError(named('Error', 'getaddrinfo ENOTFOUND dynamodb.x', { code: 'ENOTFOUND' }), {
      kind: 'aws',
      where: 'DynamoDB',
    });
    expect(network.message).toContain('AWS DynamoDB에 연결할 수 없습니다');

    const noCredentials = toCliError(
      named('CredentialsProviderError', 'Could not load credentials from any providers'),
      { kind: 'aws', where: 'DynamoDB' },
    );
    expect(noCredentials).toMatchObject({ code: 'credentials', exitCode: 1 });
    expect(noCredentials.message).toContain('AWS 자격 증명을 사용할 수 없습니다');
    expect(noCredentials.message).toContain('AWS_PROFILE');
    expect(
      toCliError(named('ExpiredTokenException', 'The security token included in the request is expired'))
        .code,
    ).toBe('credentials');
    expect(toCliError(named('UnrecognizedClientException', 'The security token is invalid')).code).toBe(
      'credentials',
    );
    expect(
      toCliError(named('AccessDeniedException', 'User x is not authorized to perform: states:StopExecution')),
    ).toMatchObject({ code: 'access_denied', message: expect.stringContaining('AWS 권한이 없습니다') });
    expect(toCliError(new Error('Region is missing')).message).toContain('AWS 리전을 알 수 없습니다');
  });

  it('turns a service refusal into a refusal, anything else into one line (no stack)', () => {
    expect(
      toCliError(named('ExecutionNotRedrivable', 'Execution is RUNNING'), {
        kind: 'aws',
        where: 'Step Functions',
      }),
    ).toMatchObject({ code: 'refused', exitCode: 1 });
    const odd = new TypeError('boom\n    at somewhere (file.ts:1:1)');
    const error = toCliError(odd);
    expect(error.message).toBe('요청을 처리하지 못했습니다 (request failed): TypeError: boom');
    const known = new CliError('x', 'y');
    expect(toCliError(known)).toBe(known);
  });
});
