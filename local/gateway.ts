import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { FUNCTION_TIMEOUT_SECONDS } from '../functions/contracts/names';
import { type HttpFunctionName, matchRoute } from '../functions/contracts/routes';
import { lambdaContext } from './lambda-context';

export type HttpLambda = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

// Like API Gateway HTTP APIs: these bodies arrive as text, all others (forms included) base64-encoded.
const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript))/i;

/** Turns a Node HTTP request into the API Gateway HTTP API (payload 2.0) event an HTTP Lambda gets on AWS. */
export function toApiGatewayEvent(
  request: IncomingMessage,
  body: Buffer,
  url: URL,
  route: NonNullable<ReturnType<typeof matchRoute>>,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = query[name] ? `${query[name]},${value}` : value;
  const isText = TEXT_TYPES.test(headers['content-type'] ?? '');
  const now = Date.now();
  const routeKey = `${request.method ?? 'GET'} ${route.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(headers.cookie ? { cookies: headers.cookie.split(/;\s*/) } : {}),
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(route.pathParameters).length ? { pathParameters: route.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(body.length ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !isText,
  };
}

function writeResult(
  response: ServerResponse,
  result: APIGatewayProxyStructuredResultV2,
  method: string,
): void {
  const headers: Record<string, string | number | boolean> = { ...(result.headers ?? {}) };
  response.writeHead(result.statusCode ?? 200, headers as Record<string, string>);
  if (result.cookies?.length) response.setHeader('set-cookie', result.cookies);
  const body = result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : undefined;
  response.end(method === 'HEAD' ? undefined : body);
}

const MAX_BODY = 10 * 1024 * 1024; // API Gateway's payload limit

/** The request target as a URL, or undefined for a malformed request line (answered 400). */
function targetOf(request: IncomingMessage): URL | undefined {
  try {
    return new URL(request.url ?? '/', 'http://localhost');
  } catch {
    return undefined;
  }
}

/**
 * A local stand-in for API Gateway: each route of the table (functions/contracts/routes.ts) goes to
 * the Lambda the table names for it (`web`, `review`), invoked with that function's own name and
 * timeout in its context; any other method and path gets API Gateway's own 404, a malformed request
 * line a 400, as on AWS.
 */
export function startGateway(options: {
  port: number;
  host?: string;
  handlers: Readonly<Record<HttpFunctionName, HttpLambda>>;
}): Promise<Server> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > MAX_BODY) {
        writeResult(response, { statusCode: 413, body: '{"message":"Request Entity Too Large"}' }, 'POST');
        return;
      }
      const url = targetOf(request);
      if (!url) {
        writeResult(response, { statusCode: 400, body: '{"message":"Bad Request"}' }, 'GET');
        return;
      }
      const route = matchRoute(request.method ?? 'GET', url.pathname);
      if (!route) {
        writeResult(response, { statusCode: 404, body: '{"message":"Not Found"}' }, request.method ?? 'GET');
        return;
      }
      const event = toApiGatewayEvent(request, Buffer.concat(chunks), url, route);
      options.handlers[route.fn](event, lambdaContext(route.fn, FUNCTION_TIMEOUT_SECONDS[route.fn] * 1000))
        .then((result) => writeResult(response, result, event.requestContext.http.method))
        .catch((error: Error) => {
          // API Gateway answers an unhandled Lambda error with this body and 500.
          console.error(
            JSON.stringify({ level: 'error', message: `${route.fn} handler threw`, error: error.message }),
          );
          writeResult(response, { statusCode: 500, body: '{"message":"Internal Server Error"}' }, 'GET');
        });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve(server));
  });
}
