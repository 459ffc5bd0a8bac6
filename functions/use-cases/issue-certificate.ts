import { certificateKey } from '../contracts/certificates';
import { type Certificate, certificateOf } from '../domain/certificate';
import { type Cycle, cycleOf } from '../domain/cycle';
import { NominationNotFound, StageConflict } from '../domain/errors';
import type { AuditEvent, Nomination } from '../domain/nomination';
import type { CertificateRenderer, CertificateStore, Clock, NominationReader } from '../domain/ports';

export interface IssueCertificateInput {
  readonly nominationId: string;
  /** The minister's decision as the workflow took it; its time is the certificate's date. */
  readonly decidedAt?: string;
}

export interface IssueCertificateDeps {
  readonly nominations: NominationReader;
  readonly certificates: CertificateStore;
  readonly renderer: CertificateRenderer;
  readonly clock: Clock;
  readonly cycles: readonly Cycle[];
}

/** Stages at which a nomination may get its certificate: approved by the minister (awarded next), or awarded. */
const ISSUABLE = new Set(['minister_approval', 'awarded']);

/** When the minister approved: the workflow's decision, else the audit trail's, else now. */
function awardedAt(input: IssueCertificateInput, history: readonly AuditEvent[], deps: IssueCertificateDeps) {
  if (input.decidedAt && !Number.isNaN(Date.parse(input.decidedAt))) return input.decidedAt;
  const approved = history
    .filter((event) => event.type === 'decided' && event.stage === 'minister_approval')
    .filter((event) => event.type === 'decided' && event.decision === 'approve')
    .at(-1);
  return approved?.at ?? deps.clock.now().toISOString();
}

/**
 * The awarded path's step before the awardee mail: renders the nomination's 표창장 and keeps it
 * under its key. Once per nomination: a retried step finds it stored and changes nothing.
 */
export async function issueCertificate(input: IssueCertificateInput, deps: IssueCertificateDeps) {
  const nomination: Nomination | undefined = await deps.nominations.get(input.nominationId);
  if (!nomination) throw new NominationNotFound(input.nominationId);
  if (!ISSUABLE.has(nomination.stage)) {
    throw new StageConflict(`Nomination ${nomination.id} at ${nomination.stage} gets no certificate`);
  }
  const key = certificateKey(nomination.cycle, nomination.id);
  const stored = await deps.certificates.get(key);
  if (stored) return { nominationId: nomination.id, key, issued: false, bytes: stored.length };

  const certificate: Certificate = certificateOf(
    nomination,
    cycleOf(deps.cycles, nomination.cycle),
    awardedAt(input, await deps.nominations.history(nomination.id), deps),
  );
  const pdf = await deps.renderer.render(certificate);
  await deps.certificates.put(key, pdf);
  return { nominationId: nomination.id, key, issued: true, bytes: pdf.length };
}
