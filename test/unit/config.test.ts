import cycle2026 from '../../config/cycle-2026.json';
import directory from '../../config/directory.json';
import { type ConfigFiles, loadConfig, readEnv } from '../../functions/adapters/config';

const files = (cycle: unknown, dir: unknown = directory): ConfigFiles => ({
  cycles: { 'cycle-2026.json': cycle },
  directory: dir,
});

const errorOf = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
};

describe('loadConfig', () => {
  it('accepts the shipped files, unknown keys left out', () => {
    const config = loadConfig(files({ ...cycle2026, note: 'ignored' }, { ...directory, extra: 1 }));
    expect(config.cycles[0]).toEqual(cycle2026);
    expect(config.cycles[0]).not.toHaveProperty('note');
    expect(config.directory).not.toHaveProperty('extra');
    expect(config.directory).toEqual(loadConfig(files(cycle2026)).directory);
  });

  it('names the file and the field path of what is wrong', () => {
    const error = errorOf(() =>
      loadConfig(files({ ...cycle2026, reviewDays: { ...cycle2026.reviewDays, hq_review: 0 } })),
    );
    expect(error.name).toBe('ConfigurationError');
    expect(error.message).toBe(
      'config/cycle-2026.json is invalid: reviewDays.hq_review: must be greater than 0',
    );

    const center = directory.centers[0];
    const dirError = errorOf(() =>
      loadConfig(
        files(cycle2026, {
          ...directory,
          centers: [{ ...center, nominatingAddresses: ['ok@example.test', 'nope'] }],
        }),
      ),
    );
    expect(dirError.message).toBe(
      'config/directory.json is invalid: centers[0].nominatingAddresses[1]: expected an e-mail address',
    );
  });

  it.each([
    ['year', '26', 'year'],
    ['categories', [], 'categories'],
    ['categories', [{ ...cycle2026.categories[0], id: 'Bad_Id' }], 'categories[0].id'],
    [
      'categories',
      [{ ...cycle2026.categories[0], quotas: { individual: -1 } }],
      'categories[0].quotas.individual',
    ],
    ['quotas', { organization: 1.5, individual: 1 }, 'quotas.organization'],
    ['submissionOpens', '2026-03-01T00:00:00+09:00', 'submissionOpens'],
    ['submissionDeadline', '2026-02-30T00:00:00Z', 'submissionDeadline'],
    ['reminders', { daysBeforeDue: [], max: 1 }, 'reminders.daysBeforeDue'],
    ['reminders', { daysBeforeDue: [1], max: 1.5 }, 'reminders.max'],
    ['escalationDays', -1, 'escalationDays'],
    ['minServiceYears', -1, 'minServiceYears'],
    ['maxNominationsPerCenter', 0, 'maxNominationsPerCenter'],
    ['draftConfirmationHours', 0, 'draftConfirmationHours'],
    ['retentionDays', 1.5, 'retentionDays'],
    ['correctionDays', 0, 'correctionDays'],
    ['maxCorrectionRounds', 4, 'maxCorrectionRounds'],
  ])('refuses a cycle with a bad %s (%j)', (field, value, at) => {
    const error = errorOf(() => loadConfig(files({ ...cycle2026, [field]: value })));
    expect(error.message).toMatch(
      new RegExp(`^config/cycle-2026\\.json is invalid: ${at.replace(/[[\].]/g, '\\$&')}: `),
    );
  });

  it('keeps the optional cycle settings optional, and allows 3 correction rounds', () => {
    const {
      reminders: _r,
      escalationDays: _e,
      maxNominationsPerCenter: _m,
      correctionDays: _c,
      ...required
    } = cycle2026 as Record<string, unknown>;
    expect(() => loadConfig(files({ ...required, maxCorrectionRounds: 3 }))).not.toThrow();
  });

  it.each([
    ['mailFrom', 'ab', 'mailFrom'],
    ['intakeAddress', 'intake', 'intakeAddress'],
    ['centers', [], 'centers'],
    ['centers', [{ ...directory.centers[0], id: 'Busan!' }], 'centers[0].id'],
    ['centers', [{ ...directory.centers[0], nominatingAddresses: [] }], 'centers[0].nominatingAddresses'],
    [
      'centers',
      [{ ...directory.centers[0], head: { name: '', email: 'a@example.test' } }],
      'centers[0].head.name',
    ],
    ['centers', [{ ...directory.centers[0], delegates: [{ name: 'x' }] }], 'centers[0].delegates[0].email'],
    ['hqReviewer', { name: 'x', email: 'x' }, 'hqReviewer.email'],
    ['ministerOffice', undefined, 'ministerOffice'],
    ['escalation', { minister_approval: { name: 'x' } }, 'escalation.minister_approval.email'],
    ['delegates', { hq_review: {} }, 'delegates.hq_review'],
  ])('refuses a directory with a bad %s (%j)', (field, value, at) => {
    const error = errorOf(() => loadConfig(files(cycle2026, { ...directory, [field]: value })));
    expect(error.message).toMatch(
      new RegExp(`^config/directory\\.json is invalid: ${at.replace(/[[\].]/g, '\\$&')}: `),
    );
  });

  it('refuses no cycles at all', () => {
    expect(() => loadConfig({ cycles: {}, directory })).toThrow('No cycle configured');
  });
});

describe('readEnv', () => {
  const saved = process.env;
  afterEach(() => {
    process.env = saved;
  });
  const withEnv = (env: Record<string, string>) => {
    process.env = { ...env };
  };

  it('returns the named variables, typed and converted', () => {
    withEnv({
      TABLE_NAME: 't',
      PUBLIC_URL: ' http://localhost:3000 ',
      CONFIG_CACHE_SECONDS: '30',
      WORKFLOW_REGION: 'ap-northeast-2',
      OTHER: 'x',
    });
    const env = readEnv(
      'TABLE_NAME',
      'PUBLIC_URL',
      'CONFIG_CACHE_SECONDS',
      'WORKFLOW_REGION',
      'SES_CONFIGURATION_SET',
    );
    const seconds: number | undefined = env.CONFIG_CACHE_SECONDS;
    expect(seconds).toBe(30);
    expect(env).toEqual({
      TABLE_NAME: 't',
      PUBLIC_URL: 'http://localhost:3000',
      CONFIG_CACHE_SECONDS: 30,
      WORKFLOW_REGION: 'ap-northeast-2',
    });
    expect(env).not.toHaveProperty('OTHER');
  });

  it('names every variable that is wrong', () => {
    withEnv({
      TABLE_NAME: '',
      STATE_MACHINE_ARN: 'states:x',
      PUBLIC_URL: 'nope',
      MAIL_FROM: 'ab',
      CONFIG_CACHE_SECONDS: '30s',
      WORKFLOW_REGION: 'seoul',
    });
    const error = errorOf(() =>
      readEnv(
        'TABLE_NAME',
        'STATE_MACHINE_ARN',
        'PUBLIC_URL',
        'MAIL_FROM',
        'INTAKE_BUCKET',
        'CONFIG_CACHE_SECONDS',
        'LINK_KEY_SECRET_ID',
        'WORKFLOW_REGION',
      ),
    );
    expect(error.name).toBe('ConfigurationError');
    expect(error.message).toBe(
      'Environment is invalid: TABLE_NAME: must not be empty; STATE_MACHINE_ARN: must start with "arn:"; ' +
        'PUBLIC_URL: expected a URL; MAIL_FROM: must be at least 3 characters; ' +
        'INTAKE_BUCKET: expected a string, got missing; CONFIG_CACHE_SECONDS: must match /^\\d+$/; ' +
        'LINK_KEY_SECRET_ID: expected a string, got missing; WORKFLOW_REGION: must match /^[a-z]{2}(-[a-z]+)+-\\d$/',
    );
  });
});
