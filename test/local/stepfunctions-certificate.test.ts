import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { loadCertificateFonts, PdfCertificateRenderer } from '../../functions/adapters/certificate-pdf';
import { shippedConfig } from '../../functions/adapters/config';
import { randomIds } from '../../functions/adapters/random-ids';
import { certificateKey } from '../../functions/contracts/certificates';
import type { Nomination, NominationInput } from '../../functions/domain/nomination';
import type { DecisionOutput } from '../../functions/domain/ports';
import { issueCertificate } from '../../functions/use-cases/issue-certificate';
import { notifyOutcome } from '../../functions/use-cases/notify-outcome';
import { substituteDefinition } from '../../local/stepfunctions';
import { NOMINATION_TASKS, taskSubstitutions } from '../../workflows/nomination-tasks';
import {
  MemoryCertificates,
  MemoryLinkKey,
  MemoryNominations,
  MemorySentMail,
  notifierFor,
  RecordingMailer,
} from '../support/fakes';
import { AWARDED_PATH, sampleNomination } from '../support/sample';
import {
  enteredStates,
  history,
  namedError,
  recordingLambda,
  useHarnesses,
  waitFor,
  waitForEnd,
} from './stepfunctions-harness';

/** The project's real workflow, with local function names as the local runtime maps them. */
const nominationAsl = substituteDefinition(
  readFileSync(join(__dirname, '../../workflows/nomination.asl.json'), 'utf8'),
  taskSubstitutions((task) => `local:${NOMINATION_TASKS[task].entry}`),
);

const start = useHarnesses();
const config = shippedConfig();
const renderer = new PdfCertificateRenderer(loadCertificateFonts());
const NOMINEE = (sampleNomination() as unknown as NominationInput).nominee;
const ID = '2026-abcdefghijkmnpqrstuv';

type ApprovalRequest = { nominationId: string; stage: string; taskToken: string };

/**
 * The awarded path on the local Step Functions service with the real use cases of the two last
 * steps (in-memory ports, the real PDF renderer); the review steps answer as approvers would.
 */
async function awardedRun(options: { failFirstIssue?: boolean } = {}) {
  const nominations = new MemoryNominations();
  const nomination: Nomination = {
    ...(sampleNomination({ cycle: '2026' }) as unknown as NominationInput),
    id: ID,
    stage: 'minister_approval',
    version: 4,
    createdAt: '2026-09-01T00:00:00.000Z',
    updatedAt: '2026-11-20T00:00:00.000Z',
  };
  await nominations.create(nomination, 'key', { type: 'submitted', at: nomination.createdAt, actor: 'x' });
  const certificates = new MemoryCertificates();
  const mailer = new RecordingMailer();
  const clock = { now: () => new Date('2026-11-27T01:00:00.000Z') };
  const base = { nominations, certificates, clock, ...config };
  const lambdas = {
    requestApproval: recordingLambda<ApprovalRequest>(() => ({ mailed: true })),
    issueCertificate: recordingLambda<{ nominationId: string; decision: DecisionOutput }>(
      async (payload, call) => {
        if (options.failFirstIssue && call === 0) throw namedError('TransientError', 'S3 throttled');
        return issueCertificate(
          { nominationId: payload.nominationId, decidedAt: payload.decision.decidedAt },
          { ...base, renderer },
        );
      },
    ),
    notify: recordingLambda<{ nominationId: string; outcome: 'awarded' }>(async (payload) =>
      notifyOutcome(payload, {
        ...base,
        sentMail: new MemorySentMail(),
        notifier: notifierFor(mailer),
        publicUrl: 'http://localhost:3000',
        linkKey: new MemoryLinkKey(),
        ids: randomIds,
      }),
    ),
  };
  const harness = await start(
    nominationAsl,
    {
      'local:record-submission': recordingLambda(() => ({ recorded: true })),
      'local:request-approval': lambdas.requestApproval,
      'local:request-correction': recordingLambda(() => ({ mailed: true })),
      'local:issue-certificate': lambdas.issueCertificate,
      'local:notify': lambdas.notify,
      'local:mark-needs-attention': recordingLambda(() => ({ marked: true })),
    },
    { stateMachineName: 'NominationWorkflow' },
  );
  const executionArn = await harness.start({ nominationId: ID }, ID);
  for (let index = 0; index < 3; index += 1) {
    const request = await waitFor(() => lambdas.requestApproval.calls[index]);
    const output: DecisionOutput = {
      decision: 'approve',
      stage: request.stage as DecisionOutput['stage'],
      approver: 'someone@example.test',
      decidedAt: '2026-11-26T16:30:00.000Z',
    };
    await harness.client.send(
      new SendTaskSuccessCommand({ taskToken: request.taskToken, output: JSON.stringify(output) }),
    );
  }
  const done = await waitForEnd(harness.client, executionArn);
  return { ...harness, done, executionArn, lambdas, mailer, certificates };
}

describe('the 표창장 on the awarded path (workflows/nomination.asl.json, local service)', () => {
  test('IssueCertificate stores the PDF before NotifyAwardee, whose mail carries it', async () => {
    const { client, done, executionArn, lambdas, mailer, certificates } = await awardedRun();
    expect(done.status).toBe('SUCCEEDED');
    expect(enteredStates(await history(client, executionArn))).toEqual(AWARDED_PATH);
    // The minister's decision reaches the step: its date is the certificate's.
    expect(lambdas.issueCertificate.calls[0]?.decision.decidedAt).toBe('2026-11-26T16:30:00.000Z');

    const stored = certificates.objects.get(certificateKey('2026', ID));
    expect(stored).toBeDefined();
    const awardee = mailer.sent.find((mail) => mail.to.includes(NOMINEE.email ?? ''));
    expect(awardee?.attachments).toHaveLength(1);
    const [attachment] = awardee?.attachments ?? [];
    expect(attachment?.filename).toBe(`표창장_${NOMINEE.name}.pdf`);
    expect(attachment?.contentType).toBe('application/pdf');
    expect(Buffer.from(attachment?.content ?? []).equals(Buffer.from(stored ?? []))).toBe(true);

    const dir = mkdtempSync(join(tmpdir(), 'award-cert-flow-'));
    try {
      writeFileSync(join(dir, 'c.pdf'), attachment?.content ?? new Uint8Array());
      const text = execFileSync('pdftotext', [join(dir, 'c.pdf'), '-'], { encoding: 'utf8' });
      for (const field of [
        NOMINEE.name,
        NOMINEE.affiliation,
        '2026년 올해의 고용서비스상',
        '2026년 11월 27일',
        '고용노동부장관',
      ]) {
        expect(text).toContain(field);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test('a transient failure of IssueCertificate is retried, and the certificate is stored once', async () => {
    const { done, lambdas, certificates, mailer } = await awardedRun({ failFirstIssue: true });
    expect(done.status).toBe('SUCCEEDED');
    expect(lambdas.issueCertificate.calls).toHaveLength(2);
    expect(certificates.puts).toBe(1);
    expect(mailer.sent.flatMap((mail) => mail.attachments ?? [])).toHaveLength(1);
  }, 60_000);
});
