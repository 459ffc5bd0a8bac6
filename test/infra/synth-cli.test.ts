import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

describe('npx cdk synth', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'award-synth-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('synthesizes the three stacks offline, with no AWS account, bundling every function with the local esbuild', async () => {
    const env = {
      ...process.env,
      CDK_DISABLE_CLI_TELEMETRY: 'true',
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
    };
    await run(path.join(ROOT, 'node_modules', '.bin', 'cdk'), ['synth', '--quiet', '--output', out], {
      cwd: ROOT,
      env,
      timeout: 120_000,
    });
    expect(existsSync(path.join(out, 'AwardWorkflowStateful.template.json'))).toBe(true);
    const functionsOf = (stack: string) => {
      const template = JSON.parse(readFileSync(path.join(out, `${stack}.template.json`), 'utf8')) as {
        Resources: Record<string, { Type: string }>;
      };
      return Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    };
    const workflowFunctions = functionsOf('AwardWorkflow').length;
    expect(workflowFunctions).toBe(11);
    expect(functionsOf('AwardWorkflowIntake')).toHaveLength(1);
    const bundles = readdirSync(out).filter((name) => existsSync(path.join(out, name, 'index.js')));
    expect(bundles).toHaveLength(workflowFunctions + 1);
    // issue-certificate's package carries its fonts beside the bundle (functions/contracts/certificates.ts).
    const withFonts = bundles.filter((name) => existsSync(path.join(out, name, 'fonts')));
    expect(withFonts).toHaveLength(1);
    expect(readdirSync(path.join(out, withFonts[0] ?? '', 'fonts')).sort()).toEqual([
      'NanumMyeongjo_400Regular.ttf',
      'NanumMyeongjo_800ExtraBold.ttf',
    ]);
  });

  it('refuses receivingRegion without region, with a clear message', async () => {
    const env = {
      ...process.env,
      CDK_DISABLE_CLI_TELEMETRY: 'true',
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
    };
    const failed = run(
      path.join(ROOT, 'node_modules', '.bin', 'cdk'),
      ['synth', '--quiet', '--output', path.join(out, 'refused'), '-c', 'receivingRegion=us-east-1'],
      { cwd: ROOT, env, timeout: 120_000 },
    );
    await expect(failed).rejects.toMatchObject({
      stderr: expect.stringContaining('needs the region of the workflow: set context "region"'),
    });
  });
});
