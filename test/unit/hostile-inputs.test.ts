/**
 * Property-based tests (fast-check): thousands of hostile inputs give a 4xx or a polite reply,
 * never a 5xx, an unhandled rejection or a changed record.
 *
 * - POST /nominations: the web function's own route handler (body parsing, form and JSON, the
 *   validation), called in-process through its router and error mapping, with in-memory services.
 * - The mail template parser (e-mailed nominations), and the validation of what it reads.
 * - POST /approvals/{id}: the review function's decision route with arbitrary ids, bodies and
 *   headers over in-memory records, which must come out of every request exactly as they went in.
 *
 * The functions' handlers are the real ones: the router module is wrapped so that each function's
 * `httpFunction(...)` call is recorded, and the test builds the same router again over fakes.
 */

import fc from 'fast-check';
import cycle2026 from '../../config/cycle-2026.json';
import directoryData from '../../config/directory.json';
import type { LiveConfig } from '../../functions/adapters/config';
import type { HttpEvent, HttpResult } from '../../functions/adapters/http';
import { parseNominationTemplate, TEMPLATE_LABELS } from '../../functions/adapters/mail-template';
import { randomIds } from '../../functions/adapters/random-ids';
import type { ApprovalAlias, ApprovalRequest } from '../../functions/domain/approval';
import type { Cycle, Directory } from '../../functions/domain/cycle';
import type { Draft } from '../../functions/domain/draft';
import { ValidationError } from '../../functions/domain/errors';
import type { Nomination } from '../../functions/domain/nomination';
import type { DraftRepository } from '../../functions/domain/ports';
import { hashLinkId } from '../../functions/domain/secret-links';
import { validateNomination } from '../../functions/domain/validation';
import { MemoryNominations, notifierFor, RecordingMailer } from '../support/fakes';
import { sampleNomination } from '../support/sample';

type Options = {
  services: object;
  config: { current(): Promise<LiveConfig> };
  handlers: object;
  wording: object;
};
const mockCaptured: Record<string, Options> = {};
jest.mock('../../functions/adapters/web-router', () => {
  const actual = jest.requireActual('../../functions/adapters/web-router');
  return {
    ...actual,
    httpFunction: (fn: string, options: Options) => {
      mockCaptured[fn] = options;
      return actual.httpFunction(fn, options);
    },
  };
});

/** What infra gives the functions (values only need to pass their checks: nothing is called). */
const ENV: Record<string, string> = {
  TABLE_NAME: 'award-workflow',
  STATE_MACHINE_ARN: 'arn:aws:states:ap-northeast-2:000000000000:stateMachine:NominationWorkflow',
  PUBLIC_URL: 'https://award.example.test',
  MAIL_FROM: 'award-office@example.test',
  SES_CONFIGURATION_SET: 'award-workflow',
  CONFIG_CACHE_SECONDS: '60',
  LINK_KEY_SECRET_ID: 'arn:aws:secretsmanager:ap-northeast-2:000000000000:secret:link-key',
  CERTIFICATE_BUCKET: 'award-certificates',
  AWS_REGION: 'ap-northeast-2',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
};
const saved = Object.fromEntries(Object.keys(ENV).map((name) => [name, process.env[name]]));

const NOW = new Date('2026-10-01T03:00:00Z');
const clock = { now: () => NOW };
const cycle = cycle2026 as Cycle;
const directory = directoryData as Directory;
const config = { current: async () => ({ cycles: [cycle], directory }) };
const context = { awsRequestId: 'prop', getRemainingTimeInMillis: () => 25_000 } as never;

type Handler = (event: unknown, context: never) => Promise<HttpResult>;

/** The function's router over `services` (its handlers, wording and error mapping as shipped). */
function routerOf(fn: 'web' | 'review', services: object): Handler {
  const options = mockCaptured[fn];
  if (!options) throw new Error(`${fn} did not call httpFunction`);
  const { httpFunction } = jest.requireActual(
    '../../functions/adapters/web-router',
  ) as typeof import('../../functions/adapters/web-router');
  return httpFunction(fn as never, { ...options, services, config } as never).handler as unknown as Handler;
}

const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

beforeAll(() => {
  Object.assign(process.env, ENV);
  process.on('unhandledRejection', onRejection);
  // One module registry for the functions and the test's router: the error classes must be the same.
  require('../../functions/web');
  require('../../functions/review');
});

afterAll(() => {
  process.off('unhandledRejection', onRejection);
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

afterEach(async () => {
  // Give a stray promise the turn to reject before the check.
  await new Promise((resolve) => setImmediate(resolve));
  expect(rejections).toEqual([]);
});

/* ------------------------------------------------------------------ arbitraries */

/** Strings people and scripts send: any unicode, controls, markup, huge numbers, near-valid words. */
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u202e',
    '\ud800',
    '<script>alert(1)</script>',
    `"'><img src=x onerror=1>`,
    '__proto__',
    'constructor',
    'toString',
    '1e309',
    '-0',
    'NaN',
    'true',
    'on',
    '가'.repeat(5_000),
    '%',
    '%zz',
    '&&&==',
    'a[b][c]=',
    'approve',
    'seoul',
    '2026',
  ),
);

const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileText,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileText, tie('value'), { maxKeys: 4 }),
  ),
})).value;

const FIELD_NAMES = [
  'cycle',
  'category',
  'nomineeType',
  'nominee',
  'nominee.name',
  'nominee[name]',
  'nominee.serviceYears',
  'nominee[serviceYears]',
  'meritPeriod',
  'meritPeriod.from',
  'meritPeriod[to]',
  'meritSummary',
  'meritDetails',
  'priorAwards',
  'disciplinaryHistory',
  'consent',
  'centerId',
  'submitter',
  'submitter.email',
  'submitter[name]',
  '__proto__',
  '__proto__[polluted]',
  'constructor[prototype][polluted]',
  'formToken',
  'decision',
  'comment',
];

/** A valid nomination with fields replaced, removed or added at any depth. */
const mutatedNomination = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom(...FIELD_NAMES), fc.option(hostileValue, { nil: undefined })), {
      maxLength: 4,
    }),
  )
  .map(([changes]) => {
    const body: Record<string, unknown> = structuredClone(sampleNomination());
    for (const [path, value] of changes) {
      const [head, tail] = path.replace(/\[(.*?)\]/g, '.$1').split('.') as [string, string | undefined];
      if (tail === undefined) body[head] = value;
      else {
        const inner =
          typeof body[head] === 'object' && body[head] ? (body[head] as Record<string, unknown>) : {};
        body[head] = { ...inner, [tail]: value };
      }
    }
    return body;
  });

/** A form post: known and unknown names, hostile values, raw percent-junk. */
const formBody = fc.oneof(
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...FIELD_NAMES), hostileText), hostileText), { maxLength: 12 })
    .map((pairs) => new URLSearchParams(pairs).toString()),
  hostileText,
);

const jsonBody = fc.oneof(
  mutatedNomination.map((value) => JSON.stringify(value)),
  hostileValue.map((value) => JSON.stringify(value) ?? 'null'),
  hostileText,
  fc.constantFrom(
    '{',
    '[1,',
    '{"a":1}}',
    'nul',
    '"\\ud800"',
    '{"__proto__":{"polluted":1}}',
    '1'.repeat(400),
  ),
);

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=euc-kr',
  'multipart/form-data; boundary=x',
  'text/plain',
  'application/vnd.api+json',
  '',
];

const extraHeaders = fc.dictionary(
  fc.constantFrom(
    'accept',
    'origin',
    'sec-fetch-site',
    'host',
    'referer',
    'x-forwarded-for',
    'cookie',
    'x-anything',
  ),
  hostileText,
  { maxKeys: 4 },
);

function event(
  routeKey: string,
  input: {
    contentType?: string;
    body?: string;
    headers?: Record<string, string>;
    base64?: boolean;
    pathParameters?: Record<string, string>;
  },
): HttpEvent {
  const headers: Record<string, string> = { ...input.headers };
  if (input.contentType !== undefined) headers['content-type'] = input.contentType;
  const [method = 'POST', path = '/'] = routeKey.split(' ');
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers,
    ...(input.pathParameters ? { pathParameters: input.pathParameters } : {}),
    requestContext: { http: { method, path }, domainName: 'award.example.test' },
    ...(input.body !== undefined
      ? {
          body: input.base64 ? Buffer.from(input.body, 'utf8').toString('base64') : input.body,
          isBase64Encoded: Boolean(input.base64),
        }
      : {}),
  } as unknown as HttpEvent;
}

/** Calls the route; the answer must be a status below 500 (the handler must not throw). */
async function answerOf(handler: Handler, request: HttpEvent): Promise<HttpResult & { statusCode: number }> {
  const result = await handler(request, context);
  const status = result?.statusCode;
  if (!(typeof status === 'number' && status < 500))
    throw new Error(`answered ${status}: ${String(result?.body).slice(0, 300)}`);
  return { ...result, statusCode: status };
}

/* ------------------------------------------------------------------ POST /nominations */

class MemoryDrafts implements DraftRepository {
  readonly items = new Map<string, Draft>();
  readonly guards = new Map<string, string>();
  async save(draft: Draft, guardKey: string) {
    const holder = this.guards.get(guardKey);
    const pending = holder ? this.items.get(holder) : undefined;
    if (pending) return { saved: false as const, pendingUntil: pending.expiresAt };
    this.items.set(draft.idHash, draft);
    this.guards.set(guardKey, draft.idHash);
    return { saved: true as const };
  }
  async findByHash(idHash: string) {
    return this.items.get(idHash);
  }
  async markConfirmed() {
    throw new Error('not posted here');
  }
  async discard() {
    throw new Error('not posted here');
  }
}

describe('POST /nominations (form and JSON)', () => {
  const RUNS = 3_000;

  it(`answers ${RUNS} hostile posts with a 4xx or a 202, never a 5xx or a throw`, async () => {
    const drafts = new MemoryDrafts();
    const mailer = new RecordingMailer();
    const web = routerOf('web', {
      drafts,
      notifier: notifierFor(mailer),
      clock,
      ids: randomIds,
      publicUrl: ENV.PUBLIC_URL,
    });
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ contentType: fc.constantFrom(...CONTENT_TYPES.slice(0, 3)), body: jsonBody }),
          fc.record({ contentType: fc.constantFrom(...CONTENT_TYPES.slice(3, 5)), body: formBody }),
          fc.record({
            contentType: fc.oneof(fc.constantFrom(...CONTENT_TYPES), hostileText),
            body: hostileText,
          }),
        ),
        fc.boolean(),
        extraHeaders,
        async ({ contentType, body }, base64, headers) => {
          const result = await answerOf(
            web,
            event('POST /nominations', { contentType, body, base64, headers }),
          );
          statuses.set(result.statusCode, (statuses.get(result.statusCode) ?? 0) + 1);
          expect([202, 400, 406, 413, 415, 422]).toContain(result.statusCode);
          // A refusal is a reply, in Korean, never the stack or the internals.
          expect(result.body ?? '').not.toMatch(/at .+\.ts:\d+|TypeError|ReferenceError|undefined is not/);
        },
      ),
      { numRuns: RUNS },
    );
    console.info(`POST /nominations x${RUNS}: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    // The run reached the validation and beyond, not only the content-type check.
    expect(statuses.get(400) ?? 0).toBeGreaterThan(RUNS / 10);
    expect(statuses.get(415) ?? 0).toBeGreaterThan(0);
    // Each accepted post saved one draft and mailed its confirmation once.
    expect(mailer.sent.length).toBe(drafts.items.size);
    expect(Object.prototype).not.toHaveProperty('polluted');
  }, 30_000);
});

/* ------------------------------------------------------------------ the mail template */

describe('the mail template parser (e-mailed nominations)', () => {
  const RUNS = 10_000;
  const labels = TEMPLATE_LABELS.flatMap((field) => [
    field.label,
    ...((field as { aliases?: readonly string[] }).aliases ?? []),
  ]);
  const line = fc.oneof(
    fc
      .tuple(
        fc.oneof(fc.constantFrom(...labels), hostileText),
        fc.constantFrom(':', '：', ' : ', ':\t', ''),
        hostileText,
      )
      .map(([label, colon, value]) => `${label}${colon}${value}`),
    fc.constantFrom('--', '-- ', '', '>', '> 성명: 인용', '=====', '포상연도:', '분야: job-matching'),
    hostileText,
  );
  const text = fc.oneof(
    fc
      .array(line, { maxLength: 40 })
      .chain((lines) => fc.constantFrom('\n', '\r\n', '\r', '\u2028').map((newline) => lines.join(newline))),
    fc.string({ unit: 'binary', maxLength: 2_000 }),
  );

  it(`reads ${RUNS} hostile mails without throwing; the errors never quote the mail; validation refuses politely`, () => {
    const marker = 'QUOTE-ME-NOT';
    fc.assert(
      fc.property(text, hostileText, fc.boolean(), (body, sender, marked) => {
        const mail = marked ? body.replace(/:/g, `:${marker}`) : body;
        const template = parseNominationTemplate(mail, sender);
        expect(typeof template.raw).toBe('object');
        for (const message of Object.values(template.errors)) {
          expect(typeof message).toBe('string');
          expect(message).not.toContain(marker);
        }
        try {
          validateNomination(template.raw, { cycles: [cycle], directory, now: NOW });
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
        }
      }),
      { numRuns: RUNS },
    );
  }, 30_000);
});

/* ------------------------------------------------------------------ POST /approvals/{id} */

/**
 * Approval requests in memory. The reads the routes use answer from the maps; any other method is a
 * write, which records itself (and refuses): no hostile request may reach one.
 */
function memoryApprovals(requests: Map<string, ApprovalRequest>, aliases: Map<string, ApprovalAlias>) {
  const writes: string[] = [];
  const reads: Record<string, (...args: never[]) => Promise<unknown>> = {
    findByHash: async (hash: string) => requests.get(hash),
    findAlias: async (hash: string) => aliases.get(hash),
    awardedCounts: async () => ({}),
    findLatest: async (id: string, stage: string) =>
      [...requests.values()].find((each) => each.nominationId === id && each.stage === stage),
  };
  const approvals = new Proxy(reads, {
    get(target, name) {
      if (typeof name !== 'string') return undefined;
      if (name in target) return target[name];
      if (name === 'then') return undefined;
      return async () => {
        writes.push(name);
        throw new Error(`approvals.${name} was called`);
      };
    },
  });
  return { approvals, writes };
}

describe('POST /approvals/{id} (decisions)', () => {
  const RUNS = 5_000;

  function world() {
    const nominations = new MemoryNominations();
    const requests = new Map<string, ApprovalRequest>();
    const aliases = new Map<string, ApprovalAlias>();
    const ids: string[] = [];
    for (const [n, stage] of (['center_review', 'hq_review', 'minister_approval'] as const).entries()) {
      const approvalId = randomIds.linkId();
      const nomination = {
        ...(sampleNomination({
          nominee: { ...(sampleNomination().nominee as object), name: `후보${n}` },
        }) as object),
        id: randomIds.nominationId('2026'),
        stage,
        version: 1,
        createdAt: NOW.toISOString(),
        updatedAt: NOW.toISOString(),
        centerName: '서울고용복지플러스센터',
        consentAt: NOW.toISOString(),
      } as Nomination;
      nominations.items.set(nomination.id, nomination);
      nominations.events.set(nomination.id, [{ type: 'submitted', at: NOW.toISOString(), actor: 't' }]);
      const request: ApprovalRequest = {
        idHash: hashLinkId(approvalId),
        nominationId: nomination.id,
        stage,
        approver: { name: '심사자', email: 'hq.reviewer@example.test' },
        taskToken: `tok-${n}`,
        createdAt: NOW.toISOString(),
        dueAt: new Date(NOW.getTime() + 7 * 86_400_000).toISOString(),
        expiresAt: new Date(NOW.getTime() + 14 * 86_400_000).toISOString(),
        status: n === 2 ? 'decided' : 'open',
        ...(n === 2 ? { decision: 'approve' as const, decidedAt: NOW.toISOString() } : {}),
      };
      requests.set(request.idHash, request);
      ids.push(approvalId);
    }
    const { approvals, writes } = memoryApprovals(requests, aliases);
    const handovers: string[] = [];
    const mailer = new RecordingMailer();
    const services = {
      nominations,
      approvals,
      ids: randomIds,
      workflow: {
        start: async () => {
          handovers.push('start');
        },
        sendDecision: async (token: string) => {
          handovers.push(token);
          return 'taken' as const;
        },
      },
      notifier: notifierFor(mailer),
      mailer,
      clock,
      publicUrl: ENV.PUBLIC_URL,
    };
    const snapshot = () =>
      JSON.stringify({
        items: [...nominations.items],
        events: [...nominations.events],
        holders: [...nominations.holders],
        requests: [...requests],
        aliases: [...aliases],
        handovers,
        sent: mailer.sent,
      });
    return { review: routerOf('review', services), ids, writes, snapshot };
  }

  /** A decision body that is not a valid one (a valid decision on an open request would decide it). */
  const notADecision = hostileValue.filter(
    (value) =>
      !(typeof value === 'string' && ['approve', 'reject', 'return'].includes(value.trim().toLowerCase())),
  );

  it(`answers ${RUNS} hostile posts with a 4xx or a polite page, and no record changes`, async () => {
    const { review, ids, writes, snapshot } = world();
    const before = snapshot();
    const statuses = new Map<number, number>();
    const approvalId = fc.oneof(
      fc.constantFrom(...ids),
      fc.constantFrom(...ids).map((id) => `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}`),
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      fc.constantFrom('', '..', '%2e%2e', 'A'.repeat(43), 'A'.repeat(4_000), '__proto__'),
    );
    const body = fc.oneof(
      fc.record({
        contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8'),
        body: fc
          .record(
            {
              decision: notADecision,
              comment: hostileValue,
              formToken: hostileValue,
              extra: hostileValue,
            },
            { requiredKeys: [] },
          )
          .map((value) => JSON.stringify(value)),
      }),
      fc.record({
        contentType: fc.constantFrom('application/json', 'text/plain', ''),
        body: jsonBody,
      }),
      // Forms: whatever they say, without this page's token they decide nothing.
      fc.record({
        contentType: fc.constantFrom(...CONTENT_TYPES.slice(3, 5)),
        body: fc.oneof(
          formBody,
          fc
            .tuple(fc.constantFrom('approve', 'reject', 'return'), hostileText, hostileText)
            .map(([decision, comment, token]) =>
              new URLSearchParams({ decision, comment, formToken: token }).toString(),
            ),
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        approvalId,
        body,
        extraHeaders,
        fc.constantFrom('POST /approvals/{approvalId}', 'POST /approvals/{approvalId}/delegate'),
        fc.boolean(),
        async (id, { contentType, body: text }, headers, routeKey, base64) => {
          const result = await answerOf(
            review,
            event(routeKey, { contentType, body: text, headers, base64, pathParameters: { approvalId: id } }),
          );
          statuses.set(result.statusCode, (statuses.get(result.statusCode) ?? 0) + 1);
          expect(writes).toEqual([]);
        },
      ),
      { numRuns: RUNS },
    );
    expect(snapshot()).toBe(before);
    console.info(
      `POST /approvals/{id} x${RUNS}: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );
    // The run reached the links themselves (found, refused for the input), not only the id check.
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([400, 403, 404]));
  }, 30_000);

  it('sees a change when there is one (the control: a valid decision on an open request writes)', async () => {
    const { review, ids, writes } = world();
    const result = await review(
      event('POST /approvals/{approvalId}', {
        contentType: 'application/json',
        body: JSON.stringify({ decision: 'approve' }),
        pathParameters: { approvalId: ids[1] ?? '' },
      }),
      context,
    );
    expect(writes.length).toBeGreaterThan(0);
    expect(result.statusCode).toBe(500);
  });
});
