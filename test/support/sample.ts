/** The JSON body of DESIGN.md's contract: a valid individual nomination from the seoul center. */
export function sampleNomination(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    cycle: '2026',
    category: 'job-matching',
    nomineeType: 'individual',
    nominee: {
      name: '김민지',
      affiliation: '서울고용복지플러스센터',
      position: '주무관',
      email: 'minji.kim@example.test',
      serviceYears: 6,
    },
    meritPeriod: { from: '2026-01', to: '2026-10' },
    meritSummary: '청년 구직자 맞춤형 취업지원으로 취업률 20%p 향상',
    meritDetails: '1:1 심층상담과 기업 연계 채용행사를 운영하여 참여자 312명 중 187명 취업.',
    priorAwards: '-',
    disciplinaryHistory: false,
    consent: true,
    centerId: 'seoul',
    submitter: { name: '박서준', email: 'award.seoul@example.test' },
    ...overrides,
  };
}

/** The states an approved nomination passes through, in order (as GetExecutionHistory lists them). */
export const AWARDED_PATH = [
  'RecordSubmission',
  'CenterReview',
  'CenterDecision',
  'HQReview',
  'HQDecision',
  'MinisterApproval',
  'MinisterDecision',
  'IssueCertificate',
  'NotifyAwardee',
  'Awarded',
];
