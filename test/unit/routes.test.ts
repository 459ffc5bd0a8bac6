import { ALL_WORDING } from '../../functions/adapters/http-errors';
import { randomIds } from '../../functions/adapters/random-ids';
import {
  HTTP_FUNCTIONS,
  type HttpFunctionName,
  linkTo,
  matchRoute,
  pathTo,
  ROUTES,
  type RouteName,
  routeKeys,
} from '../../functions/contracts/routes';

import { draftLinkIn, local } from '../support/flow';
import { approvalLinkIn, type StoredMail } from '../support/outbox';

const NAMES = Object.keys(ROUTES) as RouteName[];

/** Sample parameters for every route (link ids as the system makes them). */
const approvalId = randomIds.linkId();
const draftId = randomIds.linkId();
const PARAMS: Record<RouteName, Record<string, string>> = {
  form: {},
  submit: {},
  status: { statusToken: randomIds.linkId() },
  certificate: { statusToken: randomIds.linkId() },
  draft: { draftId },
  confirmDraft: { draftId },
  approval: { approvalId },
  decide: { approvalId },
  correction: { correctionId: draftId },
  correct: { correctionId: draftId },
  delegate: { approvalId },
  review: { reviewId: approvalId },
  decideReview: { reviewId: approvalId },
  exportReview: { reviewId: approvalId },
};

/** pathTo with the parameters of a route chosen at run time. */
function anyPathTo(name: RouteName, params: Record<string, string>): string {
  return (pathTo as (name: RouteName, params: Record<string, string>) => string)(name, params);
}

function mailWithText(text: string): StoredMail {
  return {
    messageId: 'm-1',
    from: 'award-office@example.test',
    destination: { to: ['award.seoul@example.test'], cc: [], bcc: [] },
    subject: '[고용서비스상] 테스트',
    body: { text, html: `<p>${text}</p>` },
    at: 0,
  };
}

describe('routeKeys', () => {
  it('lists every route once under its own method, and every GET route also as HEAD, and nothing else', () => {
    const keys = routeKeys();
    const expected = NAMES.flatMap((name) => {
      const { method, path } = ROUTES[name];
      return (method === 'GET' ? ['GET', 'HEAD'] : [method]).map((m) => `${m} ${path} ${name}`);
    });
    expect(keys.map(({ method, path, name }) => `${method} ${path} ${name}`).sort()).toEqual(expected.sort());
    const gets = NAMES.filter((name) => ROUTES[name].method === 'GET').length;
    expect(keys).toHaveLength(NAMES.length + gets);
    expect(new Set(keys.map(({ method, path }) => `${method} ${path}`)).size).toBe(keys.length);
    expect(keys.filter(({ method }) => method === 'HEAD').map(({ name }) => ROUTES[name].method)).toEqual(
      Array(gets).fill('GET'),
    );
    expect(keys.every(({ method }) => ['GET', 'HEAD', 'POST'].includes(method))).toBe(true);
  });

  it('holds the public contract of DESIGN.md', () => {
    const keys = routeKeys().map(({ method, path }) => `${method} ${path}`);
    for (const key of [
      'GET /',
      'HEAD /',
      'POST /nominations',
      'GET /nominations/{statusToken}',
      'GET /drafts/{draftId}',
      'POST /drafts/{draftId}',
      'GET /approvals/{approvalId}',
      'HEAD /approvals/{approvalId}',
      'POST /approvals/{approvalId}',
      'GET /reviews/{reviewId}',
      'HEAD /reviews/{reviewId}',
      'POST /reviews/{reviewId}',
    ]) {
      expect(keys).toContain(key);
    }
    expect(keys).not.toContain('HEAD /nominations');
    expect(keys).not.toContain('GET /nominations');
    // DESIGN.md's status page `GET /nominations/{…}` "behind its link": the parameter is the status
    // token, not the nomination id (issue 9: the id is no secret; the web handler refuses an id).
    expect(keys.filter((key) => key.startsWith('GET /nominations/'))).toEqual([
      'GET /nominations/{statusToken}',
      'GET /nominations/{statusToken}/certificate',
    ]);
  });
});

describe('the function that serves each route', () => {
  const keysOf = (keys: readonly { method: string; path: string; name: string }[]) =>
    keys.map(({ method, path, name }) => `${method} ${path} ${name}`).sort();

  it('every route is served by exactly one of the HTTP functions', () => {
    for (const name of NAMES) {
      expect(HTTP_FUNCTIONS).toContain(ROUTES[name].fn);
      const serving = HTTP_FUNCTIONS.filter((fn) => routeKeys(fn).some((key) => key.name === name));
      expect(serving).toEqual([ROUTES[name].fn]);
    }
    // Together the functions' routes are the table, each route key once.
    expect(keysOf(HTTP_FUNCTIONS.flatMap((fn) => routeKeys(fn)))).toEqual(keysOf(routeKeys()));
    for (const key of routeKeys()) expect(key.fn).toBe(ROUTES[key.name].fn);
  });

  it('by audience: nominating centers on web, approvers on review', () => {
    const served = (fn: HttpFunctionName) => routeKeys(fn).map(({ method, path }) => `${method} ${path}`);
    expect(served('web').sort()).toEqual(
      [
        'GET /',
        'HEAD /',
        'POST /nominations',
        'GET /nominations/{statusToken}',
        'HEAD /nominations/{statusToken}',
        'GET /nominations/{statusToken}/certificate',
        'HEAD /nominations/{statusToken}/certificate',
        'GET /drafts/{draftId}',
        'HEAD /drafts/{draftId}',
        'POST /drafts/{draftId}',
        'GET /corrections/{correctionId}',
        'HEAD /corrections/{correctionId}',
        'POST /corrections/{correctionId}',
      ].sort(),
    );
    expect(served('review').sort()).toEqual(
      [
        'GET /approvals/{approvalId}',
        'HEAD /approvals/{approvalId}',
        'POST /approvals/{approvalId}',
        'POST /approvals/{approvalId}/delegate',
        'GET /reviews/{reviewId}',
        'HEAD /reviews/{reviewId}',
        'POST /reviews/{reviewId}',
      ].sort(),
    );
    // HQ's download of a cycle: a function of its own (read-only role, the spreadsheet writer).
    expect(served('export').sort()).toEqual(
      ['GET /reviews/{reviewId}/export', 'HEAD /reviews/{reviewId}/export'].sort(),
    );
  });

  describe("each function's router serves exactly its routes of the table", () => {
    // What infra gives the functions (values only need to pass their checks: nothing is called).
    const env: Record<string, string> = {
      TABLE_NAME: 'award-workflow',
      STATE_MACHINE_ARN: 'arn:aws:states:ap-northeast-2:000000000000:stateMachine:NominationWorkflow',
      PUBLIC_URL: 'https://award.example.test',
      MAIL_FROM: 'award-office@example.test',
      LINK_KEY_SECRET_ID: 'arn:aws:secretsmanager:ap-northeast-2:000000000000:secret:link-key',
      CERTIFICATE_BUCKET: 'award-certificates',
    };
    const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
    beforeAll(() => {
      Object.assign(process.env, env);
    });
    afterAll(() => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    it.each(HTTP_FUNCTIONS)('%s', (fn) => {
      let entry: { routes: readonly { method: string; path: string; name: string }[] } | undefined;
      jest.isolateModules(() => {
        entry = require(`../../functions/${fn}`);
      });
      expect(keysOf(entry?.routes ?? [])).toEqual(keysOf(routeKeys(fn)));
    });

    it("dispatches by the event's route key: its own routes to their handlers, any other route 404", async () => {
      let httpFunction: typeof import('../../functions/adapters/web-router').httpFunction | undefined;
      jest.isolateModules(() => {
        httpFunction = require('../../functions/adapters/web-router').httpFunction;
      });
      const called: string[] = [];
      const answer = (name: string) => async (_event: unknown, deps: { remainingMs: () => number }) => {
        called.push(`${name} ${deps.remainingMs()}`);
        return { statusCode: 200, body: name };
      };
      const { handler } = (httpFunction as NonNullable<typeof httpFunction>)('review', {
        services: {},
        wording: ALL_WORDING,
        config: { current: async () => ({ cycles: [], directory: {} }) as never },
        handlers: {
          approval: answer('approval'),
          decide: answer('decide'),
          delegate: answer('delegate'),
          review: answer('review'),
          decideReview: answer('decideReview'),
        },
      });
      const context = { awsRequestId: 'r-1', getRemainingTimeInMillis: () => 1234 } as never;
      const invoke = (method: string, path: string) =>
        handler(
          {
            routeKey: `${method} ${path}`,
            headers: { accept: 'application/json' },
            requestContext: { http: { method } },
          } as never,
          context,
        );
      for (const key of routeKeys('review')) {
        await expect(invoke(key.method, key.path)).resolves.toMatchObject({
          statusCode: 200,
          body: key.name,
        });
      }
      expect(called).toHaveLength(routeKeys('review').length);
      expect(called.every((line) => line.endsWith(' 1234'))).toBe(true);
      for (const key of routeKeys('web')) {
        await expect(invoke(key.method, key.path)).resolves.toMatchObject({ statusCode: 404 });
      }
      expect(called).toHaveLength(routeKeys('review').length);
    });

    it('a function given a handler for a route it does not serve, or none for one it does, fails at init', () => {
      jest.isolateModules(() => {
        const { httpFunction } =
          require('../../functions/adapters/web-router') as typeof import('../../functions/adapters/web-router');
        const config = { current: async () => ({ cycles: [], directory: {} }) as never };
        const answer = async () => ({ statusCode: 200 });
        const webHandlers = {
          form: answer,
          submit: answer,
          status: answer,
          certificate: answer,
          draft: answer,
          confirmDraft: answer,
          correction: answer,
          correct: answer,
        };
        expect(() =>
          httpFunction('web', { services: {}, config, handlers: webHandlers, wording: ALL_WORDING }),
        ).not.toThrow();
        const stray = { ...webHandlers, approval: answer } as typeof webHandlers;
        expect(() =>
          httpFunction('web', { services: {}, config, handlers: stray, wording: ALL_WORDING }),
        ).toThrow(/handlers for routes it does not serve: approval/);
        const { correct: _correct, ...missing } = webHandlers;
        expect(() =>
          httpFunction('web', {
            services: {},
            config,
            handlers: missing as typeof webHandlers,
            wording: ALL_WORDING,
          }),
        ).toThrow(/no handler for the route correct/);
      });
    });
  });
});

describe('pathTo and linkTo', () => {
  it('fill in the parameters', () => {
    expect(pathTo('form', {})).toBe('/');
    expect(pathTo('submit', {})).toBe('/nominations');
    expect(pathTo('status', { statusToken: 'tok' })).toBe('/nominations/tok');
    expect(pathTo('certificate', { statusToken: 'tok' })).toBe('/nominations/tok/certificate');
    expect(pathTo('draft', { draftId })).toBe(`/drafts/${draftId}`);
    expect(pathTo('decide', { approvalId })).toBe(`/approvals/${approvalId}`);
  });

  it('URL-encode the parameters, so a value cannot leave its path segment', () => {
    expect(pathTo('status', { statusToken: '../../admin' })).toBe('/nominations/..%2F..%2Fadmin');
    expect(pathTo('status', { statusToken: 'a b?c=d#e&f' })).toBe('/nominations/a%20b%3Fc%3Dd%23e%26f');
    expect(pathTo('approval', { approvalId: '김민지' })).toBe('/approvals/%EA%B9%80%EB%AF%BC%EC%A7%80');
    expect(pathTo('approval', { approvalId: '%41' })).toBe('/approvals/%2541');
  });

  it('refuse a missing parameter', () => {
    expect(() => anyPathTo('status', {})).toThrow(/needs statusToken/);
  });

  it('join the base URL without doubled or trailing slashes', () => {
    for (const base of [
      'https://award.example.test',
      'https://award.example.test/',
      'https://award.example.test///',
    ]) {
      expect(linkTo(base, 'approval', { approvalId })).toBe(
        `https://award.example.test/approvals/${approvalId}`,
      );
      expect(linkTo(base, 'form', {})).toBe('https://award.example.test/');
    }
    expect(
      linkTo('https://x.execute-api.ap-northeast-2.amazonaws.com/prod/', 'status', { statusToken: 'a/b' }),
    ).toBe('https://x.execute-api.ap-northeast-2.amazonaws.com/prod/nominations/a%2Fb');
  });
});

describe('matchRoute', () => {
  it.each(routeKeys().map((key) => [`${key.method} ${key.path}`, key] as const))(
    'matches %s with its parameters',
    (_label, key) => {
      const params = PARAMS[key.name];
      const match = matchRoute(key.method, anyPathTo(key.name, params));
      expect(match).toEqual({
        name: key.name,
        path: key.path,
        fn: ROUTES[key.name].fn,
        pathParameters: params,
      });
    },
  );

  it('decodes the parameters as sent', () => {
    expect(matchRoute('GET', '/nominations/a%20b%2Fc')?.pathParameters).toEqual({ statusToken: 'a b/c' });
    expect(matchRoute('GET', pathTo('approval', { approvalId: '김민지' }))?.pathParameters).toEqual({
      approvalId: '김민지',
    });
  });

  it.each([
    ['DELETE', '/'],
    ['PUT', '/nominations'],
    ['GET', '/nominations'],
    ['HEAD', '/nominations'],
    ['POST', '/'],
    ['POST', '/nominations/x'],
    ['GET', ''],
    ['GET', '/nominations/'],
    ['GET', '/nominations/a/b'],
    ['GET', '/nominations/x/'],
    ['GET', '//'],
    ['GET', '/approvals'],
    ['GET', '/unknown'],
    ['GET', '/NOMINATIONS/x'],
    ['OPTIONS', '/nominations'],
  ])('returns undefined for %s %s', (method, path) => {
    expect(matchRoute(method, path)).toBeUndefined();
  });

  it('answers HEAD only where GET is answered', () => {
    expect(matchRoute('HEAD', '/drafts/x')?.name).toBe('draft');
    expect(matchRoute('HEAD', '/nominations/x')?.name).toBe('status');
    expect(matchRoute('HEAD', '/')?.name).toBe('form');
  });

  it.each(['%', '%E0%A4%A', '%zz', 'abc%', '%C3%28'])(
    'does not throw on the malformed escape %s and keeps it as sent',
    (raw) => {
      expect(() => matchRoute('GET', `/approvals/${raw}`)).not.toThrow();
      expect(matchRoute('GET', `/approvals/${raw}`)).toEqual({
        name: 'approval',
        path: '/approvals/{approvalId}',
        fn: 'review',
        pathParameters: { approvalId: raw },
      });
      expect(matchRoute('POST', `/drafts/${raw}`)?.pathParameters).toEqual({ draftId: raw });
    },
  );

  it('does not read regular-expression syntax in the path as a pattern', () => {
    expect(matchRoute('GET', '/nominations/.*')?.pathParameters).toEqual({ statusToken: '.*' });
    expect(matchRoute('GET', '/.*')).toBeUndefined();
  });
});

describe('links built with linkTo are the ones the test helpers find in mails', () => {
  it.each(['http://localhost:3000', 'https://award.example.test/', 'https://x.example.test/prod'])(
    'finds approval and draft links under %s',
    (base) => {
      const approval = linkTo(base, 'approval', { approvalId });
      const draft = linkTo(base, 'draft', { draftId });
      const text = `안내\n결정하기:\n${approval}\n\n확정:\n${draft}\n-- \n서명`;
      expect(approvalLinkIn(mailWithText(text))).toBe(approval);
      expect(draftLinkIn(mailWithText(text))).toBe(draft);
      expect(local(draft, 'http://127.0.0.1:3999')).toBe(`http://127.0.0.1:3999${new URL(draft).pathname}`);
    },
  );

  it('finds link ids with the URL-safe characters - and _ unchanged by encoding', () => {
    const id = `${'-'.repeat(21)}${'_'.repeat(22)}`;
    expect(pathTo('approval', { approvalId: id })).toBe(`/approvals/${id}`);
    const mail = mailWithText(`${linkTo('http://localhost:3000', 'approval', { approvalId: id })}\n`);
    expect(approvalLinkIn(mail)).toBe(`http://localhost:3000/approvals/${id}`);
  });

  it('the helpers find no link where there is none', () => {
    expect(() => approvalLinkIn(mailWithText('링크 없음'))).toThrow(/No approval link/);
    expect(() =>
      draftLinkIn(mailWithText(linkTo('http://localhost:3000', 'approval', { approvalId }))),
    ).toThrow(/No draft link/);
  });
});
