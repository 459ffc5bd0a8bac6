import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PAGE_SECURITY_HEADERS } from '../../functions/contracts/security-headers';
import type { Cycle } from '../../functions/domain/cycle';
import { MailInFlight, NominationNotFound, NothingToResend } from '../../functions/domain/errors';
import { inPool } from '../../functions/domain/pool';
import { isReviewStage } from '../../functions/domain/stages';
import { isStatus } from '../ops-labels';
import type { Resend } from '../ops-resend';
import { layoutGraph, parseAsl } from './asl-graph';
import { type ApprovalWait, ConsoleData } from './data';
import { readHistory } from './history';
import { html, type SafeHtml } from './html';
import { maskText } from './mask';
import {
  ACTIONS,
  type ActionName,
  actionResultPage,
  confirmPage,
  cycleListPage,
  cyclePage,
  cycleStats,
  executionPage,
  executionPath,
  listPage,
  messagePage,
  type PageContext,
  type ResendOutcome,
  type ResendPreview,
} from './pages';

export interface ConsoleOptions {
  readonly port: number;
  readonly host?: string;
  readonly stateMachineArn: string;
  readonly tableName: string;
  readonly sfn: SFNClient;
  readonly dynamodb: DynamoDBDocumentClient | DynamoDBClient;
  /** The ASL JSON text (substituted or not: only states and transitions are read). */
  readonly definition: string;
  /**
   * Where the cycle and directory files are (config/ layout: cycle-*.json, directory.json), read
   * with the functions' own schema (loadConfig); default the repo's config/.
   */
  readonly configDir?: string;
  readonly log?: (line: string) => void;
  /** The clock (tests). */
  readonly now?: () => Date;
  /**
   * Re-sends the open approval mail of a nomination with its same link (local/ops-resend.ts);
   * absent, the console does not offer it.
   */
  readonly resend?: Resend;
}

export interface OpsConsole {
  readonly url: string;
  close(): Promise<void>;
}

/** Security headers of every answer: the web pages' (functions/contracts/security-headers.ts), plus COOP. */
const SECURITY_HEADERS = {
  ...PAGE_SECURITY_HEADERS,
  'cross-origin-opener-policy': 'same-origin',
} as const;

const MAX_FORM_BYTES = 16 * 1024;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
// AWS's rule for execution names (1-80 characters; no whitespace, brackets, wildcards, listed punctuation, controls).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what AWS forbids.
const FORBIDDEN_NAME_CHARACTERS = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

function isExecutionName(name: string): boolean {
  return name.length >= 1 && name.length <= 80 && !FORBIDDEN_NAME_CHARACTERS.test(name);
}

const DEFAULT_CONFIG_DIR = path.resolve(__dirname, '..', '..', 'config');

function isYear(value: string): boolean {
  return /^\d{4}$/.test(value);
}

/**
 * The configured cycles, newest first, read and checked as the functions read them (loadConfig;
 * throws on a bad file). Imported when first needed: that module loads AWARD_CONFIG_DIR when it is
 * first evaluated, which must not happen before local/stack.ts has set it for the handlers.
 */
async function readCycles(configDir: string): Promise<Cycle[]> {
  const { filesIn, loadConfig } = await import('../../functions/adapters/config');
  return [...loadConfig(filesIn(configDir)).cycles].reverse();
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly en: string,
    message: string,
  ) {
    super(message);
  }
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** An AWS SDK error (it carries $metadata): the service said no, or could not be reached. */
function isServiceError(error: unknown): error is Error & { $metadata?: unknown } {
  return error instanceof Error && ('$metadata' in error || error.name.endsWith('Exception'));
}

/** What the functions' adapters throw for a service that failed (wrapped) or a bad link key. */
const ADAPTER_FAILURES = new Set(['TransientError', 'ConfigurationError']);

function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') {
      reject(new HttpError(415, '지원하지 않는 형식', 'Unsupported media type', '양식으로 보내 주세요.'));
      request.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_FORM_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > MAX_FORM_BYTES) {
        reject(new HttpError(413, '요청이 너무 큽니다', 'Payload too large', '16KB 이하로 보내 주세요.'));
      } else resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    });
    request.on('error', reject);
  });
}

/** A reason typed by an operator: one line, no control characters, at most 200 characters, masked. */
function cleanReason(value: string | null): string | undefined {
  const line = (value ?? '')
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]+/gu, ' ')
    .trim()
    .slice(0, 200);
  return line ? maskText(line) : undefined;
}

/**
 * The local Step Functions console (ops): a small HTTP server rendering pages on the server from the
 * Step Functions API and DynamoDB reads only, so it can point at an AWS account as well.
 *   GET  /                                executions by status (counts, filter, search by id, paging)
 *   GET  /executions/{name}               graph (SVG), path taken, current state, history, masked I/O
 *   GET  /executions/{name}/stop|redrive|resend  "are you sure?" form; POST does it and writes an audit event
 *                                         (resend: the open approval mail again, same link; only with options.resend)
 *   GET  /cycles, /cycles/{year}          nominations by stage and category, quotas, overdue waits (SVG charts)
 */
export async function startConsole(options: ConsoleOptions): Promise<OpsConsole> {
  const log = options.log ?? (() => undefined);
  const now = options.now ?? (() => new Date());
  const configDir = options.configDir ?? DEFAULT_CONFIG_DIR;
  const graph = parseAsl(options.definition);
  const graphLayout = layoutGraph(graph);
  const data = new ConsoleData(options.sfn, options.dynamodb, options.tableName, options.stateMachineArn);
  const secret = randomBytes(32);
  const host = options.host ?? '127.0.0.1';
  let port = options.port;

  const context = (): PageContext => ({
    stateMachineArn: options.stateMachineArn,
    tableName: options.tableName,
    now: now(),
  });
  const csrfToken = (action: string, name: string) =>
    createHmac('sha256', secret).update(`${action}\n${name}`).digest('base64url');
  const validCsrf = (action: string, name: string, token: string | null) => {
    const expected = Buffer.from(csrfToken(action, name));
    const given = Buffer.from(token ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  /** Loopback only answers its own names (no DNS rebinding); POSTs only from its own pages. */
  const allowedHost = (request: IncomingMessage) => {
    if (!LOOPBACK.has(host)) return true;
    const value = (request.headers.host ?? '').toLowerCase();
    return ['127.0.0.1', 'localhost', '[::1]'].some((name) => value === `${name}:${port}`);
  };
  const sameOrigin = (request: IncomingMessage) => {
    // Fetch metadata first: with Referrer-Policy no-referrer, browsers send `Origin: null` even
    // for a form posted from our own page, but Sec-Fetch-Site still says same-origin.
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined) return site === 'same-origin';
    const origin = request.headers.origin;
    if (origin === undefined) return true; // not a browser, or an old one: the CSRF token decides
    try {
      return new URL(origin).host === (request.headers.host ?? '').toLowerCase();
    } catch {
      return false; // "null" (sandboxed frames, file:) and garbage
    }
  };

  const send = (
    response: ServerResponse,
    method: string,
    status: number,
    page: SafeHtml | undefined,
    extra: Record<string, string> = {},
  ) => {
    const body = page ? Buffer.from(page.toString(), 'utf8') : undefined;
    response.writeHead(status, {
      ...SECURITY_HEADERS,
      ...(body ? { 'content-type': 'text/html; charset=utf-8', 'content-length': String(body.length) } : {}),
      ...extra,
    });
    response.end(method === 'HEAD' ? undefined : body);
  };

  const redirect = (response: ServerResponse, location: string) =>
    send(response, 'GET', 303, undefined, { location });

  async function list(url: URL, response: ServerResponse, method: string) {
    const query = (url.searchParams.get('q') ?? '').trim();
    const statusParam = url.searchParams.get('status') ?? '';
    const status = isStatus(statusParam) ? statusParam : undefined;
    let notFound: string | undefined;
    if (query) {
      if (isExecutionName(query) && (await data.describe(query))) {
        redirect(response, executionPath(query));
        return;
      }
      notFound = query;
    }
    const pageToken = url.searchParams.get('next') ?? undefined;
    const [page, counts] = await Promise.all([data.listPage(status, pageToken), data.counts()]);
    send(
      response,
      method,
      200,
      listPage(
        {
          ...(status ? { status } : {}),
          executions: page.executions,
          ...(page.nextToken ? { nextToken: page.nextToken } : {}),
          ...(pageToken ? { pageToken } : {}),
          counts,
          ...(query ? { query } : {}),
          ...(notFound !== undefined ? { notFound } : {}),
        },
        context(),
      ),
    );
  }

  async function execution(name: string, response: ServerResponse, method: string) {
    const described = await data.describe(name);
    if (!described) throw notFoundError(name);
    const [events, nomination, audit] = await Promise.all([
      data.history(described.executionArn ?? data.executionArn(name)),
      data.nomination(name).catch((error: Error) => {
        log(`ops console: reading nomination ${name} failed: ${error.message}`);
        return undefined;
      }),
      data.auditTrail(name).catch((error: Error) => {
        log(`ops console: reading the audit trail of ${name} failed: ${error.message}`);
        return undefined;
      }),
    ]);
    send(
      response,
      method,
      200,
      executionPage(
        {
          name,
          execution: described,
          story: readHistory(events),
          graph,
          layout: graphLayout,
          ...(nomination ? { nomination } : {}),
          ...(audit ? { audit } : {}),
          resendOffered: options.resend !== undefined,
        },
        context(),
      ),
    );
  }

  /** Where a re-sent mail would go, and why it would be refused when the table already says so. */
  async function resendPreview(name: string): Promise<ResendPreview> {
    const nomination = await data.nomination(name);
    if (!nomination) return {};
    if (!isReviewStage(nomination.stage)) return { stage: nomination.stage }; // the page says why not
    const request = await data.approvalRecipient(name, nomination.stage);
    const closed = request?.status !== 'open';
    const expired = !closed && now().getTime() >= Date.parse(request?.expiresAt ?? '');
    return {
      stage: nomination.stage,
      ...(request?.approver ? { approver: request.approver } : {}),
      ...(request?.expiresAt ? { expiresAt: request.expiresAt } : {}),
      ...(closed ? { refusal: 'no_open_request' as const } : expired ? { refusal: 'expired' as const } : {}),
    };
  }

  async function confirm(name: string, action: ActionName, response: ServerResponse, method: string) {
    const described = await data.describe(name);
    if (!described) throw notFoundError(name);
    const resend = action === 'resend' ? await resendPreview(name) : undefined;
    send(
      response,
      method,
      200,
      confirmPage(
        {
          name,
          action,
          execution: described,
          csrf: csrfToken(action, name),
          nonce: randomBytes(16).toString('hex'),
          ...(resend ? { resend } : {}),
        },
        context(),
      ),
    );
  }

  async function act(name: string, action: ActionName, request: IncomingMessage, response: ServerResponse) {
    if (!sameOrigin(request)) {
      throw new HttpError(403, '다른 사이트의 요청', 'Forbidden', '이 콘솔의 화면에서만 실행할 수 있습니다.');
    }
    const form = await readForm(request);
    if (!validCsrf(action, name, form.get('csrf'))) {
      throw new HttpError(
        403,
        '확인 단계가 필요합니다',
        'Confirmation needed',
        '확인 화면에서 다시 실행해 주세요.',
      );
    }
    const spec = ACTIONS[action];
    const reason = cleanReason(form.get('reason'));
    const nonce = /^[0-9a-f]{32}$/.test(form.get('nonce') ?? '') ? (form.get('nonce') as string) : undefined;
    const at = now().toISOString();
    let failure: { name: string; message: string } | undefined;
    let resent: ResendOutcome | undefined;
    try {
      if (action === 'stop') {
        await data.stop(name, `Stopped in the ops console${reason ? `: ${reason}` : ''}`);
      } else if (action === 'redrive') {
        // The form's nonce as clientToken: a double-submitted form redrives once.
        await data.redrive(name, nonce ?? randomBytes(16).toString('hex'));
      } else {
        resent = await resendMail(name, nonce ?? randomBytes(16).toString('hex'));
      }
    } catch (error) {
      if (!isServiceError(error) && !(error instanceof Error && ADAPTER_FAILURES.has(error.name)))
        throw error;
      failure = { name: error.name, message: error.message };
    }
    // Nothing done, nothing to record: refused before trying, or the same form mailed it already
    // (its first submission recorded it) or is mailing it now.
    const skipped =
      resent !== undefined && ['already_sent', 'in_flight', 'not_running'].includes(resent.kind);
    let audit: 'written' | 'no_nomination' | 'failed' | 'skipped' = 'skipped';
    const refusedBy = resent?.kind === 'refused' ? 'NothingToResend' : undefined;
    const failedWith = failure?.name ?? refusedBy;
    if (!skipped) {
      try {
        const written = await data.audit(name, {
          action: spec.action,
          at,
          outcome: failedWith ? 'failed' : 'succeeded',
          ...(failedWith ? { error: failedWith } : {}),
          ...(reason ? { reason } : {}),
        });
        audit = written ? 'written' : 'no_nomination';
      } catch (error) {
        audit = 'failed';
        log(`ops console: audit event for ${spec.action} ${name} not written: ${(error as Error).message}`);
      }
    }
    const done = failure
      ? `failed (${failure.name})`
      : resent && resent.kind !== 'sent'
        ? resent.kind
        : 'done';
    log(`ops console: ${spec.action} ${name} ${done}`);
    const refused = resent !== undefined && resent.kind !== 'sent' && resent.kind !== 'already_sent';
    send(
      response,
      'POST',
      failure ? (action === 'resend' ? 502 : 409) : refused ? 409 : 200,
      actionResultPage(
        {
          name,
          action,
          ...(failure ? { error: failure } : {}),
          ...(resent ? { resend: resent } : {}),
          audit,
        },
        context(),
      ),
    );
  }

  /**
   * Re-sends the current approval mail with the form's nonce as the request key (a double-submitted
   * form mails once), only while the execution runs: a stopped one's link could not decide.
   */
  async function resendMail(name: string, requestKey: string): Promise<ResendOutcome> {
    const resend = options.resend;
    if (!resend) throw new HttpError(404, '페이지를 찾을 수 없습니다', 'Not found', '주소를 확인해 주세요.');
    const described = await data.describe(name);
    if (!described) throw notFoundError(name);
    if (described.status !== 'RUNNING') {
      return { kind: 'not_running', ...(described.status ? { status: described.status } : {}) };
    }
    try {
      const result = await resend({ nominationId: name, requestKey });
      return {
        kind: result.sent ? 'sent' : 'already_sent',
        stage: result.stage,
        approver: result.approver,
        expiresAt: result.expiresAt,
      };
    } catch (error) {
      if (error instanceof NothingToResend) return { kind: 'refused', reason: error.reason };
      if (error instanceof MailInFlight) return { kind: 'in_flight' };
      if (error instanceof NominationNotFound) {
        throw new HttpError(
          404,
          '추천을 찾을 수 없습니다',
          'Nomination not found',
          `${name}: 테이블에 이 추천이 없어 승인 메일을 보낼 수 없습니다.`,
        );
      }
      throw error;
    }
  }

  async function cycle(year: string, response: ServerResponse, method: string) {
    const settings = (await readCycles(configDir)).find((configured) => configured.year === year);
    const nominations = await data.cycleNominations(year);
    const waiting = nominations.filter((nomination) => isReviewStage(nomination.stage));
    const waits = new Map<string, ApprovalWait>();
    await inPool(waiting, 16, async (nomination) => {
      const wait = await data.approvalWait(nomination.id, nomination.stage);
      if (wait) waits.set(nomination.id, wait);
    });
    if (!settings && nominations.length === 0) {
      throw new HttpError(404, '포상연도를 찾을 수 없습니다', 'Unknown cycle', `${year}년 자료가 없습니다.`);
    }
    const stats = cycleStats(nominations, waits, settings, now());
    send(
      response,
      method,
      200,
      cyclePage({ year, ...(settings ? { cycle: settings } : {}), stats }, context()),
    );
  }

  function notFoundError(name: string) {
    return new HttpError(
      404,
      '실행을 찾을 수 없습니다',
      'Execution not found',
      `${name}: 이 이름의 실행이 없습니다.`,
    );
  }

  async function route(request: IncomingMessage, response: ServerResponse) {
    const method = request.method ?? 'GET';
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://console.invalid');
      if (!(request.url ?? '').startsWith('/')) throw new Error('not a path');
    } catch {
      throw new HttpError(400, '잘못된 요청', 'Bad request', '요청 주소를 읽을 수 없습니다.');
    }
    if (!allowedHost(request)) {
      throw new HttpError(421, '잘못된 호스트', 'Misdirected request', '이 콘솔의 주소로 접속해 주세요.');
    }
    const segments = url.pathname.split('/').slice(1);
    const get = method === 'GET' || method === 'HEAD';
    const allow = (methods: string) => {
      if (methods.split(', ').includes(method)) return true;
      send(response, method, 405, undefined, { allow: methods });
      return false;
    };
    if (url.pathname === '/') {
      if (allow('GET, HEAD')) await list(url, response, method);
      return;
    }
    if (segments[0] === 'executions' && segments.length >= 2 && segments.length <= 3) {
      const name = decodeSegment(segments[1] ?? '');
      const action = segments[2];
      if (name !== undefined && isExecutionName(name)) {
        if (action === undefined) {
          if (allow('GET, HEAD')) await execution(name, response, method);
          return;
        }
        if (action === 'stop' || action === 'redrive' || (action === 'resend' && options.resend)) {
          if (!allow('GET, HEAD, POST')) return;
          if (get) await confirm(name, action, response, method);
          else await act(name, action, request, response);
          return;
        }
      }
    }
    if (url.pathname === '/cycles') {
      if (allow('GET, HEAD'))
        send(
          response,
          method,
          200,
          cycleListPage(
            (await readCycles(configDir)).map((configured) => configured.year),
            context(),
          ),
        );
      return;
    }
    if (segments[0] === 'cycles' && segments.length === 2 && isYear(segments[1] ?? '')) {
      if (allow('GET, HEAD')) await cycle(segments[1] as string, response, method);
      return;
    }
    throw new HttpError(404, '페이지를 찾을 수 없습니다', 'Not found', '주소를 확인해 주세요.');
  }

  const server: Server = createServer((request, response) => {
    const method = request.method ?? 'GET';
    route(request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      if (error instanceof HttpError) {
        send(
          response,
          method,
          error.status,
          messagePage({ title: error.title, en: error.en, message: error.message }, context()),
        );
        return;
      }
      const service = isServiceError(error);
      log(
        `ops console: ${method} ${request.url ?? ''} failed: ${(error as Error)?.message ?? String(error)}`,
      );
      send(
        response,
        method,
        service ? 502 : 500,
        messagePage(
          {
            title: service ? 'AWS 서비스에 연결하지 못했습니다' : '콘솔 오류',
            en: service ? 'Service unavailable' : 'Internal error',
            message: service
              ? html`Step Functions 또는 DynamoDB가 응답하지 않았습니다: <span class="mono">${(error as Error).name}</span> — ${maskText((error as Error).message)}`
              : html`페이지를 만들지 못했습니다. 운영 로그를 확인해 주세요.`,
            status: 'error',
          },
          context(),
        ),
      );
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shownHost =
    host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}`;
  log(`Ops console         ${url}`);
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
