import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Context } from 'aws-lambda';
import { ALERT_MESSAGES } from '../../functions/contracts/alerts';
import {
  LOG_MESSAGE_FIELD,
  METRICS,
  METRICS_NAMESPACE,
  METRICS_SWITCH,
  SERVICE_DIMENSION,
  SERVICE_NAME,
} from '../../functions/contracts/observability';

type Middleware = typeof import('../../functions/adapters/middleware');
type Metrics = typeof import('../../functions/adapters/metrics');
type Mailer = typeof import('../../functions/adapters/ses-mailer');

/**
 * The adapters read their settings at init: each case loads fresh copies with the given environment
 * (restored afterwards; `undefined` removes a variable).
 */
function load(env: Record<string, string | undefined> = {}) {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  set(env);
  try {
    let loaded: { middleware: Middleware; metrics: Metrics; mailer: Mailer } | undefined;
    jest.isolateModules(() => {
      loaded = {
        middleware: require('../../functions/adapters/middleware'),
        metrics: require('../../functions/adapters/metrics'),
        mailer: require('../../functions/adapters/ses-mailer'),
      };
    });
    return loaded as NonNullable<typeof loaded>;
  } finally {
    set(saved);
  }
}

type Line = Record<string, unknown>;

/**
 * Every line written to stdout and stderr while `run` runs, parsed (the writes are swallowed): per
 * stream, and both in the order written.
 */
async function capture(run: () => unknown): Promise<{ out: Line[]; err: Line[]; all: Line[] }> {
  const streams = { out: [] as Line[], err: [] as Line[], all: [] as Line[] };
  const spy = (stream: NodeJS.WriteStream, lines: Line[]) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
      for (const text of String(chunk)
        .split('\n')
        .filter((line) => line.trim() !== '')) {
        const line = JSON.parse(text) as Line;
        lines.push(line);
        streams.all.push(line);
      }
      return true;
    });
  const spies = [spy(process.stdout, streams.out), spy(process.stderr, streams.err)];
  try {
    await run();
    return streams;
  } finally {
    for (const s of spies) s.mockRestore();
  }
}

const context = (awsRequestId: string) =>
  ({
    functionName: 'award-web',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:ap-northeast-2:000000000000:function:award-web',
    memoryLimitInMB: '256',
    awsRequestId,
    getRemainingTimeInMillis: () => 10_000,
  }) as unknown as Context;

const on = { [METRICS_SWITCH.variable]: METRICS_SWITCH.on };

describe('log', () => {
  test('one JSON line: level, message, timestamp, service, the fields; errors on stderr', async () => {
    const { middleware } = load({ LOG_LEVEL: 'info' });
    const { out, err } = await capture(() => {
      middleware.log('info', 'draft sent', { nominationId: 'n-1', attempt: 2 });
      middleware.log('error', 'it broke', { nominationId: 'n-1' });
    });
    expect(out).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'draft sent',
        service: SERVICE_NAME,
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        nominationId: 'n-1',
        attempt: 2,
      }),
    ]);
    expect(err).toEqual([expect.objectContaining({ level: 'ERROR', message: 'it broke' })]);
  });

  test('writes no full e-mail address: message, fields, nested values, error messages, stacks, causes', async () => {
    const { middleware } = load({ LOG_LEVEL: 'info' });
    const error = new Error('Address blacklisted: minister.office@example.test', {
      cause: new TypeError('rejected by hq.reviewer@example.test'),
    });
    const { err } = await capture(() =>
      middleware.log('error', 'mail to minji.kim@example.test failed', {
        to: 'head.seoul@example.test',
        recipients: ['award.seoul@example.test', { cc: 'busan.head@example.test' }],
        error,
      }),
    );
    const line = only(err);
    expect(JSON.stringify(line)).not.toMatch(/minji|head\.seoul|award\.seoul|busan\.head|reviewer@|office@/);
    expect(line).toMatchObject({
      message: 'mail to mi***@example.test failed',
      to: 'he***@example.test',
      recipients: ['aw***@example.test', { cc: 'bu***@example.test' }],
      error: {
        name: 'Error',
        message: 'Address blacklisted: mi***@example.test',
        stack: expect.stringContaining('Error: Address blacklisted: mi***@example.test'),
        cause: { name: 'TypeError', message: 'rejected by hq***@example.test' },
      },
    });
  });

  test('the alert message is written under the key the metric filter reads', async () => {
    const { middleware } = load({ LOG_LEVEL: 'error' });
    const { err } = await capture(() =>
      middleware.log('error', ALERT_MESSAGES.decisionHandoverUncertain, { nominationId: 'n-1' }),
    );
    expect(only(err)[LOG_MESSAGE_FIELD]).toBe(ALERT_MESSAGES.decisionHandoverUncertain);
  });

  test.each([
    ['LOG_LEVEL=error (the tests) keeps info and warn lines out', { LOG_LEVEL: 'error' }, ['error']],
    ['LOG_LEVEL=WARN', { LOG_LEVEL: 'WARN' }, ['warn', 'error']],
    [
      'POWERTOOLS_LOG_LEVEL before LOG_LEVEL',
      { POWERTOOLS_LOG_LEVEL: 'info', LOG_LEVEL: 'error' },
      ['info', 'warn', 'error'],
    ],
    ['silent', { LOG_LEVEL: 'silent' }, []],
    [
      "AWS_LAMBDA_LOG_LEVEL (Lambda's ApplicationLogLevel) over both",
      { AWS_LAMBDA_LOG_LEVEL: 'WARN', POWERTOOLS_LOG_LEVEL: 'info', LOG_LEVEL: 'info' },
      ['warn', 'error'],
    ],
  ])('%s', async (_, env, expected) => {
    const { all } = await capture(() => {
      // Loaded inside: with ALC stricter than the configured level, Powertools warns once at init.
      const { middleware } = load({
        POWERTOOLS_LOG_LEVEL: undefined,
        AWS_LAMBDA_LOG_LEVEL: undefined,
        ...env,
      });
      for (const level of ['info', 'warn', 'error'] as const) middleware.log(level, level);
    });
    const written = all
      .map((line) => line.message)
      .filter((m) => ['info', 'warn', 'error'].includes(String(m)));
    expect(written).toEqual(expected);
  });

  test('an unknown level fails at init', () => {
    expect(() => load({ LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL must be one of/);
  });
});

describe('lambdaHandler', () => {
  test('request id and cold start on every line, whatever the handler logs', async () => {
    const { middleware } = load({ LOG_LEVEL: 'info', AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand' });
    const handler = middleware.lambdaHandler('web', async (event: { n: number }) => {
      middleware.log('info', 'working', { n: event.n });
      middleware.log('warn', 'still working');
      return event.n;
    });
    const { all } = await capture(async () => {
      await handler({ n: 1 }, context('req-1'));
      await handler({ n: 2 }, context('req-2'));
    });
    expect(all.map((line) => [line.message, line.function_request_id, line.cold_start])).toEqual([
      ['working', 'req-1', true],
      ['still working', 'req-1', true],
      ['working', 'req-2', false],
      ['still working', 'req-2', false],
    ]);
    expect(all[0]).toMatchObject({ function_name: 'award-web', service: SERVICE_NAME });
  });

  test('a failure is logged once with the error, its stack and cause; the error keeps its name', async () => {
    const { middleware } = load({ LOG_LEVEL: 'info' });
    class TransientError extends Error {
      override name = 'TransientError';
    }
    const handler = middleware.lambdaHandler('notify', async () => {
      throw new TransientError('SES throttled', { cause: new Error('Rate exceeded') });
    });
    let thrown: unknown;
    const { out, err } = await capture(() =>
      handler({}, context('req-9')).catch((error) => (thrown = error)),
    );
    expect((thrown as Error).name).toBe('TransientError');
    expect(out).toEqual([]);
    expect(only(err)).toMatchObject({
      level: 'ERROR',
      message: 'handler failed',
      function: 'notify',
      function_request_id: 'req-9',
      error: {
        name: 'TransientError',
        message: 'SES throttled',
        stack: expect.stringContaining('TransientError: SES throttled'),
        cause: { name: 'Error', message: 'Rate exceeded', stack: expect.any(String) },
      },
    });
  });

  test('never logs the event, even when POWERTOOLS_LOGGER_LOG_EVENT asks for it', async () => {
    const { middleware } = load({ LOG_LEVEL: 'info', POWERTOOLS_LOGGER_LOG_EVENT: 'true' });
    const handler = middleware.lambdaHandler('web', async () => 'ok');
    const { out, err } = await capture(() => handler({ nominee: { name: '김민지' } }, context('req-3')));
    expect([...out, ...err]).toEqual([]);
  });
});

describe('countMetric', () => {
  test('off unless the switch is on (tests, npm start, bench): nothing written, nothing thrown', async () => {
    for (const env of [{ [METRICS_SWITCH.variable]: undefined }, { [METRICS_SWITCH.variable]: 'true' }]) {
      const { metrics } = load(env);
      const { out, err } = await capture(() => {
        metrics.countMetric('decisions', { stage: 'hq_review', decision: 'approve' });
        metrics.countMetric('mailsSent', {});
      });
      expect([...out, ...err]).toEqual([]);
    }
  });

  test('a switch value other than "true" or "false" fails at init', () => {
    expect(() => load({ [METRICS_SWITCH.variable]: 'yes' })).toThrow(/POWERTOOLS_METRICS_DISABLED must be/);
  });

  test('one EMF record per count: the namespace, the total and the breakdown as two dimension sets', async () => {
    const { metrics } = load(on);
    const { out } = await capture(() =>
      metrics.countMetric('decisions', { stage: 'hq_review', decision: 'approve' }),
    );
    expect(only(out)).toEqual({
      _aws: {
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [
          {
            Namespace: METRICS_NAMESPACE,
            Dimensions: [[SERVICE_DIMENSION], [SERVICE_DIMENSION, ...METRICS.decisions.dimensions]],
            Metrics: [{ Name: METRICS.decisions.name, Unit: 'Count' }],
          },
        ],
      },
      [SERVICE_DIMENSION]: SERVICE_NAME,
      stage: 'hq_review',
      decision: 'approve',
      [METRICS.decisions.name]: 1,
    });
  });

  test("a metric without dimensions has the total only; each record keeps only its own metric's dimensions", async () => {
    const { metrics } = load(on);
    const { out, err } = await capture(() => {
      metrics.countMetric('waitsPastDeadline', { stage: 'minister_approval' });
      metrics.countMetric('mailsFailed', {});
    });
    expect(err).toEqual([]);
    expect(out).toHaveLength(2);
    const emf = (line: Line | undefined) =>
      (line?._aws as { CloudWatchMetrics: { Dimensions: string[][] }[] } | undefined)?.CloudWatchMetrics[0];
    const [wait, mail] = out;
    expect(emf(wait)?.Dimensions).toEqual([[SERVICE_DIMENSION], [SERVICE_DIMENSION, 'stage']]);
    expect(emf(mail)).toMatchObject({
      Dimensions: [[SERVICE_DIMENSION]],
      Metrics: [{ Name: METRICS.mailsFailed.name, Unit: 'Count' }],
    });
    expect(mail).not.toHaveProperty('stage');
  });

  test('a handler that counts nothing writes nothing (no empty-metrics warning, no throw)', async () => {
    const { middleware } = load({ ...on, LOG_LEVEL: 'info' });
    const handler = middleware.lambdaHandler('web', async () => 'ok');
    const { out, err } = await capture(() => handler({}, context('req-4')));
    expect([...out, ...err]).toEqual([]);
  });
});

describe('SesMailer counts mails', () => {
  const mail = { to: ['head.seoul@example.test'], subject: '심사 요청', text: '본문', html: '<p>본문</p>' };
  const client = (send: () => Promise<unknown>) => ({ send }) as unknown as SESv2Client;
  const counted = (lines: Record<string, unknown>[]) =>
    lines
      .filter((line) => '_aws' in line)
      .flatMap((line) => Object.keys(line).filter((k) => /^Mails/.test(k)));

  test('sent when SES accepts the mail', async () => {
    const { mailer } = load(on);
    const { out } = await capture(() =>
      new mailer.SesMailer(
        client(async () => ({ MessageId: 'm-1' })),
        'office@example.test',
      ).send(mail),
    );
    expect(counted(out)).toEqual([METRICS.mailsSent.name]);
  });

  test('failed when SES refuses it (and the error still reaches the caller)', async () => {
    const { mailer } = load(on);
    const refused = Object.assign(new Error('Email address is not verified'), { name: 'MessageRejected' });
    let thrown: unknown;
    const { out } = await capture(() =>
      new mailer.SesMailer(
        client(async () => {
          throw refused;
        }),
        'office@example.test',
      )
        .send(mail)
        .catch((error) => (thrown = error)),
    );
    expect(thrown).toBe(refused);
    expect(counted(out)).toEqual([METRICS.mailsFailed.name]);
  });
});

function only<T>(items: readonly T[]): T {
  if (items.length !== 1) throw new Error(`expected exactly one line, found ${items.length}`);
  return items[0] as T;
}
