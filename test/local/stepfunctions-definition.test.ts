import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { substituteDefinition } from '../../local/stepfunctions';
import { MAX_TIMER_SECONDS, prepareDefinition } from '../../local/stepfunctions/definition';

// biome-ignore-start lint/suspicious/noTemplateCurlyInString: ASL placeholders, not templates.
describe('substituteDefinition', () => {
  test('replaces every ${Name} and escapes values for the JSON string they sit in', () => {
    const asl = '{"A":"${Fn}","B":"${Fn}","C":"${Quoted}","D":${Number}}';

    const substituted = substituteDefinition(asl, { Fn: 'local:fn', Quoted: 'say "hi"', Number: '42' });

    expect(JSON.parse(substituted)).toEqual({ A: 'local:fn', B: 'local:fn', C: 'say "hi"', D: 42 });
  });

  test('throws naming every placeholder left without a substitution', () => {
    expect(() => substituteDefinition('{"A":"${One}","B":"${Two}","C":"${Three}"}', { Two: 'x' })).toThrow(
      'No substitution for definition placeholder(s): ${One}, ${Three}',
    );
  });

  test('the project ASL needs exactly the six function substitutions', () => {
    const asl = readFileSync(join(__dirname, '../../workflows/nomination.asl.json'), 'utf8');
    const names = {
      RecordSubmissionFunctionArn: 'local:record-submission',
      RequestApprovalFunctionArn: 'local:request-approval',
      RequestCorrectionFunctionArn: 'local:request-correction',
      NotifyFunctionArn: 'local:notify',
      IssueCertificateFunctionArn: 'local:issue-certificate',
      MarkNeedsAttentionFunctionArn: 'local:mark-needs-attention',
    };

    const substituted = substituteDefinition(asl, names);

    expect(substituted).not.toContain('${');
    expect(() =>
      substituteDefinition(asl, { ...names, NotifyFunctionArn: undefined as unknown as string }),
    ).toThrow();
  });
});
// biome-ignore-end lint/suspicious/noTemplateCurlyInString: ASL placeholders, not templates.

describe('prepareDefinition', () => {
  const asl = JSON.stringify({
    TimeoutSeconds: 60 * 24 * 60 * 60,
    StartAt: 'Long',
    States: {
      Long: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: 'f', Payload: { 'token.$': '$$.Task.Token', nested: { 'a.$': '$.a' } } },
        TimeoutSeconds: 1_209_600,
        Next: 'Unbounded',
      },
      Unbounded: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'g', Payload: {} },
        Next: 'Short',
      },
      Short: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'g', Payload: {} },
        TimeoutSeconds: 5,
        End: true,
      },
    },
  });

  test('caps task timeouts, gives tasks without one the cap, keeps timers below overflow', () => {
    const { definition, tasks } = prepareDefinition(asl, 3600);

    expect([...tasks.values()]).toEqual([
      {
        stateName: 'Long',
        resource: 'invoke.waitForTaskToken',
        waitForTaskToken: true,
        timeoutSeconds: 3600,
      },
      { stateName: 'Unbounded', resource: 'invoke', waitForTaskToken: false, timeoutSeconds: 3600 },
      { stateName: 'Short', resource: 'invoke', waitForTaskToken: false, timeoutSeconds: 5 },
    ]);
    expect(definition.States.Long).toMatchObject({ TimeoutSeconds: 3600 });
    expect(definition.States.Unbounded).toMatchObject({ TimeoutSeconds: 3600 });
    expect(definition.TimeoutSeconds).toBe(MAX_TIMER_SECONDS);
  });

  test('copies the ASL: nested Parameters survive intact', () => {
    const { definition } = prepareDefinition(asl, 3600);

    expect(definition.States.Long).toMatchObject({
      Parameters: { FunctionName: 'f', Payload: { 'token.$': '$$.Task.Token', nested: { 'a.$': '$.a' } } },
    });
  });
});
