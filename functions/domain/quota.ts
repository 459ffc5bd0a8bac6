import type { Category, Cycle } from './cycle';
import type { Nomination, NomineeType } from './nomination';
import type { Decision, ReviewStage } from './stages';

/**
 * Award quotas of a cycle: per nominee type (e.g. 4 organisations, 32 individuals), and per
 * category where the cycle sets one. Each quota is a counter in the table, moved in the same
 * transaction as the minister's approval claim, so concurrent approvals can never pass it.
 */
export interface QuotaCounter {
  /** Stable key of the counter within the cycle: `individual` or `individual@job-matching`. */
  readonly key: string;
  readonly limit: number;
  readonly nomineeType: NomineeType;
  /** Set for a category's own quota. */
  readonly categoryId?: string;
  readonly categoryName?: string;
}

/** Only the minister's approval awards; every other decision leaves the quotas alone. */
export function countsAgainstQuota(stage: ReviewStage, decision: Decision): boolean {
  return stage === 'minister_approval' && decision === 'approve';
}

/** The counters an award of this nomination takes one of: the type's, and its category's if set. */
export function quotaCountersFor(
  cycle: Cycle,
  nomination: Pick<Nomination, 'nomineeType' | 'category'>,
): QuotaCounter[] {
  const type = nomination.nomineeType;
  const counters: QuotaCounter[] = [{ key: type, limit: cycle.quotas[type], nomineeType: type }];
  const categoryLimit = cycle.categories.find((category) => category.id === nomination.category)?.quotas?.[
    type
  ];
  if (categoryLimit !== undefined) {
    counters.push({
      key: `${type}@${nomination.category}`,
      limit: categoryLimit,
      nomineeType: type,
      categoryId: nomination.category,
    });
  }
  return counters;
}

/** Every counter the cycle has (for showing usage), in a stable order. */
export function allQuotaCounters(cycle: Cycle): QuotaCounter[] {
  const types: NomineeType[] = ['organization', 'individual'];
  return types.flatMap((type) => [
    { key: type, limit: cycle.quotas[type], nomineeType: type },
    ...cycle.categories.flatMap((category) => {
      const limit = category.quotas?.[type];
      return limit === undefined ? [] : [categoryCounter(type, category, limit)];
    }),
  ]);
}

function categoryCounter(type: NomineeType, category: Category, limit: number): QuotaCounter {
  return {
    key: `${type}@${category.id}`,
    limit,
    nomineeType: type,
    categoryId: category.id,
    categoryName: category.name,
  };
}

export interface QuotaUsage extends QuotaCounter {
  readonly awarded: number;
  readonly remaining: number;
}

export function quotaUsage(cycle: Cycle, awarded: Readonly<Record<string, number>>): QuotaUsage[] {
  return allQuotaCounters(cycle).map((counter) => {
    const count = awarded[counter.key] ?? 0;
    return { ...counter, awarded: count, remaining: Math.max(0, counter.limit - count) };
  });
}
