import { shippedConfig } from '../../functions/adapters/config';
import { certificateKey } from '../../functions/contracts/certificates';
import type { Certificate } from '../../functions/domain/certificate';
import { NominationNotFound, StageConflict } from '../../functions/domain/errors';
import type { Nomination, NominationInput } from '../../functions/domain/nomination';
import type { CertificateRenderer } from '../../functions/domain/ports';
import type { Stage } from '../../functions/domain/stages';
import { issueCertificate } from '../../functions/use-cases/issue-certificate';
import { MemoryCertificates, MemoryNominations } from '../support/fakes';
import { sampleNomination } from '../support/sample';

const { cycles } = shippedConfig();
const NOW = new Date('2026-12-01T00:00:00.000Z');

class RecordingRenderer implements CertificateRenderer {
  readonly rendered: Certificate[] = [];
  async render(certificate: Certificate) {
    this.rendered.push(certificate);
    return new TextEncoder().encode(`%PDF-1.7 ${certificate.name}`);
  }
}

function nominationAt(stage: Stage, id = '2026-abcdefghijkmnpqrstuv'): Nomination {
  return {
    ...(sampleNomination({ cycle: '2026' }) as unknown as NominationInput),
    id,
    stage,
    version: 4,
    createdAt: '2026-09-01T00:00:00.000Z',
    updatedAt: '2026-11-20T00:00:00.000Z',
  };
}

async function setup(stage: Stage) {
  const nominations = new MemoryNominations();
  const nomination = nominationAt(stage);
  await nominations.create(nomination, 'key', { type: 'submitted', at: nomination.createdAt, actor: 'x' });
  const deps = {
    nominations,
    certificates: new MemoryCertificates(),
    renderer: new RecordingRenderer(),
    clock: { now: () => NOW },
    cycles,
  };
  return { nomination, deps };
}

describe('issueCertificate', () => {
  test("renders the awardee's certificate with the minister's decision date and stores it under its key", async () => {
    const { nomination, deps } = await setup('minister_approval');
    const result = await issueCertificate(
      { nominationId: nomination.id, decidedAt: '2026-11-26T16:30:00.000Z' },
      deps,
    );
    const key = certificateKey('2026', nomination.id);
    expect(key).toBe(`certificates/2026/${nomination.id}.pdf`);
    expect(result).toMatchObject({ nominationId: nomination.id, key, issued: true });
    expect(deps.renderer.rendered).toEqual([
      {
        nominationId: nomination.id,
        cycle: '2026',
        cycleTitle: '2026년 올해의 고용서비스상',
        categoryName: '수요자 맞춤형 취업·채용지원 서비스',
        nomineeType: 'individual',
        name: nomination.nominee.name,
        affiliation: nomination.nominee.affiliation,
        position: nomination.nominee.position,
        awardedAt: '2026-11-26T16:30:00.000Z',
      },
    ]);
    expect(deps.certificates.objects.get(key)).toBeDefined();
  });

  test('issues once: a retried step finds the certificate and renders nothing', async () => {
    const { nomination, deps } = await setup('minister_approval');
    await issueCertificate({ nominationId: nomination.id }, deps);
    const again = await issueCertificate({ nominationId: nomination.id }, deps);
    expect(again.issued).toBe(false);
    expect(deps.renderer.rendered).toHaveLength(1);
    expect(deps.certificates.puts).toBe(1);
  });

  test('without the workflow decision: the approval in the audit trail, else now', async () => {
    const { nomination, deps } = await setup('minister_approval');
    await issueCertificate({ nominationId: nomination.id, decidedAt: 'garbage' }, deps);
    expect(deps.renderer.rendered[0]?.awardedAt).toBe(NOW.toISOString());

    const other = await setup('awarded');
    other.deps.nominations.events.get(other.nomination.id)?.push({
      type: 'decided',
      at: '2026-11-25T01:00:00.000Z',
      actor: 'minister.office@example.test',
      stage: 'minister_approval',
      decision: 'approve',
    });
    await issueCertificate({ nominationId: other.nomination.id }, other.deps);
    expect(other.deps.renderer.rendered[0]?.awardedAt).toBe('2026-11-25T01:00:00.000Z');
  });

  test('only for a nomination the minister approved (or awarded), and an existing one', async () => {
    const early = await setup('hq_review');
    await expect(issueCertificate({ nominationId: early.nomination.id }, early.deps)).rejects.toBeInstanceOf(
      StageConflict,
    );
    expect(early.deps.certificates.puts).toBe(0);
    await expect(
      issueCertificate({ nominationId: '2026-nonexistentnominati' }, early.deps),
    ).rejects.toBeInstanceOf(NominationNotFound);
  });
});
