import cycle2026 from '../../config/cycle-2026.json';
import {
  CORRECTABLE_FIELDS,
  correctionClosedReason,
  correctionInput,
  DEFAULT_CORRECTION_DAYS,
  DEFAULT_MAX_CORRECTION_ROUNDS,
  diffNomination,
  fieldValue,
  nextCorrectionRound,
  revisionOf,
  revisionViews,
  validateNote,
} from '../../functions/domain/correction';
import type { Cycle } from '../../functions/domain/cycle';
import type { Nomination, NominationInput } from '../../functions/domain/nomination';
import { CORRECTION_STAGE, canTransition, REVIEW_STAGES, STAGES } from '../../functions/domain/stages';
import { fieldMessage } from '../../functions/views/messages';
import { FIELD_LABELS } from '../../functions/views/texts';

const cycle = cycle2026 as Cycle;

const input: NominationInput = {
  cycle: '2026',
  category: 'job-matching',
  nomineeType: 'individual',
  nominee: {
    name: '김민지',
    affiliation: '서울고용복지플러스센터',
    position: '주무관',
    email: 'minji@example.test',
    serviceYears: 6,
  },
  meritPeriod: { from: '2026-01', to: '2026-10' },
  meritSummary: '취업률 20%p 향상',
  meritDetails: '세부',
  priorAwards: '-',
  disciplinaryHistory: false,
  consent: true,
  centerId: 'seoul',
  submitter: { name: '박서준', email: 'award.seoul@example.test' },
};

function nomination(changes: Partial<Nomination> = {}): Nomination {
  return {
    ...input,
    id: '2026-abcdefghijkmnpqrstu',
    stage: CORRECTION_STAGE,
    version: 5,
    createdAt: '2026-10-01T00:00:00Z',
    updatedAt: '2026-10-02T00:00:00Z',
    ...changes,
  };
}

describe('stages of the loop', () => {
  it('lets every review stage ask for a correction, and a correction go back to any review stage or end returned', () => {
    expect(STAGES).toContain(CORRECTION_STAGE);
    for (const stage of REVIEW_STAGES) {
      expect(canTransition(stage, CORRECTION_STAGE)).toBe(true);
      expect(canTransition(CORRECTION_STAGE, stage)).toBe(true);
      // Out of rounds, a return ends it.
      expect(canTransition(stage, 'returned')).toBe(true);
    }
    // A correction that never comes ends it too.
    expect(canTransition(CORRECTION_STAGE, 'returned')).toBe(true);
    expect(canTransition(CORRECTION_STAGE, 'awarded')).toBe(false);
    expect(canTransition(CORRECTION_STAGE, 'rejected')).toBe(false);
    expect(canTransition('returned', CORRECTION_STAGE)).toBe(false);
    expect(canTransition('submitted', CORRECTION_STAGE)).toBe(false);
  });
});

describe('rounds', () => {
  it("counts the nomination's rounds against the cycle's maximum", () => {
    expect(nextCorrectionRound({}, cycle)).toEqual({ round: 1 });
    expect(nextCorrectionRound({ correctionRound: 1 }, cycle)).toEqual({ round: 2 });
    expect(nextCorrectionRound({ correctionRound: 2 }, cycle)).toEqual({ exhausted: true, used: 2 });
    expect(nextCorrectionRound({}, { ...cycle, maxCorrectionRounds: 0 })).toEqual({
      exhausted: true,
      used: 0,
    });
  });

  it('has defaults for cycles that do not set the loop, and the shipped cycles set them', () => {
    const { correctionDays: _days, maxCorrectionRounds: _max, ...bare } = cycle;
    expect(nextCorrectionRound({ correctionRound: DEFAULT_MAX_CORRECTION_ROUNDS }, bare)).toMatchObject({
      exhausted: true,
    });
    expect(cycle.correctionDays).toBe(DEFAULT_CORRECTION_DAYS);
    expect(cycle.maxCorrectionRounds).toBe(DEFAULT_MAX_CORRECTION_ROUNDS);
  });

  it('closes a link once used, superseded, void, or past its expiry', () => {
    const open = { status: 'open' as const, expiresAt: '2026-11-15T00:00:00Z' };
    expect(correctionClosedReason(open, new Date('2026-11-14T23:59:59Z'))).toBeUndefined();
    expect(correctionClosedReason(open, new Date('2026-11-15T00:00:00Z'))).toBe('expired');
    for (const status of ['used', 'superseded', 'void'] as const) {
      expect(correctionClosedReason({ ...open, status }, new Date('2026-11-01T00:00:00Z'))).toBe(status);
    }
  });
});

describe('diff', () => {
  it('lists changed fields in the form order, with the values before and after (empty = absent)', () => {
    const after: NominationInput = {
      ...input,
      nominee: { ...input.nominee, serviceYears: 7, position: undefined },
      meritSummary: '취업률 25%p 향상',
      priorAwards: undefined,
      disciplinaryHistory: false,
    };
    expect(diffNomination(input, after)).toEqual([
      { field: 'nominee.position', before: '주무관' },
      { field: 'nominee.serviceYears', before: 6, after: 7 },
      { field: 'meritSummary', before: '취업률 20%p 향상', after: '취업률 25%p 향상' },
      { field: 'priorAwards', before: '-' },
    ]);
    expect(diffNomination(input, { ...input })).toEqual([]);
  });

  it('covers every field of the form but the cycle and the center, each with a Korean label', () => {
    expect([...CORRECTABLE_FIELDS, 'cycle', 'centerId'].sort()).toEqual(Object.keys(FIELD_LABELS).sort());
    expect(fieldValue(input, 'disciplinaryHistory')).toBe(false);
    expect(fieldValue(input, 'nominee.email')).toBe('minji@example.test');
    expect(fieldValue({ ...input, meritDetails: '' }, 'meritDetails')).toBeUndefined();
  });

  it('reconstructs the value after each round from the next round that changed it, or the value now', () => {
    const first = revisionOf(
      [
        { field: 'meritSummary', before: 'A', after: 'B' },
        { field: 'priorAwards', after: '2025 표창' },
      ],
      { round: 1, at: '2026-10-05T00:00:00Z', returnedAt: 'hq_review', note: '고쳤습니다' },
    );
    // Only the replaced values are stored.
    expect(first).toEqual({
      round: 1,
      at: '2026-10-05T00:00:00Z',
      returnedAt: 'hq_review',
      note: '고쳤습니다',
      changes: [{ field: 'meritSummary', before: 'A' }, { field: 'priorAwards' }],
    });
    const second = revisionOf([{ field: 'meritSummary', before: 'B', after: 'C' }], {
      round: 2,
      at: '2026-10-09T00:00:00Z',
      returnedAt: 'minister_approval',
    });
    const views = revisionViews(
      nomination({ meritSummary: 'C', priorAwards: '2025 표창', revisions: [first, second] }),
    );
    expect(views).toEqual([
      {
        round: 1,
        at: '2026-10-05T00:00:00Z',
        returnedAt: 'hq_review',
        note: '고쳤습니다',
        changes: [
          { field: 'meritSummary', before: 'A', after: 'B' },
          { field: 'priorAwards', after: '2025 표창' },
        ],
      },
      {
        round: 2,
        at: '2026-10-09T00:00:00Z',
        returnedAt: 'minister_approval',
        changes: [{ field: 'meritSummary', before: 'B', after: 'C' }],
      },
    ]);
    expect(revisionViews(nomination())).toEqual([]);
  });
});

describe('posted input', () => {
  it("keeps the nomination's cycle and center and leaves out fields that are not the nomination's", () => {
    expect(
      correctionInput(
        {
          cycle: '2023',
          centerId: 'busan',
          meritSummary: 'x',
          note: 'n',
          formToken: 't',
          step: 'confirm',
          preview: true,
        },
        input,
      ),
    ).toEqual({ cycle: '2026', centerId: 'seoul', meritSummary: 'x' });
    expect(correctionInput('garbage', input)).toEqual({ cycle: '2026', centerId: 'seoul' });
  });

  it('takes an optional note with the hygiene of reviewers comments', () => {
    expect(validateNote(undefined)).toEqual({});
    expect(validateNote(' \u200b ')).toEqual({});
    expect(validateNote('  근거를 붙였습니다\r\n둘째 줄 ')).toEqual({ note: '근거를 붙였습니다\n둘째 줄' });
    const errorOf = (raw: unknown) => {
      const result = validateNote(raw);
      return 'error' in result ? fieldMessage(result.error) : undefined;
    };
    expect(errorOf('가'.repeat(2001))).toBe('보완 의견은 2000자 이내로 입력해 주세요.');
    expect(errorOf('abc\u202Edef')).toContain('보완 의견에 쓸 수 없는 문자');
    expect(errorOf('주민번호 900101-1234567')).toContain(
      '보완 의견에 주민등록번호로 보이는 숫자가 있습니다.',
    );
    expect(errorOf(42)).toBe('보완 의견은 글자로 입력해 주세요.');
  });
});
