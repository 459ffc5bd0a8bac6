import type { Server } from 'node:http';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { FUNCTION_TIMEOUT_SECONDS } from '../../functions/contracts/names';
import { HTTP_FUNCTIONS, type HttpFunctionName, pathTo, routeKeys } from '../../functions/contracts/routes';
import { type HttpLambda, startGateway } from '../../local/gateway';
import { rawRequest } from '../support/http';

interface Call {
  readonly fn: HttpFunctionName;
  readonly routeKey: string;
  readonly functionName: string;
  readonly remainingMs: number;
}

const calls: Call[] = [];
let server: Server;
let base: string;

/** A stand-in for each HTTP function: records what it was given and answers with its own name. */
function fake(fn: HttpFunctionName): HttpLambda {
  return async (event: APIGatewayProxyEventV2, context: Context) => {
    calls.push({
      fn,
      routeKey: event.routeKey,
      functionName: context.functionName,
      remainingMs: context.getRemainingTimeInMillis(),
    });
    return { statusCode: 200, headers: { 'content-type': 'text/plain' }, body: fn };
  };
}

beforeAll(async () => {
  const handlers = Object.fromEntries(HTTP_FUNCTIONS.map((fn) => [fn, fake(fn)])) as Record<
    HttpFunctionName,
    HttpLambda
  >;
  server = await startGateway({ port: 0, handlers });
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('gateway has no port');
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

beforeEach(() => {
  calls.length = 0;
});

/** A concrete path for a route template (any value for each parameter). */
const concrete = (path: string) => path.replace(/\{\w+\}/g, 'x1');

describe('local gateway', () => {
  it.each(routeKeys().map((key) => [`${key.method} ${key.path}`, key] as const))(
    '%s goes to the function the route table names, with its own name and timeout',
    async (_label, key) => {
      const response = await fetch(`${base}${concrete(key.path)}`, {
        method: key.method,
        ...(key.method === 'POST' ? { body: 'a=1', headers: { 'content-type': 'text/plain' } } : {}),
      });
      expect(response.status).toBe(200);
      if (key.method !== 'HEAD') expect(await response.text()).toBe(key.fn);
      expect(calls).toHaveLength(1);
      const [call] = calls;
      expect(call).toMatchObject({ fn: key.fn, routeKey: `${key.method} ${key.path}`, functionName: key.fn });
      const timeoutMs = FUNCTION_TIMEOUT_SECONDS[key.fn] * 1000;
      expect(call?.remainingMs).toBeLessThanOrEqual(timeoutMs);
      expect(call?.remainingMs).toBeGreaterThan(timeoutMs - 5_000);
    },
  );

  it('sends both functions their routes (a link in a mail reaches the approver function)', async () => {
    await fetch(`${base}${pathTo('status', { statusToken: 'abc' })}`);
    await fetch(`${base}${pathTo('approval', { approvalId: 'abc' })}`);
    expect(calls.map(({ fn }) => fn)).toEqual(['web', 'review']);
  });

  it.each([
    ['GET', '/unknown'],
    ['GET', '/approvals'],
    ['DELETE', '/'],
    ['PUT', '/nominations'],
    ['GET', '/approvals/x/delegate'],
  ])('answers %s %s (not in the table) 404 itself, as API Gateway does', async (method, path) => {
    const response = await fetch(`${base}${path}`, { method });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not Found' });
    expect(calls).toEqual([]);
  });

  it('answers a malformed request line 400 without calling a function', async () => {
    const port = Number(new URL(base).port);
    expect(await rawRequest(port, 'GET http://[::1 HTTP/1.1\r\nHost: x\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(calls).toEqual([]);
  });
});
